"""a swap keeps the approval chain it was requested under

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-05 20:20:00

The approval chain of a swap (动态管理) is the region's ``swap_chain`` policy, no longer fixed in code; each request
stores the chain in effect when it was made (its steps, in order), so that a later change of the policy does not
change the steps of a request under way. Requests made before had 栾川's chain (seed 000 (八)), the only one there
was: they get it.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LUANCHUAN_CHAIN = ["unit", "leader", "office_filing", "county_committee", "congress"]


def upgrade() -> None:
    with op.batch_alter_table("project_swaps", schema=None) as batch_op:
        batch_op.add_column(sa.Column("chain", sa.JSON(), nullable=True,
                                      comment="the approval steps in order, as the region's policy gave them"))
    swaps = sa.table("project_swaps", sa.column("chain", sa.JSON()))
    op.execute(swaps.update().values(chain=LUANCHUAN_CHAIN))
    with op.batch_alter_table("project_swaps", schema=None) as batch_op:
        batch_op.alter_column("chain", existing_type=sa.JSON(), nullable=False,
                              existing_comment="the approval steps in order, as the region's policy gave them")


def downgrade() -> None:
    with op.batch_alter_table("project_swaps", schema=None) as batch_op:
        batch_op.drop_column("chain")
