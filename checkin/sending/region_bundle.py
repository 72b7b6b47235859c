"""The ZIP a regional liaison gets: the region's cards PDF, links CSV and a short note."""

from __future__ import annotations

import io
import zipfile

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from checkin import audit
from checkin.invitations.cards import card_delegates, cards_pdf
from checkin.models import Event, Region
from checkin.sending.region_links import EXPORT_REGION_BUNDLE, region_links_text


def _bundle_readme(event: Event, region: Region, count: int) -> str:
    return "\r\n".join(
        [
            _("Undangan %(event)s", event=event.name),
            _("Wilayah: %(region)s (%(n)d peserta)", region=region.name, n=count),
            "",
            _("Isi berkas ini:"),
            _("- kartu-undangan.pdf: kartu undangan untuk dicetak, enam per halaman A4."),
            _(
                "- tautan-undangan.csv: nama, ormas, nomor HP, tautan undangan pribadi dan "
                "tautan WhatsApp berisi pesan undangan yang siap dikirim."
            ),
            "",
            _(
                "Setiap tautan dan kode QR berlaku untuk satu orang. Serahkan kepada peserta "
                "yang bersangkutan saja, lalu kabari panitia siapa saja yang sudah menerima."
            ),
            _(
                "Berkas ini memuat data pribadi (UU 27/2022): simpan dengan aman dan hapus "
                "setelah acara selesai."
            ),
            "",
        ]
    )


def region_bundle(
    db: Session, event: Event, region: Region, base_url: str, *, actor: str, user=None
) -> bytes:
    """A ZIP of a region's cards PDF, links CSV and a short note, for its liaison; audit-logged."""
    delegates = card_delegates(db, event, region_id=region.id)
    links, count = region_links_text(db, event, region, base_url)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("kartu-undangan.pdf", cards_pdf(event, delegates, base_url))
        bundle.writestr("tautan-undangan.csv", links.encode("utf-8"))
        bundle.writestr("PETUNJUK.txt", _bundle_readme(event, region, count).encode("utf-8"))
    audit.record(
        db,
        event=event,
        user=user,
        actor=actor,
        action=EXPORT_REGION_BUNDLE,
        fields={"region": region.name, "rows": count},
    )
    return out.getvalue()
