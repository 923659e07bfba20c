"""accounts run by the office: forced password change, last login, sessions' address, the account audit

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05 14:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import tuijin.kernel.db

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column(
            "must_change_password", sa.Boolean(), nullable=False, server_default=sa.false(),
            comment="set by a reset (or a creation with a one-time password): the next login may only change the "
                    "password"))
        batch_op.add_column(sa.Column("last_login_at", tuijin.kernel.db.UTCDateTime(timezone=True), nullable=True))
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.alter_column("must_change_password", server_default=None)
    with op.batch_alter_table("refresh_tokens", schema=None) as batch_op:
        batch_op.add_column(sa.Column("client_ip", sa.String(length=64), nullable=True,
                                      comment="address the token went to"))
        batch_op.add_column(sa.Column("user_agent", sa.String(length=200), nullable=True))
    op.create_table(
        "account_audit",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("at", tuijin.kernel.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Uuid(), nullable=True, comment="the account that made the change"),
        sa.Column("actor_name", sa.String(length=100), nullable=False, comment="its username (or the token's subject)"),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("target_id", sa.Uuid(), nullable=False),
        sa.Column("target_username", sa.String(length=64), nullable=False),
        sa.Column("region_code", sa.String(length=6), nullable=True,
                  comment="the changed account's region (after the change)"),
        sa.Column("changes", sa.JSON(), nullable=False, comment="field -> {before, after}"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_audit")),
    )
    with op.batch_alter_table("account_audit", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_account_audit_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_account_audit_target_id"), ["target_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_account_audit_region_code"), ["region_code"], unique=False)


def downgrade() -> None:
    op.drop_table("account_audit")
    with op.batch_alter_table("refresh_tokens", schema=None) as batch_op:
        batch_op.drop_column("user_agent")
        batch_op.drop_column("client_ip")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("last_login_at")
        batch_op.drop_column("must_change_password")
