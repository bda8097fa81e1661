"""registrant sources, licence numbers, persons (merges) and dismissed duplicate pairs

登録ID is unique within a source (registry), not across sources: existing registrants move to
the default source without loss. ``person_id`` ties merged registrants to one person (NULL: the
registrant is its own person). Merges are events (``person_merge``) that an unmerge undoes
exactly; ``person_distinct`` remembers pairs a coordinator said are not the same person.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30 23:10:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("registrant", schema=None) as batch_op:
        batch_op.add_column(sa.Column("source", sa.String(64), nullable=False, server_default="default"))
        batch_op.add_column(sa.Column("licence_no", sa.String(32), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("person_id", sa.Integer(), nullable=True))
        batch_op.drop_constraint("uq_registrant_source_id", type_="unique")
        batch_op.create_unique_constraint("uq_registrant_source", ["source", "source_id"])
        batch_op.create_index("ix_registrant_person_id", ["person_id"], unique=False)
    op.create_table(
        "person_merge",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("merged_id", sa.Integer(), nullable=False),
        sa.Column("moved", sa.JSON(), nullable=False),
        sa.Column("kept_before", sa.JSON(), nullable=False),
        sa.Column("kept_after", sa.JSON(), nullable=False),
        sa.Column("coordinator", sa.String(128), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("undone_at", sa.DateTime(), nullable=True),
        sa.Column("undone_by", sa.String(128), nullable=False, server_default=""),
        sa.ForeignKeyConstraint(["person_id"], ["registrant.id"], name=op.f("fk_person_merge_person_id_registrant")),
        sa.ForeignKeyConstraint(["merged_id"], ["registrant.id"], name=op.f("fk_person_merge_merged_id_registrant")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_merge")),
    )
    op.create_index("ix_person_merge_person_id", "person_merge", ["person_id"], unique=False)
    op.create_table(
        "person_distinct",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("a_id", sa.Integer(), nullable=False),
        sa.Column("b_id", sa.Integer(), nullable=False),
        sa.Column("coordinator", sa.String(128), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["a_id"], ["registrant.id"], name=op.f("fk_person_distinct_a_id_registrant")),
        sa.ForeignKeyConstraint(["b_id"], ["registrant.id"], name=op.f("fk_person_distinct_b_id_registrant")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_distinct")),
        sa.UniqueConstraint("a_id", "b_id", name=op.f("uq_person_distinct_a_id")),
    )


def downgrade() -> None:
    op.drop_table("person_distinct")
    op.drop_index("ix_person_merge_person_id", table_name="person_merge")
    op.drop_table("person_merge")
    with op.batch_alter_table("registrant", schema=None) as batch_op:
        batch_op.drop_index("ix_registrant_person_id")
        batch_op.drop_constraint("uq_registrant_source", type_="unique")
        batch_op.create_unique_constraint("uq_registrant_source_id", ["source_id"])
        batch_op.drop_column("person_id")
        batch_op.drop_column("licence_no")
        batch_op.drop_column("source")
