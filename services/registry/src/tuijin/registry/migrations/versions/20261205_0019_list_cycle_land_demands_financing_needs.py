"""the yearly list cycle (年度项目清单编制), the land demand list (用地需求清单), the financing needs list (融资需求清单)

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-05 16:42:50

A region's cycle per target year with its six steps (due day, status, who approved each and when); per project and
year, the land it needs (亩, kind, in the plan, needed by) and the financing it seeks (万元, channel, status).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import tuijin.kernel.db

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "list_cycles",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("region_code", sa.String(length=6), nullable=False),
        sa.Column("target_year", sa.Integer(), nullable=False, comment="year of the list the cycle builds"),
        sa.Column("opened_by", sa.String(length=100), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", tuijin.kernel.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", tuijin.kernel.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["region_code"], ["regions.code"], name=op.f("fk_list_cycles_region_code_regions")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_list_cycles")),
        sa.UniqueConstraint("region_code", "target_year", name=op.f("uq_list_cycles_region_code_target_year")),
    )
    with op.batch_alter_table("list_cycles", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_list_cycles_region_code"), ["region_code"], unique=False)

    op.create_table(
        "list_cycle_steps",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("cycle_id", sa.Uuid(), nullable=False),
        sa.Column("region_code", sa.String(length=6), nullable=False),
        sa.Column("step", sa.String(length=24), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False, comment="the step's place in the cycle, 1…"),
        sa.Column("due_date", sa.Date(), nullable=False, comment="as the policy sets it (before moving off a holiday)"),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("approved_by", sa.String(length=100), nullable=False, comment="who approved it (a person or body)"),
        sa.Column("approved_on", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.String(length=100), nullable=False),
        sa.Column("recorded_at", tuijin.kernel.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["cycle_id"], ["list_cycles.id"], name=op.f("fk_list_cycle_steps_cycle_id_list_cycles"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_list_cycle_steps")),
        sa.UniqueConstraint("cycle_id", "step", name=op.f("uq_list_cycle_steps_cycle_id_step")),
    )
    with op.batch_alter_table("list_cycle_steps", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_list_cycle_steps_cycle_id"), ["cycle_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_list_cycle_steps_region_code"), ["region_code"], unique=False)

    op.create_table(
        "financing_needs",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("region_code", sa.String(length=6), nullable=False),
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("amount", sa.Numeric(precision=15, scale=4), nullable=False, comment="融资需求, 万元"),
        sa.Column("channel", sa.String(length=24), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", tuijin.kernel.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", tuijin.kernel.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("amount > 0", name=op.f("ck_financing_needs_amount_positive")),
        sa.ForeignKeyConstraint(
            ["project_id"], ["projects.id"], name=op.f("fk_financing_needs_project_id_projects"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_financing_needs")),
        sa.UniqueConstraint("project_id", "year", "channel", name=op.f("uq_financing_needs_project_id_year_channel")),
    )
    with op.batch_alter_table("financing_needs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_financing_needs_project_id"), ["project_id"], unique=False)
        batch_op.create_index("ix_financing_needs_region_code_year", ["region_code", "year"], unique=False)

    op.create_table(
        "land_demands",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("region_code", sa.String(length=6), nullable=False),
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("area_mu", sa.Numeric(precision=15, scale=4), nullable=False, comment="用地面积, 亩"),
        sa.Column("land_kind", sa.String(length=24), nullable=False),
        sa.Column("in_plan", sa.Boolean(), nullable=False, comment="纳入土地利用年度计划"),
        sa.Column("needed_by", sa.Date(), nullable=True, comment="需用地时间"),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", tuijin.kernel.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", tuijin.kernel.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("area_mu > 0", name=op.f("ck_land_demands_area_mu_positive")),
        sa.ForeignKeyConstraint(
            ["project_id"], ["projects.id"], name=op.f("fk_land_demands_project_id_projects"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_land_demands")),
        sa.UniqueConstraint("project_id", "year", "land_kind", name=op.f("uq_land_demands_project_id_year_land_kind")),
    )
    with op.batch_alter_table("land_demands", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_land_demands_project_id"), ["project_id"], unique=False)
        batch_op.create_index("ix_land_demands_region_code_year", ["region_code", "year"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("land_demands", schema=None) as batch_op:
        batch_op.drop_index("ix_land_demands_region_code_year")
        batch_op.drop_index(batch_op.f("ix_land_demands_project_id"))

    op.drop_table("land_demands")
    with op.batch_alter_table("financing_needs", schema=None) as batch_op:
        batch_op.drop_index("ix_financing_needs_region_code_year")
        batch_op.drop_index(batch_op.f("ix_financing_needs_project_id"))

    op.drop_table("financing_needs")
    with op.batch_alter_table("list_cycle_steps", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_list_cycle_steps_region_code"))
        batch_op.drop_index(batch_op.f("ix_list_cycle_steps_cycle_id"))

    op.drop_table("list_cycle_steps")
    with op.batch_alter_table("list_cycles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_list_cycles_region_code"))

    op.drop_table("list_cycles")
