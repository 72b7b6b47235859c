"""konfirmasi answer "hadir" becomes "akan_hadir"

"hadir" is the arrival's word (the delegate filter and the delivery status); the answer
"I will attend" now has its own (checkin.events.statuses). Data only, no schema change.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03 14:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_RENAME = "UPDATE delegate SET confirmation = :new WHERE confirmation = :old"


def upgrade() -> None:
    op.execute(sa.text(_RENAME).bindparams(old="hadir", new="akan_hadir"))


def downgrade() -> None:
    op.execute(sa.text(_RENAME).bindparams(old="akan_hadir", new="hadir"))
