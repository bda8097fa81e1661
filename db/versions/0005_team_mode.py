"""team mode: logins' display names, "calling now", change feed, the database stamps who did it

- ``desk_user`` (login → display name), ``calling`` (who is phoning whom since when), ``desk_change``
  (SQLite: the change log other windows poll), ``placement_event.login``.
- PostgreSQL: triggers record the coordinator from ``session_user`` (team logins only: members of
  desk_viewer/desk_coordinator/desk_admin that are not superusers), refuse any UPDATE, DELETE or
  TRUNCATE of placement events (every role, owner included), let a coordinator undo only their own
  events, and send ``NOTIFY desk_changes`` with ``{"kind", "id"}`` inside the writing transaction.
- SQLite: triggers append to ``desk_change`` in the writing transaction.

Existing rows are kept; old events get an empty login.

Revision ID: 0005
Revises: 0006
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_PG_FUNCTIONS = r"""
CREATE OR REPLACE FUNCTION desk_team_login() RETURNS text LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN NOT COALESCE((SELECT rolsuper FROM pg_roles WHERE rolname = session_user), false)
               AND EXISTS (SELECT 1 FROM pg_roles r
                           WHERE r.rolname IN ('desk_viewer', 'desk_coordinator', 'desk_admin')
                             AND pg_has_role(session_user, r.oid, 'MEMBER'))
              THEN session_user::text END
$$;

CREATE OR REPLACE FUNCTION desk_is_admin(who text) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = 'desk_admin' AND pg_has_role(who, r.oid, 'MEMBER'))
$$;

CREATE OR REPLACE FUNCTION desk_display_name(who text) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT COALESCE((SELECT NULLIF(display_name, '') FROM desk_user WHERE login = who), who)
$$;

CREATE OR REPLACE FUNCTION desk_stamp_coordinator() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE me text := desk_team_login();
BEGIN
  IF me IS NOT NULL THEN
    NEW.coordinator := desk_display_name(me);
  END IF;
  RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION desk_stamp_login() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE me text := desk_team_login();
DECLARE owner text;
BEGIN
  IF me IS NULL THEN
    RETURN NEW;
  END IF;
  NEW.login := me;
  NEW.coordinator := desk_display_name(me);
  IF TG_TABLE_NAME <> 'placement_event' THEN  -- (PL/pgSQL does not short-circuit: test apart)
    RETURN NEW;
  END IF;
  IF NEW.undoes_event_id IS NOT NULL AND NOT desk_is_admin(me) THEN
    SELECT login INTO owner FROM placement_event WHERE id = NEW.undoes_event_id;
    IF owner IS DISTINCT FROM me THEN
      RAISE EXCEPTION 'you may undo only your own changes: event #% was made by %',
        NEW.undoes_event_id, COALESCE(NULLIF(desk_display_name(owner), ''), 'someone else')
        USING ERRCODE = '42501';
    END IF;
  END IF;
  RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION desk_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'placement events are append-only: % refused (undo appends a compensating event)', TG_OP
    USING ERRCODE = '42501';
END $$;

CREATE OR REPLACE FUNCTION desk_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE payload json;
BEGIN
  IF TG_TABLE_NAME = 'placement_event' THEN
    SELECT json_build_object('kind', 'placement', 'id', p.source_id, 'registrant', r.source_id, 'event', NEW.id)
      INTO payload
      FROM placement pl JOIN posting p ON p.id = pl.posting_id JOIN registrant r ON r.id = pl.registrant_id
     WHERE pl.id = NEW.placement_id;
  ELSIF TG_TABLE_NAME = 'calling' THEN
    SELECT json_build_object('kind', 'calling', 'id', p.source_id, 'registrant', r.source_id)
      INTO payload
      FROM posting p, registrant r WHERE p.id = NEW.posting_id AND r.id = NEW.registrant_id;
  ELSIF TG_TABLE_NAME = 'import_batch' THEN
    IF NEW.finished_at IS NULL THEN
      RETURN NULL;
    END IF;
    payload := json_build_object('kind', 'import', 'id', NEW.kind, 'batch', NEW.id);
  ELSE
    payload := json_build_object('kind', TG_TABLE_NAME, 'id', '');
  END IF;
  PERFORM pg_notify('desk_changes', payload::text);
  RETURN NULL;
END $$;

CREATE TRIGGER placement_event_stamp BEFORE INSERT ON placement_event
  FOR EACH ROW EXECUTE FUNCTION desk_stamp_login();
CREATE TRIGGER calling_stamp BEFORE INSERT OR UPDATE ON calling
  FOR EACH ROW EXECUTE FUNCTION desk_stamp_login();
CREATE TRIGGER export_record_stamp BEFORE INSERT ON export_record
  FOR EACH ROW EXECUTE FUNCTION desk_stamp_coordinator();
CREATE TRIGGER import_batch_stamp BEFORE INSERT ON import_batch
  FOR EACH ROW EXECUTE FUNCTION desk_stamp_coordinator();
CREATE TRIGGER placement_event_append_only BEFORE UPDATE OR DELETE ON placement_event
  FOR EACH ROW EXECUTE FUNCTION desk_append_only();
