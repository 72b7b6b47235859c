"""door.pass_pin_sealed: the door pass's PIN, encrypted, for the organiser to see again

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-04 20:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


# recreate="never": SQLite adds and drops a column in place; recreating the table would drop
# it, and the foreign keys' ON DELETE CASCADE would delete the door-pass accounts.


def upgrade() -> None:
    # Passes issued before have none: their PIN was shown once, as before.
    with op.batch_alter_table("door", recreate="never") as batch_op:
        batch_op.add_column(sa.Column("pass_pin_sealed", sa.String(length=255), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("door", recreate="never") as batch_op:
        batch_op.drop_column("pass_pin_sealed")
