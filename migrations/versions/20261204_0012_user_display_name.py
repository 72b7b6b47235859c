"""user_account.display_name: the name others see instead of the account's username

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-04 20:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


# recreate="never": SQLite adds and drops a column in place; recreating the table would drop
# it, and the foreign keys' ON DELETE CASCADE would empty the tables that point at it.


def upgrade() -> None:
    # Existing accounts get none: they keep showing their door's name or their username.
    with op.batch_alter_table("user_account", recreate="never") as batch_op:
        batch_op.add_column(sa.Column("display_name", sa.String(length=80), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("user_account", recreate="never") as batch_op:
        batch_op.drop_column("display_name")
