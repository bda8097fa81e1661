"""announce calls, notes, merges, registrant edits and saved mappings to colleagues' windows; team
grants for calls, notes and edits

Migration 0005 announced placement events, "calling now" and finished imports. A colleague's call
attempt (不在, call back at 15:00), a note, a merge or unmerge, an edit of a registrant and a saved
column mapping stayed invisible to the other windows until they were reopened. The same two
mechanisms carry them now: ``pg_notify('desk_changes', …)`` inside the writing transaction on
PostgreSQL, a ``desk_change`` row on SQLite.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 02:10:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_PG = """
CREATE OR REPLACE FUNCTION desk_notify_more() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE payload json;
BEGIN
  IF TG_TABLE_NAME = 'contact_event' THEN
    SELECT json_build_object('kind', 'contact', 'id', p.source_id, 'registrant', r.source_id)
      INTO payload
      FROM posting p, registrant r WHERE p.id = NEW.posting_id AND r.id = NEW.registrant_id;
  ELSIF TG_TABLE_NAME = 'registrant_edit' THEN
    SELECT json_build_object('kind', 'registrant', 'id', '', 'registrant', r.source_id)
      INTO payload
      FROM registrant r WHERE r.id = NEW.registrant_id;
  ELSIF TG_TABLE_NAME = 'person_merge' OR TG_TABLE_NAME = 'person_distinct' THEN
    payload := json_build_object('kind', 'persons', 'id', '');
  ELSE
    payload := json_build_object('kind', 'mapping', 'id', '');
  END IF;
  PERFORM pg_notify('desk_changes', payload::text);
  RETURN NULL;
END $$;

CREATE TRIGGER contact_event_notify AFTER INSERT ON contact_event
  FOR EACH ROW EXECUTE FUNCTION desk_notify_more();
CREATE TRIGGER registrant_edit_notify AFTER INSERT ON registrant_edit
  FOR EACH ROW EXECUTE FUNCTION desk_notify_more();
CREATE TRIGGER person_merge_notify AFTER INSERT OR UPDATE ON person_merge
  FOR EACH ROW EXECUTE FUNCTION desk_notify_more();
CREATE TRIGGER person_distinct_notify AFTER INSERT ON person_distinct
  FOR EACH ROW EXECUTE FUNCTION desk_notify_more();
CREATE TRIGGER column_mapping_notify AFTER INSERT OR UPDATE OR DELETE ON column_mapping
  FOR EACH STATEMENT EXECUTE FUNCTION desk_notify_more();
"""

_PG_TRIGGERS = (("contact_event_notify", "contact_event"), ("registrant_edit_notify", "registrant_edit"),
                ("person_merge_notify", "person_merge"), ("person_distinct_notify", "person_distinct"),
                ("column_mapping_notify", "column_mapping"))

_SQLITE = (
    """CREATE TRIGGER contact_event_change AFTER INSERT ON contact_event BEGIN
         INSERT INTO desk_change (kind, ref, at)
         SELECT 'contact', p.source_id, CURRENT_TIMESTAMP FROM posting p WHERE p.id = NEW.posting_id;
       END""",
    """CREATE TRIGGER registrant_edit_change AFTER INSERT ON registrant_edit BEGIN
         INSERT INTO desk_change (kind, ref, at) VALUES ('registrant', '', CURRENT_TIMESTAMP);
       END""",
    """CREATE TRIGGER person_merge_change AFTER INSERT ON person_merge BEGIN
         INSERT INTO desk_change (kind, ref, at) VALUES ('persons', '', CURRENT_TIMESTAMP);
       END""",
    """CREATE TRIGGER person_merge_undo_change AFTER UPDATE ON person_merge BEGIN
         INSERT INTO desk_change (kind, ref, at) VALUES ('persons', '', CURRENT_TIMESTAMP);
       END""",
    """CREATE TRIGGER person_distinct_change AFTER INSERT ON person_distinct BEGIN
         INSERT INTO desk_change (kind, ref, at) VALUES ('persons', '', CURRENT_TIMESTAMP);
       END""",
    """CREATE TRIGGER column_mapping_change AFTER INSERT ON column_mapping BEGIN
         INSERT INTO desk_change (kind, ref, at) VALUES ('mapping', '', CURRENT_TIMESTAMP);
       END""",
    """CREATE TRIGGER column_mapping_update_change AFTER UPDATE ON column_mapping BEGIN
         INSERT INTO desk_change (kind, ref, at) VALUES ('mapping', '', CURRENT_TIMESTAMP);
       END""",
)
_SQLITE_NAMES = ("contact_event_change", "registrant_edit_change", "person_merge_change",
                 "person_merge_undo_change", "person_distinct_change", "column_mapping_change",
                 "column_mapping_update_change")


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute(_PG)
        # Team mode: coordinators could not log a call attempt, a note or an edit (the
        # grants predate those tables). A database already set up for a team gets the grants now.
        if bind.execute(sa.text("SELECT 1 FROM pg_roles WHERE rolname = 'desk_coordinator'")).first():
            from desk.store.roles import grant_all

            grant_all(bind)
    elif bind.dialect.name == "sqlite":
        for statement in _SQLITE:
            op.execute(statement)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        for trigger, table in _PG_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {table}")
        op.execute("DROP FUNCTION IF EXISTS desk_notify_more()")
    elif bind.dialect.name == "sqlite":
        for name in _SQLITE_NAMES:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
