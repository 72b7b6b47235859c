"""scan.clock_rejected: offline scans whose phone clock the server could not vouch for

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 09:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


# recreate="never": SQLite adds and drops a column in place; recreating the table would drop
# it, and the foreign keys' ON DELETE CASCADE would empty the tables that point at it.


def upgrade() -> None:
    with op.batch_alter_table("scan", recreate="never") as batch_op:
        batch_op.add_column(
            sa.Column("clock_rejected", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("scan", recreate="never") as batch_op:
        batch_op.drop_column("clock_rejected")