CREATE TRIGGER placement_event_no_truncate BEFORE TRUNCATE ON placement_event
  FOR EACH STATEMENT EXECUTE FUNCTION desk_append_only();
CREATE TRIGGER placement_event_notify AFTER INSERT ON placement_event
  FOR EACH ROW EXECUTE FUNCTION desk_notify_change();
CREATE TRIGGER calling_notify AFTER INSERT OR UPDATE ON calling
  FOR EACH ROW EXECUTE FUNCTION desk_notify_change();
CREATE TRIGGER import_batch_notify AFTER INSERT OR UPDATE ON import_batch
  FOR EACH ROW EXECUTE FUNCTION desk_notify_change();
CREATE TRIGGER desk_user_notify AFTER INSERT OR UPDATE OR DELETE ON desk_user
  FOR EACH STATEMENT EXECUTE FUNCTION desk_notify_change();
"""

_SQLITE_TRIGGERS = (
    """CREATE TRIGGER placement_event_change AFTER INSERT ON placement_event BEGIN
         INSERT INTO desk_change (kind, ref, at)
         SELECT 'placement', p.source_id, CURRENT_TIMESTAMP FROM placement pl JOIN posting p ON p.id = pl.posting_id
          WHERE pl.id = NEW.placement_id;
       END""",
    """CREATE TRIGGER calling_change AFTER INSERT ON calling BEGIN
         INSERT INTO desk_change (kind, ref, at)
         SELECT 'calling', p.source_id, CURRENT_TIMESTAMP FROM posting p WHERE p.id = NEW.posting_id;
       END""",
    """CREATE TRIGGER import_batch_change AFTER UPDATE OF finished_at ON import_batch
       WHEN NEW.finished_at IS NOT NULL BEGIN
         INSERT INTO desk_change (kind, ref, at) VALUES ('import', NEW.kind, CURRENT_TIMESTAMP);
       END""",
    """CREATE TRIGGER placement_event_no_update BEFORE UPDATE ON placement_event BEGIN
         SELECT RAISE(ABORT, 'placement events are append-only: UPDATE refused');
       END""",
    """CREATE TRIGGER placement_event_no_delete BEFORE DELETE ON placement_event BEGIN
         SELECT RAISE(ABORT, 'placement events are append-only: DELETE refused');
       END""",
)


def upgrade() -> None:
    op.create_table(
        "desk_user",
        sa.Column("login", sa.String(128), nullable=False),
        sa.Column("display_name", sa.String(128), nullable=False, server_default=""),
        sa.Column("role", sa.String(16), nullable=False, server_default="coordinator"),
        sa.PrimaryKeyConstraint("login", name=op.f("pk_desk_user")),
    )
    op.create_table(
        "desk_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("ref", sa.String(64), nullable=False, server_default=""),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_desk_change")),
    )
    op.create_table(
        "calling",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("posting_id", sa.Integer(), nullable=False),
        sa.Column("registrant_id", sa.Integer(), nullable=False),
        sa.Column("coordinator", sa.String(128), nullable=False),
        sa.Column("login", sa.String(128), nullable=False, server_default=""),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["posting_id"], ["posting.id"], name=op.f("fk_calling_posting_id_posting"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["registrant_id"], ["registrant.id"],
                                name=op.f("fk_calling_registrant_id_registrant"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calling")),
    )
    op.create_index(op.f("ix_calling_posting_id"), "calling", ["posting_id"])
    op.create_index(op.f("ix_calling_registrant_id"), "calling", ["registrant_id"])
    op.create_index(op.f("ix_calling_started_at"), "calling", ["started_at"])
    with op.batch_alter_table("placement_event") as batch:
        batch.add_column(sa.Column("login", sa.String(128), nullable=False, server_default=""))
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute(_PG_FUNCTIONS)
    elif bind.dialect.name == "sqlite":
        for statement in _SQLITE_TRIGGERS:
            op.execute(statement)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        for trigger, table in (("placement_event_stamp", "placement_event"), ("calling_stamp", "calling"),
                               ("export_record_stamp", "export_record"), ("import_batch_stamp", "import_batch"),
                               ("placement_event_append_only", "placement_event"),
                               ("placement_event_no_truncate", "placement_event"),
                               ("placement_event_notify", "placement_event"), ("calling_notify", "calling"),
                               ("import_batch_notify", "import_batch"), ("desk_user_notify", "desk_user")):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {table}")
        for fn in ("desk_notify_change", "desk_append_only", "desk_stamp_login", "desk_stamp_coordinator",
                   "desk_display_name(text)", "desk_is_admin(text)", "desk_team_login"):
            op.execute(f"DROP FUNCTION IF EXISTS {fn}")
    elif bind.dialect.name == "sqlite":
        for name in ("placement_event_change", "calling_change", "import_batch_change",
                     "placement_event_no_update", "placement_event_no_delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    with op.batch_alter_table("placement_event") as batch:
        batch.drop_column("login")
    op.drop_table("calling")
    op.drop_table("desk_change")
    op.drop_table("desk_user")
