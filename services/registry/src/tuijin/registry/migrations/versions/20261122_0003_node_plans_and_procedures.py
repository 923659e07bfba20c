"""node plans and procedures

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import tuijin.kernel.db

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "procedure_types",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("region_code", sa.String(length=6), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False, comment="machine code, e.g. eia, energy_review"),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("default_lead_unit_id", sa.Uuid(), nullable=True),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("description", sa.String(length=500), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", tuijin.kernel.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", tuijin.kernel.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["default_lead_unit_id"], ["units.id"], name=op.f("fk_procedure_types_default_lead_unit_id_units")
        ),
        sa.ForeignKeyConstraint(["region_code"], ["regions.code"], name=op.f("fk_procedure_types_region_code_regions")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_procedure_types")),
        sa.UniqueConstraint("region_code", "code", name=op.f("uq_procedure_types_region_code_code")),
        sa.UniqueConstraint("region_code", "name", name=op.f("uq_procedure_types_region_code_name")),
    )

    op.create_table(
        "milestones",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("region_code", sa.String(length=6), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("planned_date", sa.Date(), nullable=False),
        sa.Column("actual_date", sa.Date(), nullable=True),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("anchor_milestone_id", sa.Uuid(), nullable=True),
        sa.Column(
            "offset_working_days",
            sa.Integer(),
            nullable=True,
            comment="working days after (+) or before (-) the anchor",
        ),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.Column(
            "overdue_announced_at",
            tuijin.kernel.db.UTCDateTime(timezone=True),
            nullable=True,
            comment="when milestone.overdue was published (once per lateness)",
        ),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", tuijin.kernel.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", tuijin.kernel.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["anchor_milestone_id"],
            ["milestones.id"],
            name=op.f("fk_milestones_anchor_milestone_id_milestones"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"], ["projects.id"], name=op.f("fk_milestones_project_id_projects"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_milestones")),
        sa.UniqueConstraint("project_id", "name", name=op.f("uq_milestones_project_id_name")),
    )
    with op.batch_alter_table("milestones", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_milestones_project_id"), ["project_id"], unique=False)
        batch_op.create_index("ix_milestones_region_code_planned_date", ["region_code", "planned_date"], unique=False)

    op.create_table(
        "project_procedures",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("region_code", sa.String(length=6), nullable=False),
        sa.Column("procedure_type_id", sa.Uuid(), nullable=False),
        sa.Column("lead_unit_id", sa.Uuid(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("approval_number", sa.String(length=100), nullable=False, comment="批复文号"),
        sa.Column("approval_date", sa.Date(), nullable=True),
        sa.Column("status_reason", sa.String(length=500), nullable=False, comment="why not needed / reopened"),
        sa.Column("source", sa.String(length=24), nullable=False),
        sa.Column(
            "energy_use_tce",
            sa.Numeric(precision=18, scale=4),
            nullable=True,
            comment="annual energy use, tonnes of standard coal (节能审查)",
        ),
        sa.Column("note", sa.String(length=1000), nullable=False),
        sa.Column("overdue_announced_at", tuijin.kernel.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", tuijin.kernel.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", tuijin.kernel.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "energy_use_tce IS NULL OR energy_use_tce >= 0", name=op.f("ck_project_procedures_energy_use_not_negative")
        ),
        sa.ForeignKeyConstraint(["lead_unit_id"], ["units.id"], name=op.f("fk_project_procedures_lead_unit_id_units")),
        sa.ForeignKeyConstraint(
            ["procedure_type_id"],
            ["procedure_types.id"],
            name=op.f("fk_project_procedures_procedure_type_id_procedure_types"),
        ),
        sa.ForeignKeyConstraint(
            ["project_id"], ["projects.id"], name=op.f("fk_project_procedures_project_id_projects"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_procedures")),
        sa.UniqueConstraint(
            "project_id", "procedure_type_id", name=op.f("uq_project_procedures_project_id_procedure_type_id")
        ),
    )
    with op.batch_alter_table("project_procedures", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_project_procedures_lead_unit_id"), ["lead_unit_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_project_procedures_procedure_type_id"), ["procedure_type_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_project_procedures_project_id"), ["project_id"], unique=False)
        batch_op.create_index(
            "ix_project_procedures_region_code_status_deadline", ["region_code", "status", "deadline"], unique=False
        )

    op.create_table(
        "procedure_status_changes",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("procedure_id", sa.Uuid(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False, comment="1, 2, … per procedure: the order of the changes"),
        sa.Column("from_status", sa.String(length=20), nullable=True),
        sa.Column("to_status", sa.String(length=20), nullable=False),
        sa.Column("approval_number", sa.String(length=100), nullable=False),
        sa.Column("approval_date", sa.Date(), nullable=True),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("changed_by", sa.String(length=100), nullable=False),
        sa.Column("changed_at", tuijin.kernel.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["procedure_id"],
            ["project_procedures.id"],
            name=op.f("fk_procedure_status_changes_procedure_id_project_procedures"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_procedure_status_changes")),
        sa.UniqueConstraint("procedure_id", "seq", name=op.f("uq_procedure_status_changes_procedure_id_seq")),
    )


def downgrade() -> None:
    op.drop_table("procedure_status_changes")
    with op.batch_alter_table("project_procedures", schema=None) as batch_op:
        batch_op.drop_index("ix_project_procedures_region_code_status_deadline")
        batch_op.drop_index(batch_op.f("ix_project_procedures_project_id"))
        batch_op.drop_index(batch_op.f("ix_project_procedures_procedure_type_id"))
        batch_op.drop_index(batch_op.f("ix_project_procedures_lead_unit_id"))

    op.drop_table("project_procedures")
    with op.batch_alter_table("milestones", schema=None) as batch_op:
        batch_op.drop_index("ix_milestones_region_code_planned_date")
        batch_op.drop_index(batch_op.f("ix_milestones_project_id"))

    op.drop_table("milestones")
    op.drop_table("procedure_types")
