"""The one rule for free text that people type into checkin and others then see.

Door names, walk-in names, ormas and positions, the substitute a door records, the
konfirmasi of a delegate who sends a substitute, an organiser's reason for an undo: such
text reaches other people's screens (the door's verdict, the live and welcome screens,
the daftar hadir). So it is normalised to NFC ("é" typed as one character or as e and a
combining accent is one spelling), trimmed, and refused, naming the field, when it holds
a character that changes how a screen lays text out or that no column can store:

- C0 and C1 control characters and DEL (a tab or new line in a name is whitespace and
  folds into a space; in a door's name, kept as typed, it is refused);
- the bidirectional marks, embeddings, overrides and isolates: U+061C, U+200E, U+200F,
  U+202A-U+202E and U+2066-U+2069 (U+202E makes "gpj.exe" read "exe.jpg");
- the line and paragraph separators U+2028 and U+2029;
- lone surrogates (a JSON "\\ud800" escape), which are not text at all.

Refused rather than silently dropped: whoever typed it reads why and types it again.
Lists imported from office files are cleaned instead (importing.columns.cell_text).
"""

from __future__ import annotations

import re
import unicodedata

from flask_babel import gettext as _

from checkin.errors import InvalidInput, InvalidText

#: Characters free text never holds (see the module docstring).
UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def unsafe_characters(text: str) -> list[str]:
    """The characters of text that the rule refuses, as U+XXXX, in order, without repeats."""
    return list(dict.fromkeys(f"U+{ord(c):04X}" for c in UNSAFE.findall(text)))


def clean_text(
    value: object,
    *,
    field: str,
    max_length: int,
    required: bool = True,
    fold_spaces: bool = True,
    error: type[InvalidInput] = InvalidText,
) -> str | None:
    """Typed text made safe to show, or `error` (InvalidText by default) saying why not.

    NFC, outer whitespace trimmed and, unless fold_spaces is False (a door's name is kept
    as typed), every run of whitespace (tabs and new lines too) folded into one space.
    What remains must be 1 to max_length characters without an UNSAFE one; blank text is
    None when not required.
    """
    if value is not None and not isinstance(value, str):
        raise error(_("%(field)s harus berupa teks.", field=field))
    text = unicodedata.normalize("NFC", value or "")
    text = " ".join(text.split()) if fold_spaces else text.strip()
    if found := unsafe_characters(text):
        raise error(
            _(
                "%(field)s berisi karakter yang tidak boleh dipakai (karakter kendali atau "
                "pembalik arah teks: %(chars)s). Ketik ulang tanpa karakter itu.",
                field=field,
                chars=", ".join(found),
            )
        )
    if not text:
        if required:
            raise error(_("%(field)s wajib diisi.", field=field))
        return None
    if len(text) > max_length:
        raise error(_("%(field)s paling banyak %(n)d karakter.", field=field, n=max_length))
    return text
