"""Scoring: schemes and their versions, runs and results, observation rounds and score sheets.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 19:50:30.805826
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import tuijin.kernel.db

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "scoring_rounds",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("region_code", sa.String(length=6), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("period", sa.String(length=10), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("criteria", sa.JSON(), nullable=False),
        sa.Column("trim_each_end", sa.Integer(), nullable=False),
        sa.Column("min_scorers_to_trim", sa.Integer(), nullable=False),
        sa.Column("created_at", tuijin.kernel.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scoring_rounds")),
    )
    with op.batch_alter_table("scoring_rounds", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_scoring_rounds_region_code"), ["region_code"], unique=False)

    op.create_table(
        "scoring_schemes",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("region_code", sa.String(length=6), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("subject_kind", sa.String(length=20), nullable=False),
        sa.Column("period_kind", sa.String(length=20), nullable=False),
        sa.Column("latest_version", sa.Integer(), nullable=False),
        sa.Column("created_at", tuijin.kernel.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scoring_schemes")),
        sa.UniqueConstraint("region_code", "code", name=op.f("uq_scoring_schemes_region_code_code")),
    )
    with op.batch_alter_table("scoring_schemes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_scoring_schemes_region_code"), ["region_code"], unique=False)

    op.create_table(
        "score_sheets",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("round_id", sa.Uuid(), nullable=False),
        sa.Column("scorer", sa.String(length=200), nullable=False),
        sa.Column("scorer_name", sa.String(length=100), nullable=False),
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("project_name", sa.String(length=300), nullable=False),
        sa.Column("criterion", sa.String(length=40), nullable=False),
        sa.Column("score", sa.Numeric(precision=18, scale=4), nullable=True),
        sa.Column("scored_at", tuijin.kernel.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["scoring_rounds.id"],
            name=op.f("fk_score_sheets_round_id_scoring_rounds"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_score_sheets")),
        sa.UniqueConstraint(
            "round_id",
            "scorer",
            "project_id",
            "criterion",
            name=op.f("uq_score_sheets_round_id_scorer_project_id_criterion"),
        ),
    )
    with op.batch_alter_table("score_sheets", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_score_sheets_round_id"), ["round_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_score_sheets_scorer"), ["scorer"], unique=False)

    op.create_table(
        "scoring_scheme_versions",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("scheme_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("total_points", sa.Numeric(precision=18, scale=4), nullable=False),
        sa.Column("dimensions", sa.JSON(), nullable=False),
        sa.Column("praise_size", sa.Integer(), nullable=False),
        sa.Column("criticism_size", sa.Integer(), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.Column("published_at", tuijin.kernel.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("published_by", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["scheme_id"],
            ["scoring_schemes.id"],
            name=op.f("fk_scoring_scheme_versions_scheme_id_scoring_schemes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scoring_scheme_versions")),
        sa.UniqueConstraint("scheme_id", "version", name=op.f("uq_scoring_scheme_versions_scheme_id_version")),
    )
    with op.batch_alter_table("scoring_scheme_versions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_scoring_scheme_versions_scheme_id"), ["scheme_id"], unique=False)

    op.create_table(
        "scoring_runs",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("region_code", sa.String(length=6), nullable=False),
        sa.Column("scheme_id", sa.Uuid(), nullable=False),
        sa.Column("scheme_version_id", sa.Uuid(), nullable=False),
        sa.Column("scheme_version", sa.Integer(), nullable=False),
        sa.Column("subject_kind", sa.String(length=20), nullable=False),
        sa.Column("period", sa.String(length=10), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("total_points", sa.Numeric(precision=18, scale=4), nullable=False),
        sa.Column("inputs", sa.JSON(), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("created_at", tuijin.kernel.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("published_at", tuijin.kernel.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("published_by", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["scheme_id"], ["scoring_schemes.id"], name=op.f("fk_scoring_runs_scheme_id_scoring_schemes")
        ),
        sa.ForeignKeyConstraint(
            ["scheme_version_id"],
            ["scoring_scheme_versions.id"],
            name=op.f("fk_scoring_runs_scheme_version_id_scoring_scheme_versions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scoring_runs")),
        sa.UniqueConstraint(
            "scheme_id",
            "region_code",
            "period",
            "version",
            name=op.f("uq_scoring_runs_scheme_id_region_code_period_version"),
        ),
    )
    with op.batch_alter_table("scoring_runs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_scoring_runs_region_code"), ["region_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_scoring_runs_scheme_id"), ["scheme_id"], unique=False)

    op.create_table(
        "scoring_results",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("run_id", sa.Uuid(), nullable=False),
        sa.Column("subject_id", sa.Uuid(), nullable=False),
        sa.Column("subject_code", sa.String(length=100), nullable=False),
        sa.Column("subject_name", sa.String(length=300), nullable=False),
        sa.Column("unit_id", sa.Uuid(), nullable=True),
        sa.Column("dimensions", sa.JSON(), nullable=False),
        sa.Column("total", sa.Numeric(precision=18, scale=4), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("explanation", sa.String(length=4000), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"], ["scoring_runs.id"], name=op.f("fk_scoring_results_run_id_scoring_runs"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scoring_results")),
        sa.UniqueConstraint("run_id", "subject_id", name=op.f("uq_scoring_results_run_id_subject_id")),
    )
    with op.batch_alter_table("scoring_results", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_scoring_results_run_id"), ["run_id"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("scoring_results", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_scoring_results_run_id"))

    op.drop_table("scoring_results")
    with op.batch_alter_table("scoring_runs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_scoring_runs_scheme_id"))
        batch_op.drop_index(batch_op.f("ix_scoring_runs_region_code"))

    op.drop_table("scoring_runs")
    with op.batch_alter_table("scoring_scheme_versions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_scoring_scheme_versions_scheme_id"))

    op.drop_table("scoring_scheme_versions")
    with op.batch_alter_table("score_sheets", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_score_sheets_scorer"))
        batch_op.drop_index(batch_op.f("ix_score_sheets_round_id"))

    op.drop_table("score_sheets")
    with op.batch_alter_table("scoring_schemes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_scoring_schemes_region_code"))

    op.drop_table("scoring_schemes")
    with op.batch_alter_table("scoring_rounds", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_scoring_rounds_region_code"))

    op.drop_table("scoring_rounds")
