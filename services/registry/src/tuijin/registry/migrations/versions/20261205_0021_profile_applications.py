"""region profile applications (区域配置模板的应用记录)

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-05 20:30:00

Each application of a region profile to a region and year: the profile's code and version, the registry's policies
it changed and those already so, the event that asked the other services for their parts, who applied it and when.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import tuijin.kernel.db

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "profile_applications",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("region_code", sa.String(length=6), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("profile", sa.String(length=40), nullable=False, comment="the profile's code, e.g. huiji-2022"),
        sa.Column("version", sa.Integer(), nullable=False, comment="the profile's version applied"),
        sa.Column("changed", sa.JSON(), nullable=False, comment="the registry's policies the application wrote"),
        sa.Column("unchanged", sa.JSON(), nullable=False, comment="the registry's policies that were already so"),
        sa.Column("event", sa.String(length=60), nullable=False,
                  comment="the event that asked the other services for their parts"),
        sa.Column("applied_by", sa.String(length=100), nullable=False),
        sa.Column("applied_at", tuijin.kernel.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_profile_applications")),
    )
    with op.batch_alter_table("profile_applications", schema=None) as batch_op:
        batch_op.create_index("ix_profile_applications_region_code_year", ["region_code", "year"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("profile_applications", schema=None) as batch_op:
        batch_op.drop_index("ix_profile_applications_region_code_year")

    op.drop_table("profile_applications")
