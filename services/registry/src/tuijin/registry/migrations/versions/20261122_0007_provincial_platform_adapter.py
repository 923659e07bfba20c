"""provincial platform adapter

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-22
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
        "province_sync_log",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("region_code", sa.String(length=6), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("event_id", sa.String(length=100), nullable=False),
        sa.Column("item_id", sa.String(length=100), nullable=False),
        sa.Column("item_code", sa.String(length=60), nullable=False),
        sa.Column("national_code", sa.String(length=24), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("platform_status", sa.String(length=24), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.String(length=2000), nullable=False),
        sa.Column("procedure_id", sa.Uuid(), nullable=True),
        sa.Column("received_at", tuijin.kernel.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("replayed_at", tuijin.kernel.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("replay_entry_id", sa.Uuid(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_province_sync_log")),
    )
    with op.batch_alter_table("province_sync_log", schema=None) as batch_op:
        batch_op.create_index("ix_province_sync_log_region_code_outcome", ["region_code", "outcome"], unique=False)
        batch_op.create_index(
            "ix_province_sync_log_region_code_received_at", ["region_code", "received_at"], unique=False
        )

    op.create_table(
        "province_configs",
        sa.Column("region_code", sa.String(length=6), nullable=False),
        sa.Column("base_url", sa.String(length=300), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column(
            "credential_ref", sa.String(length=300), nullable=False, comment="env:VAR or file:/path of the bearer token"
        ),
        sa.Column("webhook_secret_ref", sa.String(length=300), nullable=False, comment="env:VAR or file:/path"),
        sa.Column("timeout_seconds", sa.Float(), nullable=False),
        sa.Column("max_retries", sa.Integer(), nullable=False),
        sa.Column("backoff_seconds", sa.Float(), nullable=False),
        sa.Column("rate_per_second", sa.Float(), nullable=False),
        sa.Column("burst", sa.Integer(), nullable=False),
        sa.Column("page_size", sa.Integer(), nullable=False),
        sa.Column("updated_by", sa.String(length=100), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", tuijin.kernel.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", tuijin.kernel.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["region_code"], ["regions.code"], name=op.f("fk_province_configs_region_code_regions")
        ),
        sa.PrimaryKeyConstraint("region_code", name=op.f("pk_province_configs")),
    )
    op.create_table(
        "province_sync_cursors",
        sa.Column("region_code", sa.String(length=6), nullable=False),
        sa.Column("cursor", sa.String(length=200), nullable=False),
        sa.Column("last_pulled_at", tuijin.kernel.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.String(length=2000), nullable=False),
        sa.ForeignKeyConstraint(
            ["region_code"], ["regions.code"], name=op.f("fk_province_sync_cursors_region_code_regions")
        ),
        sa.PrimaryKeyConstraint("region_code", name=op.f("pk_province_sync_cursors")),
    )
    op.create_table(
        "province_item_mappings",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("region_code", sa.String(length=6), nullable=False),
        sa.Column("item_code", sa.String(length=60), nullable=False, comment="the platform's approval item code"),
        sa.Column("item_name", sa.String(length=200), nullable=False),
        sa.Column("procedure_type_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", tuijin.kernel.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", tuijin.kernel.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["procedure_type_id"],
            ["procedure_types.id"],
            name=op.f("fk_province_item_mappings_procedure_type_id_procedure_types"),
        ),
        sa.ForeignKeyConstraint(
            ["region_code"], ["regions.code"], name=op.f("fk_province_item_mappings_region_code_regions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_province_item_mappings")),
        sa.UniqueConstraint("region_code", "item_code", name=op.f("uq_province_item_mappings_region_code_item_code")),
    )
    with op.batch_alter_table("province_item_mappings", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_province_item_mappings_procedure_type_id"), ["procedure_type_id"], unique=False
        )

    op.create_table(
        "province_outbound_reports",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("region_code", sa.String(length=6), nullable=False),
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("national_code", sa.String(length=24), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", tuijin.kernel.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_error", sa.String(length=2000), nullable=False),
        sa.Column("created_at", tuijin.kernel.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("delivered_at", tuijin.kernel.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_province_outbound_reports_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_province_outbound_reports")),
    )
    with op.batch_alter_table("province_outbound_reports", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_province_outbound_reports_project_id"), ["project_id"], unique=False)
        batch_op.create_index(
            "ix_province_outbound_reports_region_code_created_at", ["region_code", "created_at"], unique=False
        )
        batch_op.create_index(
            "ix_province_outbound_reports_status_next_attempt_at", ["status", "next_attempt_at"], unique=False
        )

    op.create_table(
        "province_project_links",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("region_code", sa.String(length=6), nullable=False),
        sa.Column("national_code", sa.String(length=24), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("platform_name", sa.String(length=200), nullable=False, comment="the project's name on the platform"),
        sa.Column("verified_at", tuijin.kernel.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("linked_by", sa.String(length=100), nullable=False),
        sa.Column("created_at", tuijin.kernel.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", tuijin.kernel.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_province_project_links_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_province_project_links")),
        sa.UniqueConstraint("national_code", name=op.f("uq_province_project_links_national_code")),
        sa.UniqueConstraint("project_id", name=op.f("uq_province_project_links_project_id")),
    )
    with op.batch_alter_table("province_project_links", schema=None) as batch_op:
        batch_op.create_index("ix_province_project_links_region_code_status", ["region_code", "status"], unique=False)

    op.create_table(
        "province_item_states",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("region_code", sa.String(length=6), nullable=False),
        sa.Column("item_id", sa.String(length=100), nullable=False),
        sa.Column("item_code", sa.String(length=60), nullable=False),
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("procedure_id", sa.Uuid(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("platform_status", sa.String(length=24), nullable=False),
        sa.Column("document_number", sa.String(length=100), nullable=False),
        sa.Column("document_date", sa.Date(), nullable=True),
        sa.Column("department", sa.String(length=200), nullable=False),
        sa.Column("applied_at", tuijin.kernel.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["procedure_id"],
            ["project_procedures.id"],
            name=op.f("fk_province_item_states_procedure_id_project_procedures"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_province_item_states_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_province_item_states")),
        sa.UniqueConstraint("region_code", "item_id", name=op.f("uq_province_item_states_region_code_item_id")),
    )
    with op.batch_alter_table("province_item_states", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_province_item_states_project_id"), ["project_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("province_item_states", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_province_item_states_project_id"))

    op.drop_table("province_item_states")
    with op.batch_alter_table("province_project_links", schema=None) as batch_op:
        batch_op.drop_index("ix_province_project_links_region_code_status")

    op.drop_table("province_project_links")
    with op.batch_alter_table("province_outbound_reports", schema=None) as batch_op:
        batch_op.drop_index("ix_province_outbound_reports_status_next_attempt_at")
        batch_op.drop_index("ix_province_outbound_reports_region_code_created_at")
        batch_op.drop_index(batch_op.f("ix_province_outbound_reports_project_id"))

    op.drop_table("province_outbound_reports")
    with op.batch_alter_table("province_item_mappings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_province_item_mappings_procedure_type_id"))

    op.drop_table("province_item_mappings")
    op.drop_table("province_sync_cursors")
    op.drop_table("province_configs")
    with op.batch_alter_table("province_sync_log", schema=None) as batch_op:
        batch_op.drop_index("ix_province_sync_log_region_code_received_at")
        batch_op.drop_index("ix_province_sync_log_region_code_outcome")

    op.drop_table("province_sync_log")
