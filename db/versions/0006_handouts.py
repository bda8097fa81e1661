"""hand-outs: recipients, each hand-out and the postings it showed

Adds three tables; no existing table or row changes.

Revision ID: 0006
Revises: 0003
Create Date: 2026-11-30 23:15:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "recipient",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=256), nullable=False),
        sa.Column("scope", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recipient")),
        sa.UniqueConstraint("name", name=op.f("uq_recipient_name")),
    )
    op.create_table(
        "handout",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recipient_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("coordinator", sa.String(length=128), nullable=False),
        sa.Column("scope", sa.JSON(), nullable=False),
        sa.Column("since_mode", sa.String(length=16), nullable=False),
        sa.Column("since_date", sa.Date(), nullable=True),
        sa.Column("previous_id", sa.Integer(), nullable=True),
        sa.Column("contact", sa.Text(), nullable=False),
        sa.Column("headcount", sa.JSON(), nullable=False),
        sa.Column("file_name", sa.String(length=512), nullable=False),
        sa.Column("export_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["recipient_id"], ["recipient.id"], name=op.f("fk_handout_recipient_id_recipient")),
        sa.ForeignKeyConstraint(["previous_id"], ["handout.id"], name=op.f("fk_handout_previous_id_handout")),
        sa.ForeignKeyConstraint(["export_id"], ["export_record.id"],
                                name=op.f("fk_handout_export_id_export_record")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_handout")),
    )
    with op.batch_alter_table("handout", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_handout_recipient_id"), ["recipient_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_handout_at"), ["at"], unique=False)
    op.create_table(
        "handout_posting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("handout_id", sa.Integer(), nullable=False),
        sa.Column("posting_id", sa.Integer(), nullable=True),
        sa.Column("source_id", sa.String(length=64), nullable=False),
        sa.Column("section", sa.String(length=16), nullable=False),
        sa.Column("state", sa.JSON(), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["handout_id"], ["handout.id"], name=op.f("fk_handout_posting_handout_id_handout"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["posting_id"], ["posting.id"], name=op.f("fk_handout_posting_posting_id_posting")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_handout_posting")),
    )
    with op.batch_alter_table("handout_posting", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_handout_posting_handout_id"), ["handout_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_handout_posting_posting_id"), ["posting_id"], unique=False)


def downgrade() -> None:
    op.drop_table("handout_posting")
    op.drop_table("handout")
    op.drop_table("recipient")
