"""progress reports carry good practices (好经验、好做法) and suggestions (意见建议)

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-05 14:00:00

栾川 (seed 000): units send "好经验、好做法和意见建议" with the monthly report. Two optional texts; existing reports
get empty ones.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("progress_reports", schema=None) as batch_op:
        batch_op.add_column(sa.Column("good_practices", sa.Text(), nullable=False, server_default="",
                                      comment="好经验、好做法"))
        batch_op.add_column(sa.Column("suggestions", sa.Text(), nullable=False, server_default="",
                                      comment="意见建议"))


def downgrade() -> None:
    with op.batch_alter_table("progress_reports", schema=None) as batch_op:
        batch_op.drop_column("suggestions")
        batch_op.drop_column("good_practices")
