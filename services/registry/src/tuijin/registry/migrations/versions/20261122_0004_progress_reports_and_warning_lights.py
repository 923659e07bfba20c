"""progress reports and warning lights

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import tuijin.kernel.db

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "progress_reports",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("region_code", sa.String(length=6), nullable=False),
        sa.Column("period_kind", sa.String(length=10), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False, comment="year the period counts towards (ISO year for weeks)"),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column(
            "investment_completed", sa.Numeric(precision=18, scale=4), nullable=False, comment="本期完成投资, 万元"
        ),
        sa.Column("funds_in_place", sa.Numeric(precision=18, scale=4), nullable=False, comment="本期到位资金, 万元"),
        sa.Column("physical_progress", sa.Text(), nullable=False, comment="形象进度"),
        sa.Column("physical_percent", sa.Numeric(precision=5, scale=2), nullable=True, comment="形象进度 %"),
        sa.Column("demolition_progress", sa.Text(), nullable=False, comment="征迁进展"),
        sa.Column("problems", sa.Text(), nullable=False, comment="存在问题"),
        sa.Column("measures", sa.Text(), nullable=False, comment="采取措施"),
        sa.Column("photos", sa.JSON(), nullable=False, comment="file references"),
        sa.Column(
            "due_at",
            tuijin.kernel.db.UTCDateTime(timezone=True),
            nullable=False,
            comment="due instant; fixed at the first submission",
        ),
        sa.Column("verify_by_at", tuijin.kernel.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("first_submitted_at", tuijin.kernel.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("submitted_at", tuijin.kernel.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("verified_at", tuijin.kernel.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("return_reason", sa.String(length=500), nullable=False, comment="reason of the latest return"),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", tuijin.kernel.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", tuijin.kernel.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("funds_in_place >= 0", name=op.f("ck_progress_reports_funds_in_place_not_negative")),
        sa.CheckConstraint(
            "investment_completed >= 0", name=op.f("ck_progress_reports_investment_completed_not_negative")
        ),
        sa.CheckConstraint("period_end >= period_start", name=op.f("ck_progress_reports_period_ordered")),
        sa.CheckConstraint(
            "physical_percent IS NULL OR (physical_percent >= 0 AND physical_percent <= 100)",
            name=op.f("ck_progress_reports_physical_percent_range"),
        ),
        sa.ForeignKeyConstraint(
            ["project_id"], ["projects.id"], name=op.f("fk_progress_reports_project_id_projects"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_progress_reports")),
        sa.UniqueConstraint(
            "project_id",
            "period_kind",
            "period_start",
            name=op.f("uq_progress_reports_project_id_period_kind_period_start"),
        ),
    )
    with op.batch_alter_table("progress_reports", schema=None) as batch_op:
        batch_op.create_index(
            "ix_progress_reports_region_code_period_start", ["region_code", "period_start"], unique=False
        )

    op.create_table(
        "progress_report_steps",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("report_id", sa.Uuid(), nullable=False),
        sa.Column(
            "seq", sa.Integer(), nullable=False, comment="the report's version the step produced; orders the steps"
        ),
        sa.Column("action", sa.String(length=12), nullable=False),
        sa.Column("from_status", sa.String(length=12), nullable=True),
        sa.Column("to_status", sa.String(length=12), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("actor_unit_id", sa.Uuid(), nullable=True),
        sa.Column("at", tuijin.kernel.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["progress_reports.id"],
            name=op.f("fk_progress_report_steps_report_id_progress_reports"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_progress_report_steps")),
        sa.UniqueConstraint("report_id", "seq", name=op.f("uq_progress_report_steps_report_id_seq")),
    )

    op.create_table(
        "report_overdue_marks",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("region_code", sa.String(length=6), nullable=False),
        sa.Column("period_kind", sa.String(length=10), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("due_at", tuijin.kernel.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("marked_at", tuijin.kernel.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_report_overdue_marks_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_overdue_marks")),
        sa.UniqueConstraint(
            "project_id",
            "period_kind",
            "period_start",
            name=op.f("uq_report_overdue_marks_project_id_period_kind_period_start"),
        ),
    )
    with op.batch_alter_table("report_overdue_marks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_report_overdue_marks_region_code"), ["region_code"], unique=False)

    op.create_table(
        "warning_lights",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("region_code", sa.String(length=6), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("colour", sa.String(length=8), nullable=False),
        sa.Column("reason_code", sa.String(length=40), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("computed_at", tuijin.kernel.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column(
            "changed_at",
            tuijin.kernel.db.UTCDateTime(timezone=True),
            nullable=False,
            comment="when the colour last changed",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"], ["projects.id"], name=op.f("fk_warning_lights_project_id_projects"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_warning_lights")),
        sa.UniqueConstraint("project_id", "kind", name=op.f("uq_warning_lights_project_id_kind")),
    )
    with op.batch_alter_table("warning_lights", schema=None) as batch_op:
        batch_op.create_index("ix_warning_lights_region_code_colour", ["region_code", "colour"], unique=False)

    op.create_table(
        "warning_light_changes",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("region_code", sa.String(length=6), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("from_colour", sa.String(length=8), nullable=True),
        sa.Column("to_colour", sa.String(length=8), nullable=False),
        sa.Column("reason_code", sa.String(length=40), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("changed_at", tuijin.kernel.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_warning_light_changes_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_warning_light_changes")),
    )
    with op.batch_alter_table("warning_light_changes", schema=None) as batch_op:
        batch_op.create_index(
            "ix_warning_light_changes_project_id_changed_at", ["project_id", "changed_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("warning_light_changes", schema=None) as batch_op:
        batch_op.drop_index("ix_warning_light_changes_project_id_changed_at")

    op.drop_table("warning_light_changes")
    with op.batch_alter_table("warning_lights", schema=None) as batch_op:
        batch_op.drop_index("ix_warning_lights_region_code_colour")

    op.drop_table("warning_lights")
    with op.batch_alter_table("report_overdue_marks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_report_overdue_marks_region_code"))

    op.drop_table("report_overdue_marks")
    op.drop_table("progress_report_steps")
    with op.batch_alter_table("progress_reports", schema=None) as batch_op:
        batch_op.drop_index("ix_progress_reports_region_code_period_start")

    op.drop_table("progress_reports")
