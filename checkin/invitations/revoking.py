"""Opening an invitation by its code, and revoking or reissuing a secret (lost or forwarded QR)."""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from checkin import audit
from checkin.db import unique_or_raise, utcnow
from checkin.errors import InvitationRevoked, UnknownCode
from checkin.invitations.links import new_secret, parse_code
from checkin.models import REVOKED_SECRET_UNIQUE, Delegate, Event, RevokedSecret


def open_invitation(db: Session, code: str) -> Delegate:
    """The delegate a code (URL or secret) belongs to; raises UnknownCode or InvitationRevoked."""
    secret = parse_code(code)
    if secret is not None:
        delegate = db.scalar(select(Delegate).where(Delegate.secret == secret))
        if delegate is not None and delegate.revoked_at is None:
            return delegate
        if delegate is not None or db.scalar(
            select(RevokedSecret.id).where(RevokedSecret.secret == secret)
        ):
            raise InvitationRevoked(_("Undangan ini sudah tidak berlaku."))
    raise UnknownCode(_("Kode undangan tidak dikenal."))


def revoke_invitation(
    db: Session,
    event: Event,
    code: str,
    *,
    reissue: bool,
    by: audit.Named | None = None,
    now: datetime | None = None,
) -> Delegate:
    """Revoke a delegate's invitation (CODE: the URL or the secret), optionally issuing a new one.

    Without reissue the secret stays and scans answer "revoked". With reissue the old secret
    moves to RevokedSecret (still answering "revoked") and the delegate gets a new one; the
    new link has not been sent or opened yet, so the delivery status starts again.
    Audit-logged (by None: a shell command), unless the invitation was already revoked.
    """
    secret = parse_code(code)
    delegate = None
    if secret is not None:
        delegate = db.scalar(
            select(Delegate).where(Delegate.event_id == event.id, Delegate.secret == secret)
        )
    replaced = InvitationRevoked(
        _("Kode ini sudah dicabut dan diganti dengan undangan baru. Gunakan kode yang baru.")
    )
    if delegate is None:
        if secret is not None and db.scalar(
            select(RevokedSecret.id).where(
                RevokedSecret.event_id == event.id, RevokedSecret.secret == secret
            )
        ):
            raise replaced
        raise UnknownCode(_("Kode undangan tidak dikenal untuk acara %(name)s.", name=event.name))
    now = now or utcnow()
    if reissue:
        # Two reissues of one code at once: the unique revoked secret lets the first replace
        # it; the second undoes its own work and answers as if it had come after.
        with unique_or_raise(db, (REVOKED_SECRET_UNIQUE,), replaced):
            db.add(
                RevokedSecret(
                    event_id=event.id,
                    delegate_id=delegate.id,
                    secret=delegate.secret,
                    revoked_at=now,
                )
            )
            delegate.secret = new_secret()
            delegate.revoked_at = None
            # The new link has been neither sent nor opened; the confirmation still stands.
            delegate.emailed_at = delegate.sent_at = delegate.sent_via = delegate.sent_by_id = None
            delegate.opened_at = delegate.reminded_at = None
    elif delegate.revoked_at is None:
        delegate.revoked_at = now
    else:
        db.flush()
        return delegate
    audit.record(
        db,
        event=event,
        user=by,
        actor=audit.actor_of(by),
        action=audit.INVITATION_REISSUE if reissue else audit.INVITATION_REVOKE,
        fields={"delegate": delegate.name, "delegate_id": delegate.id},
        now=now,
    )
    return delegate
