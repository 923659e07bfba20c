"""procedure types' approval level (审批层级)

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-05 20:40:00

Each procedure type of a region's catalogue gets the level that approves it (county, city, province, national;
existing types: county), so that 栾川's "5月底前县内手续办理完毕" can be checked. The poverty-alleviation flag of
projects (扶贫项目) that the procedure deadlines also read is ``projects.is_poverty_alleviation`` (revision 0002).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0024"
down_revision: str | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("procedure_types", schema=None) as batch_op:
        batch_op.add_column(sa.Column(
            "approval_level", sa.String(length=12), server_default="county", nullable=False,
            comment="审批层级: county, city, province, national",
        ))


def downgrade() -> None:
    with op.batch_alter_table("procedure_types", schema=None) as batch_op:
        batch_op.drop_column("approval_level")
