"""ranking standings: subjects criticised in the latest published ranking of each scheme

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 21:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "ranking_standings",
        sa.Column("run_id", sa.Uuid(), nullable=False),
        sa.Column("subject_id", sa.Uuid(), nullable=False, comment="a project or a unit"),
        sa.Column("scheme_id", sa.Uuid(), nullable=False),
        sa.Column("scheme_name", sa.String(length=100), nullable=False),
        sa.Column("region_code", sa.String(length=6), nullable=False),
        sa.Column("subject_kind", sa.String(length=20), nullable=False, comment="project | department | township"),
        sa.Column("subject_name", sa.String(length=200), nullable=False),
        sa.Column("period", sa.String(length=10), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("total", sa.String(length=20), nullable=False, comment="the published total, as published"),
        sa.Column("published_on", sa.Date(), nullable=False,
                  comment="Asia/Shanghai business date of the publication"),
        sa.PrimaryKeyConstraint("run_id", "subject_id", name=op.f("pk_ranking_standings")),
    )
    op.create_index(op.f("ix_ranking_standings_scheme_id"), "ranking_standings", ["scheme_id"], unique=False)
    op.create_index("ix_ranking_standings_region_code_subject_id", "ranking_standings",
                    ["region_code", "subject_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_ranking_standings_region_code_subject_id", table_name="ranking_standings")
    op.drop_index(op.f("ix_ranking_standings_scheme_id"), table_name="ranking_standings")
    op.drop_table("ranking_standings")
