"""event.report_place and event.report_logo: the Daftar Hadir's place line and kop logo

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-04 20:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


# recreate="never": SQLite adds and drops a column in place; recreating the table would drop
# it, and the foreign keys' ON DELETE CASCADE would empty the tables that point at it.


def upgrade() -> None:
    # Existing events get neither: the line prints dots for the place, the kop no logo.
    with op.batch_alter_table("event", recreate="never") as batch_op:
        batch_op.add_column(sa.Column("report_place", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("report_logo", sa.LargeBinary(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("event", recreate="never") as batch_op:
        batch_op.drop_column("report_logo")
        batch_op.drop_column("report_place")
