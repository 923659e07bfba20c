"""dispatches (调度) of key projects

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-05 20:30:00

Per project, each dispatch (调度) the office or the responsible unit records: the day, who dispatched, what was
found, what was decided and the next step, with the project's stage on the day. The region's cadence by stage is
the ``dispatch_cadence`` policy (no table of its own).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import tuijin.kernel.db

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "dispatches",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("region_code", sa.String(length=6), nullable=False),
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("unit_id", sa.Uuid(), nullable=True, comment="the unit that recorded it"),
        sa.Column("stage", sa.String(length=24), nullable=False, comment="the project's stage on the day"),
        sa.Column("dispatched_on", sa.Date(), nullable=False, comment="business date of the dispatch"),
        sa.Column("dispatched_by", sa.String(length=100), nullable=False,
                  comment="调度人: who dispatched (name, post)"),
        sa.Column("findings", sa.Text(), nullable=False, comment="发现的情况和问题"),
        sa.Column("decisions", sa.Text(), nullable=False, comment="调度意见 / 决定"),
        sa.Column("next_steps", sa.Text(), nullable=False, comment="下步工作"),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", tuijin.kernel.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", tuijin.kernel.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"], ["projects.id"], name=op.f("fk_dispatches_project_id_projects"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dispatches")),
    )
    with op.batch_alter_table("dispatches", schema=None) as batch_op:
        batch_op.create_index("ix_dispatches_project_id_dispatched_on", ["project_id", "dispatched_on"], unique=False)
        batch_op.create_index("ix_dispatches_region_code_dispatched_on", ["region_code", "dispatched_on"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("dispatches", schema=None) as batch_op:
        batch_op.drop_index("ix_dispatches_region_code_dispatched_on")
        batch_op.drop_index("ix_dispatches_project_id_dispatched_on")

    op.drop_table("dispatches")
