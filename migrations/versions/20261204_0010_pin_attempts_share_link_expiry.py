"""pin_attempt: wrong door-pass PINs per address; share_link.expires_at

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04 19:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

import checkin.db

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pin_attempt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("door_id", sa.Integer(), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("locked_until", checkin.db.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["door_id"],
            ["door.id"],
            name=op.f("fk_pin_attempt_door_id_door"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pin_attempt")),
        sa.UniqueConstraint("door_id", "address", name=op.f("uq_pin_attempt_door_id_address")),
    )
    # recreate="never": SQLite adds and drops the column in place, never copying the table
    # (a copy can cascade deletes, see 0006). Existing links keep NULL: they end with their
    # event, as checkin/accounts/share_links.py reads it.
    with op.batch_alter_table("share_link", recreate="never") as batch_op:
        batch_op.add_column(sa.Column("expires_at", checkin.db.UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("share_link", recreate="never") as batch_op:
        batch_op.drop_column("expires_at")
    op.drop_table("pin_attempt")
