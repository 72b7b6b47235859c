"""delegate identity unique: one delegate per organiser's id, and per match key among the rest

Until now the importer and the walk-in form looked for the same person with a SELECT before
their INSERT, so two requests at the same instant could both add them. From here the database
refuses it:
  - uq_delegate_event_external: (event_id, external_id) is unique (rows without an id do not
    count);
  - uq_delegate_event_match: (event_id, match_key) is unique among delegates without an id
    (two people with the same name, ormas and region are told apart by their ids).

A database that already holds such duplicates (made by that race, or by editing a delegate into
another's name, ormas and region) keeps every row, with its secret, check-in and sending state:
in each group the oldest delegate (lowest id) stays as it is, and each later one gets the
organiser's id "duplikat-<id>", which takes it out of both rules without changing who re-imports
match (they matched the oldest already). Each event with such rows gets one audit-log entry
naming them, so the organiser can review them on the audit page; the ids are also logged.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03 14:12:47.117699
"""

import logging
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

import checkin.db

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

#: The id given to a later duplicate: "duplikat-<its own id>".
MARKER = "duplikat-"
AUDIT_ACTION = "delegate.duplicate_marked"

log = logging.getLogger("alembic.runtime.migration")

delegate = sa.table(
    "delegate",
    sa.column("id", sa.Integer()),
    sa.column("event_id", sa.Integer()),
    sa.column("external_id", sa.String()),
    sa.column("match_key", sa.String()),
)
audit_log = sa.table(
    "audit_log",
    sa.column("event_id", sa.Integer()),
    sa.column("actor", sa.String()),
    sa.column("action", sa.String()),
    sa.column("detail", sa.Text()),
    sa.column("created_at", checkin.db.UTCDateTime()),
)


def upgrade() -> None:
    _mark_duplicates()
    with op.batch_alter_table("delegate", schema=None) as batch_op:
        batch_op.drop_index("ix_delegate_event_external")
        batch_op.create_index(
            "uq_delegate_event_external", ["event_id", "external_id"], unique=True
        )
        batch_op.create_index(
            "uq_delegate_event_match",
            ["event_id", "match_key"],
            unique=True,
            sqlite_where=sa.text("external_id IS NULL"),
            postgresql_where=sa.text("external_id IS NULL"),
        )


def downgrade() -> None:
    with op.batch_alter_table("delegate", schema=None) as batch_op:
        batch_op.drop_index("uq_delegate_event_match")
        batch_op.drop_index("uq_delegate_event_external")
        batch_op.create_index(
            "ix_delegate_event_external", ["event_id", "external_id"], unique=False
        )
    # The marked duplicates go back to having no id, as before the upgrade.
    marked = sa.literal(MARKER) + sa.cast(delegate.c.id, sa.String())
    op.execute(delegate.update().where(delegate.c.external_id == marked).values(external_id=None))


def _mark_duplicates() -> None:
    """Give every later delegate of a duplicate group the id duplikat-<id>; audit it per event."""
    bind = op.get_bind()
    with_id = delegate.c.external_id.is_not(None)
    groups = (
        (delegate.c.external_id, with_id, "the same organiser's id"),
        (delegate.c.match_key, delegate.c.external_id.is_(None), "the same name, ormas, region"),
    )
    notes: dict[int, list[str]] = {}
    for column, condition, why in groups:
        first = sa.func.min(delegate.c.id).label("first")
        duplicated = (
            sa.select(delegate.c.event_id, column.label("value"), first)
            .where(condition)
            .group_by(delegate.c.event_id, column)
            .having(sa.func.count() > 1)
        )
        for event_id, value, first_id in bind.execute(duplicated).all():
            later = bind.scalars(
                sa.select(delegate.c.id)
                .where(delegate.c.event_id == event_id, column == value, condition)
                .where(delegate.c.id != first_id)
                .order_by(delegate.c.id)
            ).all()
            for ident in later:
                bind.execute(
                    delegate.update()
                    .where(delegate.c.id == ident)
                    .values(external_id=f"{MARKER}{ident}")
                )
            ids = ", ".join(str(i) for i in later)
            notes.setdefault(event_id, []).append(
                f"delegate(s) {ids} had {why} as delegate {first_id}"
            )
    now = datetime.now(UTC)
    for event_id, lines in notes.items():
        detail = "; ".join(lines) + f"; each now has the id {MARKER}<its id>"
        log.warning("event %s: %s", event_id, detail)
        bind.execute(
            audit_log.insert().values(
                event_id=event_id,
                actor="migration 0002",
                action=AUDIT_ACTION,
                detail=detail,
                created_at=now,
            )
        )
