"""event.allow_free_gate: whether a check-in's gate may be any text or one of the doors

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 14:40:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


# recreate="never": SQLite adds and drops a column in place; recreating the table would drop
# it, and the foreign keys' ON DELETE CASCADE would empty the tables that point at it.


def upgrade() -> None:
    # Existing events keep what they did: any gate text is recorded as given.
    with op.batch_alter_table("event", recreate="never") as batch_op:
        batch_op.add_column(
            sa.Column("allow_free_gate", sa.Boolean(), server_default=sa.true(), nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("event", recreate="never") as batch_op:
        batch_op.drop_column("allow_free_gate")
