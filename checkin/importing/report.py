"""What an import tells the organiser: new and changed rows, regions used, the preview."""

from __future__ import annotations

from dataclasses import dataclass, field

from checkin.events.phones import format_phone
from checkin.importing.columns import field_label

PREVIEW_ROWS = 10


@dataclass
class RowChange:
    """An existing delegate that the file changes."""

    row: int
    name: str
    #: Field keys: name, ormas, position, level, region_id, phone, email, external_id.
    fields: list[str]

    @property
    def field_labels(self) -> list[str]:
        return [field_label(f) for f in self.fields]


@dataclass
class PreviewRow:
    row: int
    name: str
    position: str | None
    ormas: str
    region: str
    level: str
    phone: str | None
    #: "new", "updated" or "unchanged".
    status: str
    #: A note on the phone ("nomor telepon kantor, bukan nomor HP/WhatsApp"), else None.
    phone_note: str | None = None


@dataclass
class PhoneNote:
    """A delegate of the file whose phone needs the organiser's eye: an office line, or none."""

    row: int
    name: str
    phone: str | None = None


@dataclass
class RegionUse:
    """A region of the file: its delegates and the spellings the file used for it."""

    region: str
    level: str
    rows: int
    #: (spelling as written, rows), most used first.
    spellings: list[tuple[str, int]]


@dataclass
class ImportReport:
    """What an import did (or, for a preview, would do)."""

    filename: str
    #: The worksheet used (XLSX with several sheets), else None.
    sheet: str | None
    header_row: int
    #: (header as written, field label) for each recognised column.
    columns: list[tuple[str, str]]
    extra_columns: list[str]
    warnings: list[str]
    rows: int = 0
    added: int = 0
    updated: list[RowChange] = field(default_factory=list)
    unchanged: int = 0
    not_in_file: int = 0
    by_level: dict[str, int] = field(default_factory=dict)
    regions: list[RegionUse] = field(default_factory=list)
    sample: list[PreviewRow] = field(default_factory=list)
    #: Delegates whose number is an office/home line (no WhatsApp), in file order.
    office_lines: list[PhoneNote] = field(default_factory=list)
    #: Delegates without a phone, in file order (when the file has a phone column).
    without_phone: list[PhoneNote] = field(default_factory=list)
    committed: bool = False

    def summary_lines(self) -> list[str]:
        """The report as plain lines for the command line."""
        where = f"sheet {self.sheet!r}, " if self.sheet else ""
        lines = [
            f"{self.filename} ({where}header on row {self.header_row}): {self.rows} delegates",
            f"added: {self.added}",
            f"updated: {len(self.updated)}",
            f"unchanged: {self.unchanged}",
            f"not in file (kept): {self.not_in_file}",
        ]
        lines += [f"  row {c.row} {c.name}: {', '.join(c.field_labels)}" for c in self.updated]
        if self.extra_columns:
            lines.append("extra columns ignored: " + ", ".join(self.extra_columns))
        lines += [f"note: {w}" for w in self.warnings]
        lines += [
            f"  row {n.row} {n.name}: {format_phone(n.phone)} (office line, not WhatsApp)"
            for n in self.office_lines
        ]
        lines += [f"  row {n.row} {n.name}: no phone" for n in self.without_phone]
        return lines
