"""calls: override reasons on placement events, call attempts and notes, re-contact items,
registrant edits

Revision ID: 0004
Revises: 0005
Create Date: 2026-11-30 23:15:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("placement_event") as batch:
        batch.add_column(sa.Column("override_reason", sa.Text(), nullable=False, server_default=""))
    op.create_table(
        "contact_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("posting_id", sa.Integer(), nullable=False),
        sa.Column("registrant_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("callback_at", sa.DateTime(), nullable=True),
        sa.Column("coordinator", sa.String(length=128), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["posting_id"], ["posting.id"], name=op.f("fk_contact_event_posting_id_posting"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["registrant_id"], ["registrant.id"],
                                name=op.f("fk_contact_event_registrant_id_registrant"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact_event")),
    )
    op.create_index("ix_contact_event_pair", "contact_event", ["posting_id", "registrant_id"])
    op.create_index(op.f("ix_contact_event_registrant_id"), "contact_event", ["registrant_id"])
    op.create_index(op.f("ix_contact_event_callback_at"), "contact_event", ["callback_at"])
    op.create_index(op.f("ix_contact_event_at"), "contact_event", ["at"])
    op.create_table(
        "recontact",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("placement_id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=True),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("what", sa.Text(), nullable=False),
        sa.Column("after_event_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["placement_id"], ["placement.id"], name=op.f("fk_recontact_placement_id_placement"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["batch_id"], ["import_batch.id"], name=op.f("fk_recontact_batch_id_import_batch")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recontact")),
    )
    op.create_index(op.f("ix_recontact_placement_id"), "recontact", ["placement_id"])
    op.create_table(
        "registrant_edit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("registrant_id", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(length=32), nullable=False),
        sa.Column("old_value", sa.Text(), nullable=False),
        sa.Column("new_value", sa.Text(), nullable=False),
        sa.Column("coordinator", sa.String(length=128), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["registrant_id"], ["registrant.id"],
                                name=op.f("fk_registrant_edit_registrant_id_registrant"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registrant_edit")),
    )
    op.create_index(op.f("ix_registrant_edit_registrant_id"), "registrant_edit", ["registrant_id"])


def downgrade() -> None:
    op.drop_table("registrant_edit")
    op.drop_table("recontact")
    op.drop_table("contact_event")
    with op.batch_alter_table("placement_event") as batch:
        batch.drop_column("override_reason")
