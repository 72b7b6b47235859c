"""The verdicts a scan can get, and what the door is told: the card and the first admission."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from checkin.models import (
    Delegate,
)

ADMITTED = "admitted"


ALREADY_CHECKED_IN = "already_checked_in"


UNKNOWN_CODE = "unknown_code"


REVOKED = "revoked"


UNDONE = "undone"


#: Verdicts a scan can get (UNDONE only marks an organiser's undo in the log).
VERDICTS = (ADMITTED, ALREADY_CHECKED_IN, UNKNOWN_CODE, REVOKED)


@dataclass(frozen=True)
class ScanResult:
    """A verdict with what the door shows: who, and for a repeat the first admission."""

    result: str
    delegate: dict[str, Any] | None
    checked_in_at: datetime | None
    gate: str
    scan_id: str | None
    checked_in_by: str | None = None
    substitute_name: str | None = None
    vip: bool = False
    conflict: bool = False

    @property
    def delegate_id(self) -> int | None:
        return self.delegate["id"] if self.delegate else None

    def to_dict(self) -> dict[str, Any]:
        """The API's answer (never a phone number)."""
        body: dict[str, Any] = {
            "result": self.result,
            "delegate": self.delegate,
            "checked_in_at": (
                self.checked_in_at.isoformat(timespec="seconds") if self.checked_in_at else None
            ),
            "gate": self.gate,
            "scan_id": self.scan_id,
            "checked_in_by": self.checked_in_by,
            "substitute_name": self.substitute_name,
            "vip": self.vip,
        }
        if self.conflict:
            body["conflict"] = True
        return body


def delegate_card(delegate: Delegate, region_name: str | None = None) -> dict[str, Any]:
    """What door screens may show of a delegate (never the phone or e-mail)."""
    return {
        "id": delegate.id,
        "name": delegate.name,
        "ormas": delegate.ormas,
        "region": region_name or delegate.region.name,
        "level": delegate.level,
        "position": delegate.position,
    }
