"""Region lists and the spellings organisers write for them."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from checkin.models import LEVEL_PROVINCE, LEVEL_REGENCY, Region


@dataclass(frozen=True)
class RegionSpec:
    name: str
    level: str
    aliases: tuple[str, ...]


#: Kalimantan Timur: the province and its ten kabupaten/kota, with the spellings seen in lists.
KALTIM_REGIONS: tuple[RegionSpec, ...] = (
    RegionSpec(
        "Provinsi Kalimantan Timur",
        LEVEL_PROVINCE,
        (
            "Provinsi",
            "Prov. Kaltim",
            "Prov Kaltim",
            "Kaltim",
            "Kalimantan Timur",
            "Provinsi Kaltim",
            "Prov. Kalimantan Timur",
            "Pemprov Kaltim",
        ),
    ),
    RegionSpec("Kabupaten Berau", LEVEL_REGENCY, ("Berau", "Kab. Berau", "Kab Berau")),
    RegionSpec(
        "Kabupaten Kutai Barat",
        LEVEL_REGENCY,
        ("Kutai Barat", "Kubar", "Kab. Kutai Barat", "Kab. Kubar"),
    ),
    RegionSpec(
        "Kabupaten Kutai Kartanegara",
        LEVEL_REGENCY,
        (
            "Kutai Kartanegara",
            "Kukar",
            "Kab. Kutai Kartanegara",
            "Kab. Kukar",
            "Tenggarong",
            "Kutai Kertanegara",
        ),
    ),
    RegionSpec(
        "Kabupaten Kutai Timur",
        LEVEL_REGENCY,
        ("Kutai Timur", "Kutim", "Kab. Kutai Timur", "Kab. Kutim"),
    ),
    RegionSpec(
        "Kabupaten Mahakam Ulu",
        LEVEL_REGENCY,
        ("Mahakam Ulu", "Mahulu", "Kab. Mahakam Ulu", "Kab. Mahulu", "Mahakam Hulu"),
    ),
    RegionSpec("Kabupaten Paser", LEVEL_REGENCY, ("Paser", "Kab. Paser", "Pasir")),
    RegionSpec(
        "Kabupaten Penajam Paser Utara",
        LEVEL_REGENCY,
        ("Penajam Paser Utara", "PPU", "Kab. PPU", "Kab. Penajam Paser Utara", "Penajam"),
    ),
    RegionSpec(
        "Kota Balikpapan",
        LEVEL_REGENCY,
        ("Balikpapan", "Kota Bpp", "Bpp", "Kota Balikpapan", "Balik Papan"),
    ),
    RegionSpec("Kota Bontang", LEVEL_REGENCY, ("Bontang",)),
    RegionSpec("Kota Samarinda", LEVEL_REGENCY, ("Samarinda", "Smd", "Kota Smd")),
)

_PREFIXES = re.compile(
    r"^(kabupaten|kab\.?|kota ?madya|kodya|kota|pemkab|pemkot|provinsi|propinsi|prov\.?|pemprov)"
    r"\s+",
    re.IGNORECASE,
)


def normalise_region_text(text: str) -> str:
    """Lower-case, collapse spaces and dots, so 'KAB.  Kutai  Kartanegara ' matches."""
    text = re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip().lower()
    text = re.sub(r"\.(?=\S)", ". ", text)
    text = re.sub(r"\s+", " ", text).strip(" ,;:")
    return text


def _keys(name: str) -> set[str]:
    key = normalise_region_text(name)
    keys = {key, key.replace(".", "").strip()}
    stripped = _PREFIXES.sub("", key)
    # "Kota Balikpapan" -> "balikpapan" is safe; the province has no bare-name collision
    # with a kabupaten/kota in Kalimantan Timur.
    if stripped != key:
        keys.add(stripped)
    return keys


class RegionMatcher:
    """Finds an event's region from whatever spelling a file uses."""

    def __init__(self, regions: list[Region]) -> None:
        self._by_key: dict[str, Region] = {}
        self._cache: dict[str, Region | None] = {}
        ambiguous: set[str] = set()
        for region in regions:
            for spelling in [region.name, *region.alias_list]:
                for key in _keys(spelling):
                    other = self._by_key.get(key)
                    if other is not None and other is not region:
                        ambiguous.add(key)
                    self._by_key[key] = region
        for key in ambiguous:
            del self._by_key[key]

    def match(self, text: str | None) -> Region | None:
        """Return the region this text names, or None."""
        if not text or not text.strip():
            return None
        if text not in self._cache:  # files repeat the same few spellings thousands of times
            self._cache[text] = next(
                (self._by_key[key] for key in _keys(text) if key in self._by_key), None
            )
        return self._cache[text]

    def suggest(self, text: str) -> Region | None:
        """The region whose spelling is closest to a text that did not match (a typo)."""
        candidates: list[str] = []
        for key in _keys(text):
            candidates += difflib.get_close_matches(key, self._by_key, n=1, cutoff=0.8)
        return self._by_key[candidates[0]] if candidates else None


def default_regions() -> list[Region]:
    """New Region rows for Kalimantan Timur's default list."""
    return [
        Region(name=spec.name, level=spec.level, aliases="\n".join(spec.aliases), sort_order=i)
        for i, spec in enumerate(KALTIM_REGIONS)
    ]
