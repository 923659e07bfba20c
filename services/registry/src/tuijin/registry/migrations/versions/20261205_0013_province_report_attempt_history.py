"""province outgoing reports keep their attempt history across replays

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-05 12:10:00

A replay used to reset a report's attempt count, erasing its failure history. The count now stays; the
replays, the count at the last replay (the maximum attempts count from there) and the last attempt's time
are kept beside it. A report the platform rejects (a 4xx about the report) gets the status ``rejected``
(a string column: no schema change for it).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import tuijin.kernel.db

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("province_outbound_reports", schema=None) as batch_op:
        batch_op.add_column(sa.Column(
            "replays", sa.Integer(), nullable=False, server_default="0",
            comment="how often an operator put it back in line",
        ))
        batch_op.add_column(sa.Column(
            "attempts_at_replay", sa.Integer(), nullable=False, server_default="0",
            comment="attempts made before the last replay (the limit counts those after it)",
        ))
        batch_op.add_column(sa.Column("last_attempt_at", tuijin.kernel.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.alter_column(
            "attempts", existing_type=sa.Integer(), existing_nullable=False,
            comment="every attempt, kept across replays",
        )


def downgrade() -> None:
    with op.batch_alter_table("province_outbound_reports", schema=None) as batch_op:
        batch_op.alter_column("attempts", existing_type=sa.Integer(), existing_nullable=False, comment=None)
        batch_op.drop_column("last_attempt_at")
        batch_op.drop_column("attempts_at_replay")
        batch_op.drop_column("replays")
    op.execute(sa.text("UPDATE province_outbound_reports SET status = 'dead' WHERE status = 'rejected'"))
