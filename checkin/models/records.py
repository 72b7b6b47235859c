"""Records that hang off the core model and that nothing else points to: revoked secrets,
every scan, the audit log, view-only share links, wrong-PIN counts of door passes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from checkin.db import Base, UTCDateTime, utcnow
from checkin.models.core import Delegate, User


class RevokedSecret(Base):
    """A secret that was replaced: scanning it answers "revoked", never "unknown"."""

    __tablename__ = "revoked_secret"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"))
    delegate_id: Mapped[int] = mapped_column(ForeignKey("delegate.id", ondelete="CASCADE"))
    secret: Mapped[str] = mapped_column(String(64), unique=True)
    revoked_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Scan(Base):
    """Every scan attempt, admitted or not: the audit trail and the live view's source."""

    __tablename__ = "scan"
    __table_args__ = (
        UniqueConstraint("event_id", "scan_id"),
        Index("ix_scan_event_created", "event_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"))
    #: Client-chosen id that makes a retried scan idempotent.
    scan_id: Mapped[str | None] = mapped_column(String(80))
    #: What the scanner read, cut to 500 characters.
    code: Mapped[str] = mapped_column(String(500))
    gate: Mapped[str] = mapped_column(String(80))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    #: admitted, already_checked_in, unknown_code, revoked, undone.
    result: Mapped[str] = mapped_column(String(30))
    delegate_id: Mapped[int | None] = mapped_column(ForeignKey("delegate.id", ondelete="SET NULL"))
    #: When the phone saw the code (offline scans arrive later).
    scanned_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    #: The phone showed "admitted" offline but another door had admitted first.
    is_conflict: Mapped[bool] = mapped_column(default=False)
    #: An offline scan whose time the server could not vouch for (later than the server's
    #: clock, or over 24 hours back): admitted at the server's time, shown with the conflicts.
    clock_rejected: Mapped[bool] = mapped_column(default=False)
    #: When an organiser reviewed this conflict (checkin/conflicts.py), and who.
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reviewed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    note: Mapped[str | None] = mapped_column(String(500))

    user: Mapped[User | None] = relationship(foreign_keys=[user_id])
    delegate: Mapped[Delegate | None] = relationship()


class AuditLog(Base):
    """Who exported or changed personal data, and when."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    #: Who acted when there is no user (a CLI command: "cli").
    actor: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(80))
    detail: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    #: The account that acted (None: a CLI command, or the account is gone), whose shown
    #: name the audit page gives rather than `actor`, the username it had then.
    user: Mapped[User | None] = relationship()


class ShareLink(Base):
    """A view-only link to an event's live screens (/e/<slug>/live?share=…), revocable."""

    __tablename__ = "share_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    #: What the organiser calls it ("Proyektor ballroom").
    label: Mapped[str] = mapped_column(String(120))
    #: SHA-256 of the token; the token is shown once, when the link is made.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    #: The event's end when the link was made; it lasts longer if the event's end moves later
    #: (checkin/accounts/share_links.py). None (links older than migration 0010): the event's.
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    def __repr__(self) -> str:
        return f"<ShareLink {self.id} {self.label}>"


class PinAttempt(Base):
    """Wrong PINs typed on one door pass from one address (checkin/accounts/pin_attempts.py)."""

    __tablename__ = "pin_attempt"
    __table_args__ = (UniqueConstraint("door_id", "address"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    door_id: Mapped[int] = mapped_column(ForeignKey("door.id", ondelete="CASCADE"))
    #: The client as the rate limits see it; an IPv6 address as its /64 network.
    address: Mapped[str] = mapped_column(String(64))
    failures: Mapped[int] = mapped_column(default=0)
    #: No PIN from this address is checked before this time.
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
