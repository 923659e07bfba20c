"""quarterly written reports (季度书面报告)

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-05 18:00:00

Per project, year and quarter, the responsible unit's written report (进展情况, 存在问题, 下步打算), its due day and
where it stands in the office's review (draft, submitted, returned with a reason, accepted).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import tuijin.kernel.db

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "quarterly_reports",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("region_code", sa.String(length=6), nullable=False),
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("unit_id", sa.Uuid(), nullable=True, comment="the responsible unit when written"),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("quarter", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("progress", sa.Text(), nullable=False, comment="进展情况"),
        sa.Column("problems", sa.Text(), nullable=False, comment="存在问题"),
        sa.Column("next_steps", sa.Text(), nullable=False, comment="下步打算"),
        sa.Column("due_date", sa.Date(), nullable=False, comment="the quarter's due day under the region's policy"),
        sa.Column("submitted_at", tuijin.kernel.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("reviewed_at", tuijin.kernel.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("reviewed_by", sa.String(length=100), nullable=False),
        sa.Column("return_reason", sa.String(length=500), nullable=False, comment="reason of the latest return"),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", tuijin.kernel.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", tuijin.kernel.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("quarter >= 1 AND quarter <= 4", name=op.f("ck_quarterly_reports_quarter_range")),
        sa.ForeignKeyConstraint(
            ["project_id"], ["projects.id"], name=op.f("fk_quarterly_reports_project_id_projects"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quarterly_reports")),
        sa.UniqueConstraint("project_id", "year", "quarter", name=op.f("uq_quarterly_reports_project_id_year_quarter")),
    )
    with op.batch_alter_table("quarterly_reports", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_quarterly_reports_project_id"), ["project_id"], unique=False)
        batch_op.create_index(
            "ix_quarterly_reports_region_code_year_quarter", ["region_code", "year", "quarter"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("quarterly_reports", schema=None) as batch_op:
        batch_op.drop_index("ix_quarterly_reports_region_code_year_quarter")
        batch_op.drop_index(batch_op.f("ix_quarterly_reports_project_id"))

    op.drop_table("quarterly_reports")
