"""list imports and statistics

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import tuijin.kernel.db

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "list_imports",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("region_code", sa.String(length=6), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("file_sha256", sa.String(length=64), nullable=False),
        sa.Column("row_count", sa.Integer(), nullable=False),
        sa.Column("created_count", sa.Integer(), nullable=False),
        sa.Column("updated_count", sa.Integer(), nullable=False),
        sa.Column("results", sa.JSON(), nullable=False),
        sa.Column("imported_by", sa.String(length=100), nullable=False),
        sa.Column("imported_at", tuijin.kernel.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["region_code"], ["regions.code"], name=op.f("fk_list_imports_region_code_regions")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_list_imports")),
    )
    with op.batch_alter_table("list_imports", schema=None) as batch_op:
        batch_op.create_index(
            "ix_list_imports_region_code_year_imported_at", ["region_code", "year", "imported_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("list_imports", schema=None) as batch_op:
        batch_op.drop_index("ix_list_imports_region_code_year_imported_at")
    op.drop_table("list_imports")
