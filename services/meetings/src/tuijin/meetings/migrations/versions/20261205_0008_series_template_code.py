"""series template code: the region's meeting-series template (policy meeting_series) a series was created from

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05 20:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("meeting_series", schema=None) as batch_op:
        batch_op.add_column(sa.Column("template_code", sa.String(length=40), nullable=True,
                                      comment="the region's series template it was created from (policy "
                                              "meeting_series)"))


def downgrade() -> None:
    with op.batch_alter_table("meeting_series", schema=None) as batch_op:
        batch_op.drop_column("template_code")
