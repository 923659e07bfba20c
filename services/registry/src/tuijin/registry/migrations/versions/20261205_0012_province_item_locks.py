"""province item locks: one row per platform item, claimed first by whoever applies a change of it; a version
of an item is applied once (a partial unique index on the sync log); item versions are 64-bit

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05 12:00:00

The registry locked an item's state row on PostgreSQL only, and only once the row existed: on SQLite (whose
transactions start at their first write) two copies of one push could both apply. Claiming a lock row with a
write first serialises the appliers of one item on both databases and across processes. Versions were 32-bit
columns although the contract allows a millisecond timestamp as a version (it overflowed on PostgreSQL).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APPLIED = sa.text("outcome = 'applied'")

DEDUPLICATE = """
UPDATE province_sync_log SET outcome = 'duplicate',
       reason = 'applied a second time before revision 0012 (the item was not locked); counted as a duplicate'
 WHERE outcome = 'applied' AND EXISTS (
       SELECT 1 FROM province_sync_log o
        WHERE o.outcome = 'applied' AND o.region_code = province_sync_log.region_code
          AND o.item_id = province_sync_log.item_id AND o.version = province_sync_log.version
          AND (o.received_at < province_sync_log.received_at
               OR (o.received_at = province_sync_log.received_at AND o.id < province_sync_log.id)))
"""


def _version_type(table: str, old: sa.types.TypeEngine, new: sa.types.TypeEngine) -> None:
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.alter_column("version", existing_type=old, type_=new, existing_nullable=False)


def upgrade() -> None:
    for table in ("province_sync_log", "province_item_states"):
        _version_type(table, sa.Integer(), sa.BigInteger())
    op.create_table(
        "province_item_locks",
        sa.Column("region_code", sa.String(length=6), nullable=False),
        sa.Column("item_id", sa.String(length=100), nullable=False),
        sa.Column("claims", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("region_code", "item_id", name=op.f("pk_province_item_locks")),
    )
    # entries applied twice before this revision: the first stays applied, the others are marked
    op.execute(sa.text(DEDUPLICATE))
    op.create_index(
        "uq_province_sync_log_applied_version", "province_sync_log", ["region_code", "item_id", "version"],
        unique=True, sqlite_where=APPLIED, postgresql_where=APPLIED,
    )


def downgrade() -> None:
    op.drop_index("uq_province_sync_log_applied_version", table_name="province_sync_log")
    op.drop_table("province_item_locks")
    for table in ("province_sync_log", "province_item_states"):
        _version_type(table, sa.BigInteger(), sa.Integer())
