"""Invitations: secrets and links, QR images, revoking and reissuing, the cards PDF, the
links export, the overview counts and the delegate's konfirmasi kehadiran."""

from .cards import card_delegates, cards_pdf, fonts
from .confirmation import (
    ExpectedSubstitute,
    confirm_attendance,
    expected_by_ormas,
    expected_by_region,
    expected_substitute,
    expected_total,
    is_open,
)
from .exports import export_invitations_csv, export_invitations_excel
from .links import invitation_url, new_secret, parse_code, public_base
from .overview import invitation_counts, invitation_counts_by_region, set_vip
from .qr import MAX_QR_VERSION, qr_png, qr_svg, qr_version
from .revoking import open_invitation, revoke_invitation

__all__ = [
    "ExpectedSubstitute",
    "MAX_QR_VERSION",
    "card_delegates",
    "cards_pdf",
    "confirm_attendance",
    "expected_by_ormas",
    "expected_by_region",
    "expected_substitute",
    "expected_total",
    "export_invitations_csv",
    "export_invitations_excel",
    "fonts",
    "invitation_counts",
    "invitation_counts_by_region",
    "invitation_url",
    "is_open",
    "new_secret",
    "open_invitation",
    "parse_code",
    "public_base",
    "qr_png",
    "qr_svg",
    "qr_version",
    "revoke_invitation",
    "set_vip",
]
