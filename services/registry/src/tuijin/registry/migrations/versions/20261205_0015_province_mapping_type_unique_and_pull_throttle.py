"""province: one item per procedure type and region (a unique constraint); pulls keep a 429's wait

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-05 13:50:00

Two platform items mapped to one procedure type of a region overwrite each other (one item's withdrawal sends
back what the other completed). The rule was checked in code only; two concurrent mappings could both pass the
check. The unique constraint makes the database refuse the second. A region that already maps one type twice
stops the upgrade with the offending item codes named: the office removes one mapping (or points it at its
own type) and the upgrade is run again.

A pull the platform answers 429 keeps the instant before which no pull is made (``throttled_until``, from its
``Retry-After``) and how often that happened (``throttled_count``).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import tuijin.kernel.db

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _refuse_duplicates() -> None:
    rows = op.get_bind().execute(sa.text(
        "SELECT m.region_code, m.procedure_type_id, m.item_code FROM province_item_mappings m"
        " JOIN (SELECT region_code, procedure_type_id FROM province_item_mappings"
        " GROUP BY region_code, procedure_type_id HAVING count(*) > 1) d"
        " ON d.region_code = m.region_code AND d.procedure_type_id = m.procedure_type_id"
        " ORDER BY m.region_code, m.item_code"
    )).all()
    if rows:
        named = "; ".join(f"region {r[0]} item {r[2]} -> procedure type {r[1]}" for r in rows)
        raise RuntimeError(
            "Two or more platform items are mapped to one procedure type; keep one mapping per type and run the"
            f" upgrade again: {named}"
        )


def upgrade() -> None:
    _refuse_duplicates()
    with op.batch_alter_table("province_item_mappings", schema=None) as batch_op:
        batch_op.create_unique_constraint(
            batch_op.f("uq_province_item_mappings_region_code_procedure_type_id"), ["region_code", "procedure_type_id"]
        )
    with op.batch_alter_table("province_sync_cursors", schema=None) as batch_op:
        batch_op.add_column(sa.Column(
            "throttled_until", tuijin.kernel.db.UTCDateTime(timezone=True), nullable=True,
            comment="no pull before this instant: the platform answered 429 (Retry-After)",
        ))
        batch_op.add_column(sa.Column(
            "throttled_count", sa.Integer(), server_default="0", nullable=False,
            comment="pulls the platform answered 429, ever",
        ))


def downgrade() -> None:
    with op.batch_alter_table("province_sync_cursors", schema=None) as batch_op:
        batch_op.drop_column("throttled_count")
        batch_op.drop_column("throttled_until")
    with op.batch_alter_table("province_item_mappings", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_province_item_mappings_region_code_procedure_type_id"), type_="unique")
