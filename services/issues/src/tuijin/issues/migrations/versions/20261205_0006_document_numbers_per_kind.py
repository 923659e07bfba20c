"""document numbers per kind: the kernel's counters (one sequence per region, kind and year) replace the
letters' own; each letter grade numbers in its own sequence; an interview names its recorder

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05 14:00:00

The letters issued so far keep their numbers; each grade's counter starts after the highest serial its letters
have (they shared one sequence, so a grade's next number skips the others'). A downgrade restores one counter
per region and year at the highest serial of any grade.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
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
    op.execute(
        "INSERT INTO document_counters (region_code, kind, year, last_serial) "
        "SELECT region_code, 'letter_' || grade, year, MAX(serial) FROM letters GROUP BY region_code, grade, year"
    )
    op.drop_table("letter_counters")
    with op.batch_alter_table("letters", schema=None) as batch_op:
        batch_op.drop_constraint("uq_letters_region_code_year_serial", type_="unique")
        batch_op.create_unique_constraint(batch_op.f("uq_letters_region_code_year_grade_serial"),
                                          ["region_code", "year", "grade", "serial"])
        batch_op.alter_column("number", existing_type=sa.String(length=40), existing_nullable=False,
                              comment="e.g. 栾重项办督〔2026〕12号", existing_comment="e.g. 督办〔2026〕12号")
    with op.batch_alter_table("interviews", schema=None) as batch_op:
        batch_op.add_column(sa.Column("recorder_name", sa.String(length=100), nullable=False, server_default="",
                                      comment="the recorder's name (记录人)"))
        batch_op.add_column(sa.Column("recorder_post", sa.String(length=200), nullable=False, server_default="",
                                      comment="the recorder's unit and post"))


def downgrade() -> None:
    with op.batch_alter_table("interviews", schema=None) as batch_op:
        batch_op.drop_column("recorder_post")
        batch_op.drop_column("recorder_name")
    with op.batch_alter_table("letters", schema=None) as batch_op:
        batch_op.drop_constraint("uq_letters_region_code_year_grade_serial", type_="unique")
        batch_op.create_unique_constraint(batch_op.f("uq_letters_region_code_year_serial"),
                                          ["region_code", "year", "serial"])
        batch_op.alter_column("number", existing_type=sa.String(length=40), existing_nullable=False,
                              comment="e.g. 督办〔2026〕12号", existing_comment="e.g. 栾重项办督〔2026〕12号")
    op.create_table(
        "letter_counters",
        sa.Column("region_code", sa.String(length=6), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("last_serial", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("region_code", "year", name=op.f("pk_letter_counters")),
    )
    op.execute(
        "INSERT INTO letter_counters (region_code, year, last_serial) "
        "SELECT region_code, year, MAX(last_serial) FROM document_counters WHERE kind LIKE 'letter_%' "
        "GROUP BY region_code, year"
    )
    op.drop_table("document_numbers")
    op.drop_table("document_counters")
