"""year plans may carry a monthly investment plan (分月计划投资)

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-05 14:10:00

Twelve amounts (万元, text with their scale) adding up to the year's planned investment, or null: 序时进度 follows
the monthly plan where the office enters one, months ÷ 12 otherwise. Existing plans have none.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("year_plans", schema=None) as batch_op:
        batch_op.add_column(sa.Column("monthly_plan", sa.JSON(), nullable=True,
                                      comment="分月计划投资 (12 amounts, 万元), or null"))


def downgrade() -> None:
    with op.batch_alter_table("year_plans", schema=None) as batch_op:
        batch_op.drop_column("monthly_plan")
