"""outbox: the ordering key (events about one record reach a destination in order; a parked event holds
back only the later events of its record)

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-05 08:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("outbox_events", schema=None) as batch_op:
        batch_op.add_column(sa.Column(
            "ordering_key", sa.String(length=200), nullable=True,
            comment="the record the event is about; events with one key reach a destination in order"))
        batch_op.alter_column("status", existing_type=sa.String(length=16), existing_nullable=False,
                              comment="pending | delivered | parked | dead",
                              existing_comment="pending | delivered | dead")
        batch_op.create_index("ix_outbox_events_destination_ordering_key", ["destination", "ordering_key"],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table("outbox_events", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_events_destination_ordering_key")
        batch_op.alter_column("status", existing_type=sa.String(length=16), existing_nullable=False,
                              comment="pending | delivered | dead",
                              existing_comment="pending | delivered | parked | dead")
        batch_op.drop_column("ordering_key")
