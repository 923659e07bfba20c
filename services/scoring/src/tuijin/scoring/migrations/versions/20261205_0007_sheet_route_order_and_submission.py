"""score sheets: the observation route's order (观摩路线) of each sheet's project, and when its scorer submitted
the round's sheets (提交后不可再改)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05 17:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import tuijin.kernel.db

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("score_sheets") as batch:
        batch.add_column(sa.Column("route_order", sa.Integer(), nullable=False, server_default="0",
                                   comment="the project's place on the observation route (0 first)"))
        batch.add_column(sa.Column("submitted_at", tuijin.kernel.db.UTCDateTime(timezone=True), nullable=True,
                                   comment="when the scorer submitted the round's sheets; no change after"))


def downgrade() -> None:
    with op.batch_alter_table("score_sheets") as batch:
        batch.drop_column("submitted_at")
        batch.drop_column("route_order")
