"""attachments: photos and documents on problems (and later inspections) (metadata; the content is in the file store)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05 14:00:00
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
    op.create_table(
        "attachments",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("record_kind", sa.String(length=32), nullable=False, comment="problem, progress_report, ..."),
        sa.Column("record_id", sa.Uuid(), nullable=False),
        sa.Column("region_code", sa.String(length=6), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=False, comment="read from the content, not the client's"),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("storage_key", sa.String(length=512), nullable=False),
        sa.Column("thumbnail_key", sa.String(length=512), nullable=True),
        sa.Column("width", sa.Integer(), nullable=True),
        sa.Column("height", sa.Integer(), nullable=True),
        sa.Column("taken_at", tuijin.kernel.db.UTCDateTime(timezone=True), nullable=True, comment="EXIF time, UTC"),
        sa.Column("taken_at_offset", sa.String(length=6), nullable=True,
                  comment="EXIF offset; null: read as Asia/Shanghai"),
        sa.Column("latitude", sa.Numeric(precision=10, scale=6), nullable=True),
        sa.Column("longitude", sa.Numeric(precision=10, scale=6), nullable=True),
        sa.Column("caption", sa.String(length=200), nullable=False),
        sa.Column("uploaded_by", sa.String(length=100), nullable=False, comment="the uploader's account (token subject)"),
        sa.Column("uploaded_by_user_id", sa.Uuid(), nullable=True),
        sa.Column("uploaded_by_unit_id", sa.Uuid(), nullable=True),
        sa.Column("uploaded_at", tuijin.kernel.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachments")),
    )
    op.create_index("ix_attachments_record", "attachments", ["record_kind", "record_id", "uploaded_at", "id"])
    op.create_index(op.f("ix_attachments_region_code"), "attachments", ["region_code"])


def downgrade() -> None:
    op.drop_index(op.f("ix_attachments_region_code"), table_name="attachments")
    op.drop_index("ix_attachments_record", table_name="attachments")
    op.drop_table("attachments")
