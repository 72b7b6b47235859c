"""Domain errors: each carries a stable code and a readable message, and knows no HTTP."""

from __future__ import annotations


class CheckinError(Exception):
    """A business rule said no."""

    code = "error"
    #: The HTTP layer maps this kind of error to a status; the domain never uses it.
    kind = "invalid"

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


class AlreadyExists(CheckinError):
    code = "already_exists"
    kind = "conflict"


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
