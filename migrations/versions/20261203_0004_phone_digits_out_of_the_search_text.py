"""phone digits out of the search text

The door's search matched Delegate.search_text, which ended with the phone's digits, so door
staff could learn a number digit by digit. The digits move to their own indexed column,
delegate.phone_digits, which only the organisers' search reads; existing rows get it filled
and their search text cut back to name, ormas, position and region.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03 14:34:21.564615
"""

from collections.abc import Iterator

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

#: Rows per UPDATE batch.
CHUNK = 2000

delegate = sa.table(
    "delegate",
    sa.column("id", sa.Integer),
    sa.column("phone", sa.String),
    sa.column("search_text", sa.Text),
    sa.column("phone_digits", sa.String),
)


def _digits(phone: str) -> str:
    # A frozen copy of checkin.events.phones.phone_digits as it was at this revision: a
    # migration must do the same thing whatever the app's code becomes.
    digits = phone.lstrip("+")
    return f"{digits} 0{digits[2:]}" if digits.startswith("62") else digits


def _without_suffix(text: str, suffix: str) -> str:
    return text[: -len(suffix)] if suffix and text.endswith(suffix) else text


def _chunks(rows: list[dict]) -> Iterator[list[dict]]:
    for start in range(0, len(rows), CHUNK):
        yield rows[start : start + CHUNK]


def _rewrite(values: list[dict]) -> None:
    statement = (
        delegate.update()
        .where(delegate.c.id == sa.bindparam("row_id"))
        .values(search_text=sa.bindparam("text"), phone_digits=sa.bindparam("digits"))
    )
    conn = op.get_bind()
    for chunk in _chunks(values):
        conn.execute(statement, chunk)


def _rows_with_phone() -> list[sa.Row]:
    query = sa.select(delegate.c.id, delegate.c.phone, delegate.c.search_text).where(
        delegate.c.phone.is_not(None), delegate.c.phone != ""
    )
    return list(op.get_bind().execute(query))


def upgrade() -> None:
    # recreate="never": SQLite adds a column in place; recreating the table would make
    # its DROP run the foreign keys' ON DELETE actions on check_in and scan.
    with op.batch_alter_table("delegate", recreate="never") as batch_op:
        batch_op.add_column(
            sa.Column("phone_digits", sa.String(length=40), server_default="", nullable=False)
        )
        batch_op.create_index("ix_delegate_event_phone", ["event_id", "phone_digits"])
    # The old search text was "<name ormas position region> <digits>" (one space between).
    _rewrite(
        [
            {
                "row_id": row.id,
                "text": _without_suffix(row.search_text, " " + _digits(row.phone)),
                "digits": _digits(row.phone),
            }
            for row in _rows_with_phone()
        ]
    )


def downgrade() -> None:
    _rewrite(
        [
            {
                "row_id": row.id,
                "text": f"{row.search_text} {_digits(row.phone)}",
                "digits": "",
            }
            for row in _rows_with_phone()
        ]
    )
    # SQLite (3.35 and later) drops a column in place once no index uses it.
    with op.batch_alter_table("delegate", recreate="never") as batch_op:
        batch_op.drop_index("ix_delegate_event_phone")
        batch_op.drop_column("phone_digits")
