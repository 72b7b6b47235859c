"""Domain errors: each carries a stable code and a readable message, and knows no HTTP."""

from __future__ import annotations

from datetime import datetime


class CheckinError(Exception):
    """A business rule said no."""

    code = "error"
    #: The HTTP layer maps this kind of error to a status; the domain never uses it.
    kind = "invalid"
    #: Seconds after which trying again may succeed (sent as Retry-After), if that is known.
    retry_after: int | None = None

    def __init__(self, message: str, *, details: list | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or []


class NotFound(CheckinError):
    code = "not_found"
    kind = "not_found"


class EventNotFound(NotFound):
    code = "event_not_found"


class DelegateNotFound(NotFound):
    code = "delegate_not_found"


class UserNotFound(NotFound):
    code = "user_not_found"


class InvalidInput(CheckinError):
    code = "invalid_input"


class WrongPassword(InvalidInput):
    """The current password given to change it was not the account's."""

    code = "wrong_password"


class PhoneInvalid(InvalidInput):
    """Not a usable phone number; the message says why (checkin.phones)."""

    code = "phone_invalid"


class AlreadyExists(CheckinError):
    code = "already_exists"
    kind = "conflict"


class PublicUrlMissing(CheckinError):
    """No public address is known for the event's links (the event's own, CHECKIN_PUBLIC_URL
    or the address `checkin serve` announced), so none can be built."""

    code = "public_url_missing"
    kind = "conflict"

    def __init__(self, message: str, *, slug: str | None = None) -> None:
        super().__init__(message)
        self.slug = slug


class ImportInvalid(CheckinError):
    """The file cannot be imported; `details` lists every problem by row and column."""

    code = "import_invalid"


class UnknownCode(CheckinError):
    code = "unknown_code"


class InvitationRevoked(CheckinError):
    code = "revoked"


class Forbidden(CheckinError):
    code = "forbidden"
    kind = "forbidden"


class DoorPassInvalid(CheckinError):
    """A door pass link that does not exist (any more) or was revoked."""

    code = "door_pass_invalid"
    kind = "not_found"


class DoorPassRevoked(CheckinError):
    """A phone signed in with a door pass that the organiser has since revoked or reissued."""

    code = "door_pass_revoked"
    kind = "unauthorized"


class DoorPassExpired(CheckinError):
    code = "door_pass_expired"
    kind = "forbidden"


class WrongPin(CheckinError):
    """A door pass's PIN that was not the right one; the address may have to wait now."""

    code = "wrong_pin"

    def __init__(self, message: str, *, wait_seconds: int = 0) -> None:
        super().__init__(message)
        #: How long before this address's next PIN is checked (0: at once).
        self.wait_seconds = wait_seconds


class PinLocked(WrongPin):
    """Too many wrong PINs from this address: its PIN was not even checked."""

    code = "pin_locked"
    kind = "too_many"


class InvalidGate(InvalidInput):
    code = "invalid_gate"


class InvalidText(InvalidInput):
    """Typed text with control or bidi characters, or too long (checkin.text)."""

    code = "invalid_text"


class InvalidScan(InvalidInput):
    """A scan request field (scan_id, scanned_at, substitute_name) that cannot be used."""

    code = "invalid_scan"


class NotCheckedIn(CheckinError):
    code = "not_checked_in"
    kind = "conflict"


class EmailFailed(CheckinError):
    """The SMTP server could not be reached or refused us (not one bad address)."""

    code = "email_failed"


class ShareLinkInvalid(Forbidden):
    """A live-screen share link that does not exist, belongs elsewhere or was revoked."""

    code = "share_link_invalid"


class ShareLinkExpired(ShareLinkInvalid):
    """A live-screen share link whose event has ended; it says when it stopped."""

    code = "share_link_expired"

    def __init__(self, message: str, *, expires_at: datetime, timezone: str) -> None:
        super().__init__(message)
        self.expires_at = expires_at
        #: The event's zone, to show the end as its people read it.
        self.timezone = timezone


class ConfirmationClosed(CheckinError):
    """Konfirmasi kehadiran can no longer change (the event started or the delegate arrived)."""

    code = "confirmation_closed"
    kind = "conflict"


class TooManyStreams(CheckinError):
    """This share link, account or address already has as many live streams open as allowed."""

    code = "too_many_streams"
    kind = "rate_limited"
    retry_after = 60


class StreamsFull(CheckinError):
    """This process streams to as many screens as it may without taking the doors' threads."""

    code = "streams_full"
    kind = "unavailable"
    retry_after = 30


class BackupFailed(CheckinError):
    """`checkin backup` could not write a copy; the message says why and what to do."""

    code = "backup_failed"
