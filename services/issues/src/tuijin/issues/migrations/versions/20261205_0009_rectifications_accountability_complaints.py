"""rectifications (整改) chased by letters, accountability records (问责), efficiency complaints (行政效能投诉)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05 16:44:23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import tuijin.kernel.db

revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('accountability_records',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('region_code', sa.String(length=6), nullable=False),
    sa.Column('sanction', sa.String(length=32), nullable=False),
    sa.Column('target_kind', sa.String(length=8), nullable=False, comment='unit | post'),
    sa.Column('unit_id', sa.Uuid(), nullable=True),
    sa.Column('post_id', sa.Uuid(), nullable=True),
    sa.Column('target_name', sa.String(length=200), nullable=False, comment="the unit's name or the post's title"),
    sa.Column('project_id', sa.Uuid(), nullable=True),
    sa.Column('summary', sa.Text(), nullable=False, comment='问责事由'),
    sa.Column('grounds', sa.JSON(), nullable=False, comment='[{kind, id, note}]'),
    sa.Column('decided_by', sa.String(length=100), nullable=False, comment='who decided, e.g. 县委、县政府'),
    sa.Column('decided_on', sa.Date(), nullable=False),
    sa.Column('recorded_by', sa.String(length=100), nullable=False),
    sa.Column('recorded_at', tuijin.kernel.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_accountability_records'))
    )
    with op.batch_alter_table('accountability_records', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_accountability_records_post_id'), ['post_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_accountability_records_project_id'), ['project_id'], unique=False)
        batch_op.create_index('ix_accountability_records_region_code_decided_on', ['region_code', 'decided_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_accountability_records_unit_id'), ['unit_id'], unique=False)

    op.create_table('complaints',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('region_code', sa.String(length=6), nullable=False),
    sa.Column('complainant', sa.String(length=100), nullable=False, comment="who complains, e.g. the owner unit's contact"),
    sa.Column('complainant_contact', sa.String(length=100), nullable=False),
    sa.Column('project_id', sa.Uuid(), nullable=False),
    sa.Column('project_code', sa.String(length=40), nullable=False),
    sa.Column('project_name', sa.String(length=200), nullable=False),
    sa.Column('unit_id', sa.Uuid(), nullable=False, comment='the unit complained about'),
    sa.Column('unit_name', sa.String(length=100), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('finding_due_on', sa.Date(), nullable=False, comment='the finding is due by (working days after receipt)'),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('investigation_started_on', sa.Date(), nullable=True),
    sa.Column('finding', sa.String(length=24), nullable=True),
    sa.Column('finding_text', sa.Text(), nullable=False),
    sa.Column('decided_on', sa.Date(), nullable=True),
    sa.Column('recorded_by', sa.String(length=100), nullable=False),
    sa.Column('recorded_at', tuijin.kernel.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_complaints'))
    )
    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_complaints_project_id'), ['project_id'], unique=False)
        batch_op.create_index('ix_complaints_region_code_received_on', ['region_code', 'received_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_complaints_unit_id'), ['unit_id'], unique=False)

    op.create_table('rectifications',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('region_code', sa.String(length=6), nullable=False),
    sa.Column('source_kind', sa.String(length=24), nullable=False, comment='interview | inspection_finding'),
    sa.Column('source_id', sa.Uuid(), nullable=False),
    sa.Column('project_id', sa.Uuid(), nullable=True),
    sa.Column('project_code', sa.String(length=40), nullable=False),
    sa.Column('project_name', sa.String(length=200), nullable=False),
    sa.Column('unit_id', sa.Uuid(), nullable=False, comment='the responsible unit (整改责任单位)'),
    sa.Column('unit_name', sa.String(length=100), nullable=False),
    sa.Column('requirement', sa.Text(), nullable=False, comment='what is to be put right (整改要求)'),
    sa.Column('deadline', sa.Date(), nullable=False, comment='整改期限; a reopening sets a new one'),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('report_note', sa.Text(), nullable=False, comment="the unit's report (整改情况报告)"),
    sa.Column('report_evidence', sa.JSON(), nullable=False),
    sa.Column('reported_on', sa.Date(), nullable=True),
    sa.Column('reported_by', sa.String(length=100), nullable=True),
    sa.Column('verification_note', sa.Text(), nullable=False),
    sa.Column('verified_on', sa.Date(), nullable=True),
    sa.Column('verified_by', sa.String(length=100), nullable=True),
    sa.Column('reopen_reason', sa.Text(), nullable=False),
    sa.Column('reopen_count', sa.Integer(), nullable=False),
    sa.Column('opened_by', sa.String(length=100), nullable=False),
    sa.Column('opened_at', tuijin.kernel.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rectifications')),
    sa.UniqueConstraint('source_kind', 'source_id', name=op.f('uq_rectifications_source_kind_source_id'))
    )
    with op.batch_alter_table('rectifications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rectifications_project_id'), ['project_id'], unique=False)
        batch_op.create_index('ix_rectifications_region_code_deadline', ['region_code', 'deadline'], unique=False)
        batch_op.create_index(batch_op.f('ix_rectifications_unit_id'), ['unit_id'], unique=False)

    with op.batch_alter_table('letters', schema=None) as batch_op:
        batch_op.add_column(sa.Column('rectification_id', sa.Uuid(), nullable=True))
        batch_op.create_index(batch_op.f('ix_letters_rectification_id'), ['rectification_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('letters', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_letters_rectification_id'))
        batch_op.drop_column('rectification_id')

    with op.batch_alter_table('rectifications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rectifications_unit_id'))
        batch_op.drop_index('ix_rectifications_region_code_deadline')
        batch_op.drop_index(batch_op.f('ix_rectifications_project_id'))

    op.drop_table('rectifications')
    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_complaints_unit_id'))
        batch_op.drop_index('ix_complaints_region_code_received_on')
        batch_op.drop_index(batch_op.f('ix_complaints_project_id'))

    op.drop_table('complaints')
    with op.batch_alter_table('accountability_records', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_accountability_records_unit_id'))
        batch_op.drop_index('ix_accountability_records_region_code_decided_on')
        batch_op.drop_index(batch_op.f('ix_accountability_records_project_id'))
        batch_op.drop_index(batch_op.f('ix_accountability_records_post_id'))

    op.drop_table('accountability_records')
