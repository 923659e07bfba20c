"""province pull cursors keep the last success and the last error apart

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-05 12:20:00

A failed pull moved ``last_pulled_at``, so how long pulls had been failing could not be read. The last pull
that read every page and the last failed one are kept apart; ``last_pulled_at`` stays (the last attempt).
Existing cursors: a cursor without an error counts its last pull as a success, one with an error as a failure.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import tuijin.kernel.db

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("province_sync_cursors", schema=None) as batch_op:
        batch_op.add_column(sa.Column(
            "last_success_at", tuijin.kernel.db.UTCDateTime(timezone=True), nullable=True,
            comment="the end of the last pull that read every page",
        ))
        batch_op.add_column(sa.Column(
            "last_error_at", tuijin.kernel.db.UTCDateTime(timezone=True), nullable=True,
            comment="the last failed pull",
        ))
        batch_op.alter_column(
            "last_pulled_at", existing_type=tuijin.kernel.db.UTCDateTime(timezone=True), existing_nullable=True,
            comment="the last attempt",
        )
    op.execute(sa.text("UPDATE province_sync_cursors SET last_success_at = last_pulled_at WHERE last_error = ''"))
    op.execute(sa.text("UPDATE province_sync_cursors SET last_error_at = last_pulled_at WHERE last_error <> ''"))


def downgrade() -> None:
    with op.batch_alter_table("province_sync_cursors", schema=None) as batch_op:
        batch_op.alter_column(
            "last_pulled_at", existing_type=tuijin.kernel.db.UTCDateTime(timezone=True), existing_nullable=True,
            comment=None,
        )
        batch_op.drop_column("last_error_at")
        batch_op.drop_column("last_success_at")
