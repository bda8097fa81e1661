"""drop unused registrant indexes

Nothing queries registrants by occupation, state or prefecture (ranking and the registry tab
read the whole table), and the three indexes cost about 6% of a 100,000-row import.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21 11:07:42
"""
from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_INDEXES = {"ix_registrant_home_pref_code": "home_pref_code", "ix_registrant_occupation": "occupation",
            "ix_registrant_state": "state"}


def upgrade() -> None:
    for name in _INDEXES:
        op.drop_index(name, table_name="registrant")


def downgrade() -> None:
    for name, column in _INDEXES.items():
        op.create_index(name, "registrant", [column], unique=False)
