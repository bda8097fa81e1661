"""change counters in commit order: registrant.change_no, registrant_change, desk_counter

The caches of the registry (the ranking's index, the global search's index, the plan) were reused
while (count, max(id), max(changed_at)) was unchanged. changed_at comes from the writing
workstation's clock, and serial ids are handed out at insert, not at commit: an edit from a clock
running behind, or on PostgreSQL a transaction that took its id first and committed last, left the
stamp unchanged and a colleague's ranking stale. Now:

- ``desk_counter`` (name, value): ``registrant`` is bumped by every registrant write just before it
  commits (desk.store.change_counter), ``placement`` by triggers on placement, placement_slot and
  placement_event (PostgreSQL: one per statement; SQLite: per row). The row lock a bump takes is held
  until commit, so the values follow commit order on PostgreSQL; SQLite has one writer. A bump
  moves a counter to one more, or to the database clock's microseconds when higher: a counter
  started again (a restored backup, this migration undone and redone) never meets an old value.
- ``registrant_change`` (id, commit_no): one row per writing transaction; its rows carry the id as
  ``registrant.change_no`` (indexed), ``commit_no`` is the counter value it committed with. "Rows
  changed since N" = change_no in the changes with commit_no > N: exact.
- Team mode: coordinators may bump the counters and number their edits (desk.store.roles).
- ``ix_registrant_changed_at`` is dropped (nothing compares changed_at any more; the new index on
  change_no costs an import what that one did).

Existing rows are kept (change_no empty: older than any counted change).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 10:30:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: (trigger, table, events) counted on the placement counter.
_COUNTED = (("placement_count", "placement", "INSERT OR UPDATE OR DELETE"),
            ("placement_slot_count", "placement_slot", "INSERT OR UPDATE OR DELETE"),
            ("placement_event_count", "placement_event", "INSERT"))

_PG_FUNCTION = """
CREATE OR REPLACE FUNCTION desk_count_placement() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO desk_counter (name, value) VALUES ('placement', (extract(epoch from clock_timestamp()) * 1000000)::bigint)
    ON CONFLICT (name) DO UPDATE SET value = GREATEST(desk_counter.value + 1, EXCLUDED.value);
  RETURN NULL;
END $$;
"""

#: SQLite: a row may be missing in a file made from the schema snapshot (no data in it).
_SQLITE_BODY = ("INSERT OR IGNORE INTO desk_counter (name, value) VALUES ('placement', 0); "
                "UPDATE desk_counter SET value = MAX(value + 1, "
                "CAST((julianday('now') - 2440587.5) * 86400000000 AS INTEGER)) WHERE name = 'placement';")


def upgrade() -> None:
    op.create_table(
        "desk_counter",
        sa.Column("name", sa.String(32), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_desk_counter")),
    )
    op.create_table(
        "registrant_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("commit_no", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registrant_change")),
    )
    op.create_index(op.f("ix_registrant_change_commit_no"), "registrant_change", ["commit_no"])
    op.execute("INSERT INTO desk_counter (name, value) VALUES ('registrant', 0), ('placement', 0)")
    with op.batch_alter_table("registrant") as batch:
        batch.add_column(sa.Column("change_no", sa.Integer(), nullable=True))
        batch.create_index(op.f("ix_registrant_change_no"), ["change_no"])
        batch.drop_index("ix_registrant_changed_at")
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute(_PG_FUNCTION)
        for trigger, table, events in _COUNTED:
            op.execute(f"CREATE TRIGGER {trigger} AFTER {events} ON {table} "
                       "FOR EACH STATEMENT EXECUTE FUNCTION desk_count_placement()")
        # Team mode: coordinators bump the counters when they edit a registrant or log a placement.
        if bind.execute(sa.text("SELECT 1 FROM pg_roles WHERE rolname = 'desk_coordinator'")).first():
            from desk.store.roles import grant_all

            grant_all(bind)
    elif bind.dialect.name == "sqlite":
        for trigger, table, events in _COUNTED:
            for event in events.split(" OR "):
                op.execute(f"CREATE TRIGGER {trigger}_{event.lower()} AFTER {event} ON {table} "
                           f"BEGIN {_SQLITE_BODY} END")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        for trigger, table, _events in _COUNTED:
            op.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {table}")
        op.execute("DROP FUNCTION IF EXISTS desk_count_placement()")
    elif bind.dialect.name == "sqlite":
        for trigger, _table, events in _COUNTED:
            for event in events.split(" OR "):
                op.execute(f"DROP TRIGGER IF EXISTS {trigger}_{event.lower()}")
    with op.batch_alter_table("registrant") as batch:
        batch.create_index("ix_registrant_changed_at", ["changed_at"])
        batch.drop_index(op.f("ix_registrant_change_no"))
        batch.drop_column("change_no")
    op.drop_index(op.f("ix_registrant_change_commit_no"), table_name="registrant_change")
    op.drop_table("registrant_change")
    op.drop_table("desk_counter")
