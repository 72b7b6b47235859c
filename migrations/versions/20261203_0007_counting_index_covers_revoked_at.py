"""The live statistics' index covers revoked_at, which the counting rule reads

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 15:35:00.000000
"""

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_delegate_event_region_ormas", table_name="delegate")
    op.create_index(
        "ix_delegate_event_region_ormas",
        "delegate",
        ["event_id", "region_id", "ormas", "revoked_at"],
    )


def downgrade() -> None:
    op.drop_index("ix_delegate_event_region_ormas", table_name="delegate")
    columns = ["event_id", "region_id", "ormas"]
    op.create_index("ix_delegate_event_region_ormas", "delegate", columns)
