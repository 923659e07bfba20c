"""inspections (督查): the inspection, the projects it visits with what was checked there, and its findings (each
closed on the spot or put on the ladder as a problem, whose id it keeps)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05 17:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import tuijin.kernel.db

revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('inspections',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('region_code', sa.String(length=6), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('theme', sa.String(length=200), nullable=False, comment='督查主题, e.g. 资金未落实项目专项督查'),
    sa.Column('lead', sa.String(length=100), nullable=False, comment="带队领导 (a special inspection's leader)"),
    sa.Column('team', sa.JSON(), nullable=False, comment='[{name, title, unit_id, unit_name}]'),
    sa.Column('inspected_on', sa.Date(), nullable=False, comment='planned day; the day it was held once recorded'),
    sa.Column('summary', sa.Text(), nullable=False, comment='总体情况, written when recorded'),
    sa.Column('created_by', sa.String(length=100), nullable=False),
    sa.Column('recorded_by', sa.String(length=100), nullable=True),
    sa.Column('recorded_at', tuijin.kernel.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('closed_by', sa.String(length=100), nullable=True),
    sa.Column('closed_at', tuijin.kernel.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', tuijin.kernel.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', tuijin.kernel.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inspections'))
    )
    with op.batch_alter_table('inspections', schema=None) as batch_op:
        batch_op.create_index('ix_inspections_region_code_inspected_on', ['region_code', 'inspected_on'], unique=False)

    op.create_table('inspection_findings',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('inspection_id', sa.Uuid(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('region_code', sa.String(length=6), nullable=False),
    sa.Column('project_id', sa.Uuid(), nullable=False),
    sa.Column('category', sa.String(length=32), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('disposition', sa.String(length=16), nullable=False),
    sa.Column('measures', sa.Text(), nullable=False, comment='整改意见 / what was done on the spot'),
    sa.Column('responsible_unit_id', sa.Uuid(), nullable=True),
    sa.Column('responsible_unit_name', sa.String(length=100), nullable=False),
    sa.Column('rectification_due_on', sa.Date(), nullable=True, comment='整改期限'),
    sa.Column('problem_id', sa.Uuid(), nullable=True),
    sa.Column('attachment_ids', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['inspection_id'], ['inspections.id'], name=op.f('fk_inspection_findings_inspection_id_inspections'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inspection_findings'))
    )
    with op.batch_alter_table('inspection_findings', schema=None) as batch_op:
        batch_op.create_index('ix_inspection_findings_inspection_id_position', ['inspection_id', 'position'], unique=False)
        batch_op.create_index(batch_op.f('ix_inspection_findings_problem_id'), ['problem_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_inspection_findings_project_id'), ['project_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_inspection_findings_region_code'), ['region_code'], unique=False)

    op.create_table('inspection_projects',
    sa.Column('inspection_id', sa.Uuid(), nullable=False),
    sa.Column('project_id', sa.Uuid(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('region_code', sa.String(length=6), nullable=False),
    sa.Column('project_code', sa.String(length=40), nullable=False),
    sa.Column('project_name', sa.String(length=200), nullable=False),
    sa.Column('responsible_unit_id', sa.Uuid(), nullable=True),
    sa.Column('checked', sa.Boolean(), nullable=False),
    sa.Column('reported_progress', sa.Text(), nullable=False, comment='形象进度 as the latest report says'),
    sa.Column('observed_progress', sa.Text(), nullable=False, comment='形象进度 as seen on site'),
    sa.Column('reported_percent', sa.Numeric(precision=5, scale=2), nullable=True),
    sa.Column('observed_percent', sa.Numeric(precision=5, scale=2), nullable=True),
    sa.Column('funds_reported', sa.Numeric(precision=15, scale=4), nullable=True, comment='万元, as reported'),
    sa.Column('funds_disbursed', sa.Numeric(precision=15, scale=4), nullable=True, comment='万元, 资金拨付 verified'),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['inspection_id'], ['inspections.id'], name=op.f('fk_inspection_projects_inspection_id_inspections'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('inspection_id', 'project_id', name=op.f('pk_inspection_projects'))
    )
    with op.batch_alter_table('inspection_projects', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inspection_projects_project_id'), ['project_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('inspection_projects', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inspection_projects_project_id'))

    op.drop_table('inspection_projects')
    with op.batch_alter_table('inspection_findings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inspection_findings_region_code'))
        batch_op.drop_index(batch_op.f('ix_inspection_findings_project_id'))
        batch_op.drop_index(batch_op.f('ix_inspection_findings_problem_id'))
        batch_op.drop_index('ix_inspection_findings_inspection_id_position')

    op.drop_table('inspection_findings')
    with op.batch_alter_table('inspections', schema=None) as batch_op:
        batch_op.drop_index('ix_inspections_region_code_inspected_on')

    op.drop_table('inspections')
