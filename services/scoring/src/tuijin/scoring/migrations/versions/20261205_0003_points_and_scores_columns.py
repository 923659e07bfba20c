"""points and scores: the columns hold what the API accepts (points numeric(10, 4), scores numeric(8, 2))

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-05 08:30:00.000000

A scheme's total points are at most 10 digits with 4 places and a sheet's score 8 digits with 2 places, as
the API checks them; a run's computed totals keep numeric(15, 4), within what SQLite's REAL holds exactly.
A database that already holds a larger figure is not changed silently: the upgrade stops and names the rows.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (table, column, nullable, new precision, new scale, largest value the new type holds)
COLUMNS = [
    ("scoring_scheme_versions", "total_points", False, 10, 4, "999999.9999"),
    ("scoring_runs", "total_points", False, 10, 4, "999999.9999"),
    ("score_sheets", "score", True, 8, 2, "999999.99"),
    ("scoring_results", "total", False, 15, 4, "99999999999.9999"),
]


def _refuse_figures_out_of_range() -> None:
    conn = op.get_bind()
    found = []
    for table, column, _, _, _, limit in COLUMNS:
        rows = conn.execute(
            sa.text(
                f"SELECT id, {column} FROM {table} WHERE {column} > {limit} OR {column} < -{limit} LIMIT 20"
            )
        ).all()
        found += [f"{table}.{column} id={row[0]} value={row[1]}" for row in rows]
    if found:
        raise RuntimeError("figures beyond what the columns now hold; correct these rows, then migrate again: "
                           + "; ".join(found))


def upgrade() -> None:
    _refuse_figures_out_of_range()
    for table, column, nullable, precision, scale, _ in COLUMNS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column(
                column,
                existing_type=sa.Numeric(precision=18, scale=4),
                type_=sa.Numeric(precision=precision, scale=scale),
                existing_nullable=nullable,
            )


def downgrade() -> None:
    for table, column, nullable, precision, scale, _ in COLUMNS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column(
                column,
                existing_type=sa.Numeric(precision=precision, scale=scale),
                type_=sa.Numeric(precision=18, scale=4),
                existing_nullable=nullable,
            )
