"""invitation confirmations: the unit's reply to a meeting notice (参会回执) — who attends, confirmed by whom, when

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05 17:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from tuijin.kernel.db import UTCDateTime

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("meeting_invitations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("confirmed_attendee", sa.String(length=50), nullable=False, server_default="",
                                      comment="who the unit says will attend"))
        batch_op.add_column(sa.Column("confirmed_by", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("confirmed_at", UTCDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("meeting_invitations", schema=None) as batch_op:
        batch_op.drop_column("confirmed_at")
        batch_op.drop_column("confirmed_by")
        batch_op.drop_column("confirmed_attendee")
