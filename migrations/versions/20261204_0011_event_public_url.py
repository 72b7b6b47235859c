"""event.public_url: the address of the event's invitation links, set in Pengaturan

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04 10:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


# recreate="never": SQLite adds and drops a column in place; recreating the table would drop
# it, and the foreign keys' ON DELETE CASCADE would empty the tables that point at it.


def upgrade() -> None:
    # Existing events get none: their links keep coming from CHECKIN_PUBLIC_URL.
    with op.batch_alter_table("event", recreate="never") as batch_op:
        batch_op.add_column(sa.Column("public_url", sa.String(length=300), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("event", recreate="never") as batch_op:
        batch_op.drop_column("public_url")
