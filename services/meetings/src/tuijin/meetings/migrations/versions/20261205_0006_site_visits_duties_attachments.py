"""site visits (现场调研督导 / 现场办公) with their people, projects and units; decided items of a visit; the
meetings policies (duty rules); attachments (photos and documents on a visit)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05 17:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import tuijin.kernel.db

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "site_visits",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("region_code", sa.String(length=6), nullable=False),
        sa.Column("visited_on", sa.Date(), nullable=False, comment="business date of the visit"),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("leading_person_id", sa.Uuid(), nullable=False, comment="带队领导 (registry person id)"),
        sa.Column("observations", sa.Text(), nullable=False, comment="what was seen (现场查看情况)"),
        sa.Column("conclusions", sa.Text(), nullable=False, comment="what was decided, in words"),
        sa.Column("recorded_by", sa.String(length=100), nullable=False),
        sa.Column("recorded_by_unit_id", sa.Uuid(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", tuijin.kernel.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", tuijin.kernel.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_site_visits")),
    )
    op.create_index("ix_site_visits_region_code_visited_on", "site_visits", ["region_code", "visited_on", "id"])
    op.create_table(
        "site_visit_links",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("visit_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("ref_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["visit_id"], ["site_visits.id"], name=op.f("fk_site_visit_links_visit_id_site_visits"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_site_visit_links")),
    )
    op.create_index(op.f("ix_site_visit_links_visit_id"), "site_visit_links", ["visit_id"])
    op.create_index("ix_site_visit_links_kind_ref_id", "site_visit_links", ["kind", "ref_id"])

    with op.batch_alter_table("decided_items", schema=None) as batch_op:
        batch_op.alter_column("meeting_id", existing_type=sa.Uuid(), nullable=True)
        batch_op.alter_column("minutes_id", existing_type=sa.Uuid(), nullable=True)
        batch_op.alter_column("seq", existing_type=sa.Integer(), existing_nullable=False,
                              comment="1, 2, … within the minutes (or the visit)",
                              existing_comment="1, 2, … within the minutes")
        batch_op.add_column(sa.Column("site_visit_id", sa.Uuid(), nullable=True))
        batch_op.create_foreign_key(batch_op.f("fk_decided_items_site_visit_id_site_visits"), "site_visits",
                                    ["site_visit_id"], ["id"])
        batch_op.create_index(batch_op.f("ix_decided_items_site_visit_id"), ["site_visit_id"], unique=False)
        batch_op.create_unique_constraint(batch_op.f("uq_decided_items_site_visit_id_seq"), ["site_visit_id", "seq"])

    op.create_table(
        "meeting_policies",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("region_code", sa.String(length=6), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.Column("updated_by", sa.String(length=100), nullable=False),
        sa.Column("created_at", tuijin.kernel.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", tuijin.kernel.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_policies")),
        sa.UniqueConstraint("region_code", "name", "year", name=op.f("uq_meeting_policies_region_code_name_year")),
    )
    op.create_index(op.f("ix_meeting_policies_region_code"), "meeting_policies", ["region_code"])

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
    op.drop_index(op.f("ix_meeting_policies_region_code"), table_name="meeting_policies")
    op.drop_table("meeting_policies")
    op.execute("DELETE FROM decided_item_follow_ups WHERE decided_item_id IN "
               "(SELECT id FROM decided_items WHERE site_visit_id IS NOT NULL)")
    op.execute("DELETE FROM decided_items WHERE site_visit_id IS NOT NULL")
    with op.batch_alter_table("decided_items", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_decided_items_site_visit_id_seq"), type_="unique")
        batch_op.drop_index(batch_op.f("ix_decided_items_site_visit_id"))
        batch_op.drop_constraint(batch_op.f("fk_decided_items_site_visit_id_site_visits"), type_="foreignkey")
        batch_op.drop_column("site_visit_id")
        batch_op.alter_column("seq", existing_type=sa.Integer(), existing_nullable=False,
                              comment="1, 2, … within the minutes", existing_comment="1, 2, … within the minutes (or the visit)")
        batch_op.alter_column("minutes_id", existing_type=sa.Uuid(), nullable=False)
        batch_op.alter_column("meeting_id", existing_type=sa.Uuid(), nullable=False)
    op.drop_index("ix_site_visit_links_kind_ref_id", table_name="site_visit_links")
    op.drop_index(op.f("ix_site_visit_links_visit_id"), table_name="site_visit_links")
    op.drop_table("site_visit_links")
    op.drop_index("ix_site_visits_region_code_visited_on", table_name="site_visits")
    op.drop_table("site_visits")
