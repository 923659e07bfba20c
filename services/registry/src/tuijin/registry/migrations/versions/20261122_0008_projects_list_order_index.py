"""projects: an index in the list's order (code, id)

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-22 22:10:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_projects_code_id", "projects", ["code", "id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_projects_code_id", table_name="projects")
