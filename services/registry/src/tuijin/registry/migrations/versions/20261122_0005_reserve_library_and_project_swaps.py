"""reserve library and project swaps

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import tuijin.kernel.db

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "reserve_entries",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("region_code", sa.String(length=6), nullable=False),
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("proposing_unit_id", sa.Uuid(), nullable=False),
        sa.Column("category", sa.String(length=24), nullable=False),
        sa.Column("planned_total", sa.Numeric(precision=18, scale=4), nullable=False, comment="计划总投资, 万元"),
        sa.Column("planned_first_year", sa.Numeric(precision=18, scale=4), nullable=False, comment="首年计划投资, 万元"),
        sa.Column("proposed_year", sa.Integer(), nullable=False, comment="year of the list it is proposed for"),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("promoted_year", sa.Integer(), nullable=True),
        sa.Column("promoted_to_stage", sa.String(length=24), nullable=True),
        sa.Column("override_reason", sa.String(length=500), nullable=False, comment="why promoted despite the check"),
        sa.Column("promoted_by", sa.String(length=100), nullable=False),
        sa.Column("promoted_at", tuijin.kernel.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", tuijin.kernel.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", tuijin.kernel.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "planned_first_year >= 0", name=op.f("ck_reserve_entries_planned_first_year_not_negative")
        ),
        sa.CheckConstraint("planned_total >= 0", name=op.f("ck_reserve_entries_planned_total_not_negative")),
        sa.ForeignKeyConstraint(["project_id"], ["projects.id"], name=op.f("fk_reserve_entries_project_id_projects")),
        sa.ForeignKeyConstraint(
            ["proposing_unit_id"], ["units.id"], name=op.f("fk_reserve_entries_proposing_unit_id_units")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reserve_entries")),
        sa.UniqueConstraint("project_id", "proposed_year", name=op.f("uq_reserve_entries_project_id_proposed_year")),
    )
    with op.batch_alter_table("reserve_entries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reserve_entries_project_id"), ["project_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_reserve_entries_proposing_unit_id"), ["proposing_unit_id"], unique=False)
        batch_op.create_index(
            "ix_reserve_entries_region_code_proposed_year", ["region_code", "proposed_year"], unique=False
        )

    op.create_table(
        "project_swaps",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("region_code", sa.String(length=6), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("out_project_id", sa.Uuid(), nullable=False),
        sa.Column("replacement_project_id", sa.Uuid(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False, comment="why the project cannot proceed"),
        sa.Column(
            "replacement_stage",
            sa.String(length=24),
            nullable=True,
            comment="stage a reserve replacement enters the list with",
        ),
        sa.Column("out_total_investment", sa.Numeric(precision=18, scale=4), nullable=False),
        sa.Column("out_planned_investment", sa.Numeric(precision=18, scale=4), nullable=False),
        sa.Column("replacement_total_investment", sa.Numeric(precision=18, scale=4), nullable=False),
        sa.Column("replacement_planned_investment", sa.Numeric(precision=18, scale=4), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("current_step", sa.String(length=32), nullable=True, comment="step waiting; null once closed"),
        sa.Column("requested_by", sa.String(length=100), nullable=False),
        sa.Column("closed_at", tuijin.kernel.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", tuijin.kernel.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", tuijin.kernel.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["out_project_id"], ["projects.id"], name=op.f("fk_project_swaps_out_project_id_projects")
        ),
        sa.ForeignKeyConstraint(
            ["replacement_project_id"], ["projects.id"], name=op.f("fk_project_swaps_replacement_project_id_projects")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_swaps")),
    )
    with op.batch_alter_table("project_swaps", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_project_swaps_out_project_id"), ["out_project_id"], unique=False)
        batch_op.create_index("ix_project_swaps_region_code_status", ["region_code", "status"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_project_swaps_replacement_project_id"), ["replacement_project_id"], unique=False
        )

    op.create_table(
        "project_swap_actions",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("swap_id", sa.Uuid(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("step", sa.String(length=32), nullable=True),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("actor_role", sa.String(length=16), nullable=False),
        sa.Column("actor_unit_id", sa.Uuid(), nullable=True),
        sa.Column("actor_person_id", sa.Uuid(), nullable=True),
        sa.Column("document_number", sa.String(length=100), nullable=False, comment="e.g. 栾发〔2026〕8号"),
        sa.Column("decided_on", sa.Date(), nullable=True, comment="date of the body's decision"),
        sa.Column("comment", sa.String(length=1000), nullable=False),
        sa.Column("recorded_at", tuijin.kernel.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["swap_id"], ["project_swaps.id"], name=op.f("fk_project_swap_actions_swap_id_project_swaps")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_swap_actions")),
        sa.UniqueConstraint("swap_id", "seq", name=op.f("uq_project_swap_actions_swap_id_seq")),
    )

    # 动态管理: a project moved out of the year's list keeps its plan, marked off the list
    with op.batch_alter_table("year_plans", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("in_list", sa.Boolean(), server_default=sa.true(), nullable=False, comment="on the year's list")
        )


def downgrade() -> None:
    with op.batch_alter_table("year_plans", schema=None) as batch_op:
        batch_op.drop_column("in_list")

    op.drop_table("project_swap_actions")
    with op.batch_alter_table("project_swaps", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_project_swaps_replacement_project_id"))
        batch_op.drop_index("ix_project_swaps_region_code_status")
        batch_op.drop_index(batch_op.f("ix_project_swaps_out_project_id"))
    op.drop_table("project_swaps")

    with op.batch_alter_table("reserve_entries", schema=None) as batch_op:
        batch_op.drop_index("ix_reserve_entries_region_code_proposed_year")
        batch_op.drop_index(batch_op.f("ix_reserve_entries_proposing_unit_id"))
        batch_op.drop_index(batch_op.f("ix_reserve_entries_project_id"))
    op.drop_table("reserve_entries")
