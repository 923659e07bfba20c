"""document numbers: the kernel's counters (one sequence per region, kind and year) and the number each
meeting notice, minutes and attendance bulletin got

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05 14:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _create_document_tables() -> None:
    op.create_table(
        "document_counters",
        sa.Column("region_code", sa.String(length=6), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False, comment="a DocumentKind value, e.g. letter_supervision"),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("last_serial", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("region_code", "kind", "year", name=op.f("pk_document_counters")),
    )
    op.create_table(
        "document_numbers",
        sa.Column("subject_key", sa.String(length=120), nullable=False,
                  comment="what the document is of, e.g. meeting_notice:<meeting id>"),
        sa.Column("region_code", sa.String(length=6), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("serial", sa.Integer(), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False, comment="the business date the document is dated"),
        sa.PrimaryKeyConstraint("subject_key", name=op.f("pk_document_numbers")),
    )


def upgrade() -> None:
    _create_document_tables()


def downgrade() -> None:
    op.drop_table("document_numbers")
    op.drop_table("document_counters")
