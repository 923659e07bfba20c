"""money columns: numeric(15, 4) instead of numeric(18, 4), what SQLite's REAL holds exactly

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05 08:30:00.000000

An amount of more than 15 significant digits came back from SQLite altered (a REAL), and an answer that
carried it failed. The API now refuses anything beyond 11 integer digits and 4 places, and so do the
columns. A database that already holds a larger amount is not changed silently: the upgrade stops and
names the rows, to be corrected first.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LIMIT = "99999999999.9999"
# table → [(column, nullable, comment)]
COLUMNS: dict[str, list[tuple[str, bool, str | None]]] = {
    "projects": [("total_investment", False, "总投资, 万元")],
    "year_plans": [("planned_investment", False, "年度计划投资, 万元")],
    "project_procedures": [("energy_use_tce", True, "annual energy use, tonnes of standard coal (节能审查)")],
    "progress_reports": [
        ("investment_completed", False, "本期完成投资, 万元"),
        ("funds_in_place", False, "本期到位资金, 万元"),
    ],
    "reserve_entries": [
        ("planned_total", False, "计划总投资, 万元"),
        ("planned_first_year", False, "首年计划投资, 万元"),
    ],
    "project_swaps": [
        ("out_total_investment", False, None),
        ("out_planned_investment", False, None),
        ("replacement_total_investment", False, None),
        ("replacement_planned_investment", False, None),
    ],
}


def _refuse_amounts_out_of_range() -> None:
    conn = op.get_bind()
    found = []
    for table, columns in COLUMNS.items():
        for column, _, _ in columns:
            rows = conn.execute(
                sa.text(f"SELECT id, {column} FROM {table} WHERE {column} > {LIMIT} OR {column} < -{LIMIT} LIMIT 20")
            ).all()
            found += [f"{table}.{column} id={row[0]} value={row[1]}" for row in rows]
    if found:
        raise RuntimeError(
            "amounts beyond 11 integer digits cannot be kept exactly; correct these rows, then migrate again: "
            + "; ".join(found)
        )


def _alter(old: int, new: int) -> None:
    for table, columns in COLUMNS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column, nullable, comment in columns:
                batch_op.alter_column(
                    column,
                    existing_type=sa.Numeric(precision=old, scale=4),
                    type_=sa.Numeric(precision=new, scale=4),
                    existing_nullable=nullable,
                    existing_comment=comment,
                )


def upgrade() -> None:
    _refuse_amounts_out_of_range()
    _alter(18, 15)


def downgrade() -> None:
    _alter(15, 18)
