"""calendar overrides per region: an id, the region (NULL: national), one override per region and day

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-05 08:00:00

The overrides made before were global, whoever made them: they become national ones. A downgrade keeps the
national overrides only (a region's own overrides have no place in the old table).
"""

import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import tuijin.kernel.db

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

REGION_COMMENT = "NULL: a national override (admin); else that region's own"
COLUMNS = ("day", "is_working_day", "note", "updated_at", "updated_by")


def _rows(*where: sa.ColumnElement) -> list[dict]:
    """The overrides as typed values (SQLite hands back a date as text to an untyped column)."""
    t = sa.table("calendar_overrides", sa.column("day", sa.Date()), sa.column("is_working_day", sa.Boolean()),
                 sa.column("note", sa.String()), sa.column("updated_at", tuijin.kernel.db.UTCDateTime(timezone=True)),
                 sa.column("updated_by", sa.String()), sa.column("region_code", sa.String()))
    stmt = sa.select(*(t.c[c] for c in COLUMNS)).where(*where) if where else sa.select(*(t.c[c] for c in COLUMNS))
    return [dict(r) for r in op.get_bind().execute(stmt).mappings()]


def _common_columns() -> list[sa.Column]:
    return [
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("is_working_day", sa.Boolean(), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.Column("updated_at", tuijin.kernel.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=100), nullable=False),
    ]


def upgrade() -> None:
    rows = _rows()
    op.drop_table("calendar_overrides")
    table = op.create_table(
        "calendar_overrides",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("region_code", sa.String(length=6), nullable=True, comment=REGION_COMMENT),
        *_common_columns(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_overrides")),
    )
    op.create_index("uq_calendar_overrides_national_day", "calendar_overrides", ["day"], unique=True,
                    sqlite_where=sa.text("region_code IS NULL"), postgresql_where=sa.text("region_code IS NULL"))
    op.create_index("uq_calendar_overrides_region_day", "calendar_overrides", ["region_code", "day"], unique=True,
                    sqlite_where=sa.text("region_code IS NOT NULL"),
                    postgresql_where=sa.text("region_code IS NOT NULL"))
    if rows:
        op.bulk_insert(table, [{"id": uuid.uuid4(), "region_code": None, **r} for r in rows])


def downgrade() -> None:
    rows = _rows(sa.column("region_code").is_(None))
    op.drop_index("uq_calendar_overrides_region_day", table_name="calendar_overrides")
    op.drop_index("uq_calendar_overrides_national_day", table_name="calendar_overrides")
    op.drop_table("calendar_overrides")
    table = op.create_table(
        "calendar_overrides",
        *_common_columns(),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_calendar_overrides")),
    )
    if rows:
        op.bulk_insert(table, rows)
