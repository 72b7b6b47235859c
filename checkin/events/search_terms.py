"""What a delegate search asks for: words of text, regions named by their aliases
("kukar", "ppu", "kota bpp"), and, for a word that finds nobody, its spellings one typing
slip away ("hidayt" -> "hidayat").

Only Delegate.search_text (name, ormas, position, region) and the region are ever
matched here, never a phone or an e-mail: the door uses these terms too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, and_, not_, or_
from sqlalchemy.orm import InstrumentedAttribute

from checkin.events.regions import RegionMatcher
from checkin.models import Delegate, Region

#: Words shorter than this are never corrected: one edit away from them is nearly anything.
MIN_NEAR_LENGTH = 4
#: The longest alias, in words, looked for in a query ("kab. kutai kartanegara").
MAX_ALIAS_WORDS = 4


@dataclass
class Term:
    """A word of the query, or a run of words naming a region."""

    text: str
    region_id: int | None = None
    #: The near spellings found in the event's texts, once the word alone found nobody.
    near: list[str] = field(default_factory=list)

    @property
    def correctable(self) -> bool:
        return (
            self.region_id is None
            and len(self.text) >= MIN_NEAR_LENGTH
            and not any(c.isdigit() for c in self.text)
        )


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def like_pattern(term: str) -> str:
    """A LIKE pattern (escape "\\") for text containing the term as typed."""
    return f"%{_escape(term)}%"


def _near_spellings(word: str) -> set[tuple[str, ...]]:
    """The spellings one edit from `word` (None: any one letter): a letter missing, one too
    many, one wrong, or two neighbours swapped."""
    chars: list[str | None] = list(word)
    out: set[tuple[str | None, ...]] = set()
    for i in range(1, len(chars)):
        out.add(tuple(chars[:i] + [None] + chars[i:]))  # a letter missing
    for i in range(len(chars)):
        out.add(tuple(chars[:i] + [None] + chars[i + 1 :]))  # a wrong letter
        out.add(tuple(chars[:i] + chars[i + 1 :]))  # a letter too many
    for i in range(len(chars) - 1):
        out.add(tuple(chars[:i] + [chars[i + 1], chars[i]] + chars[i + 2 :]))  # swapped
    out.discard(tuple(chars))
    return {s for s in out if len(s) >= MIN_NEAR_LENGTH - 1}  # type: ignore[misc]


def near_regex(word: str) -> re.Pattern[str]:
    """Finds, in a search text, any spelling one edit from `word`."""
    spellings = _near_spellings(word)
    alternatives = ("".join("." if c is None else re.escape(c) for c in s) for s in spellings)
    return re.compile("|".join(sorted(alternatives)))


def candidate_pieces(word: str) -> list[str]:
    """Pieces of `word` at least one of which any spelling one edit away still contains:
    its two halves (one slip breaks at most one of them), and for long words the parts
    beside the middle (a swap across it breaks both halves)."""
    half = len(word) // 2
    pieces = [word[:half], word[half:]]
    if len(word) >= 8:
        pieces += [word[: half - 1], word[half + 1 :]]
    return pieces


def with_regions(words: list[str], regions: list[Region]) -> list[Term]:
    """The query's words, with each run of words that names a region (longest first) as
    one term for that region."""
    matcher = RegionMatcher(regions)
    terms: list[Term] = []
    i = 0
    while i < len(words):
        for n in range(min(MAX_ALIAS_WORDS, len(words) - i), 0, -1):
            run = " ".join(words[i : i + n])
            region = None if run.isdigit() else matcher.match(run)
            if region is not None:
                terms.append(Term(run, region_id=region.id))
                i += n
                break
        else:
            terms.append(Term(words[i]))
            i += 1
    return terms


def _like(
    column: ColumnElement[str] | InstrumentedAttribute[str], term: Term
) -> ColumnElement[bool]:
    spellings = term.near or [term.text]
    return or_(*(column.like(like_pattern(s), escape="\\") for s in spellings))


def text_condition(term: Term) -> ColumnElement[bool]:
    """Delegates whose search text has the term (or, corrected, a near spelling), or who
    belong to the region it names."""
    in_text = _like(Delegate.search_text, term)
    if term.region_id is None:
        return in_text
    return or_(Delegate.region_id == term.region_id, in_text)


def rank_groups(terms: list[Term]) -> list[ColumnElement[bool]]:
    """The order of the matches: those whose name has every word, then those whose ormas
    has them, then the rest (none: just search-text order, as without words)."""
    words = [t for t in terms if t.region_id is None and not t.text.isdigit()]
    if not words:
        return []
    name = and_(*(_ilike(Delegate.name, t) for t in words))
    ormas = and_(*(_ilike(Delegate.ormas, t) for t in words))
    return [name, and_(not_(name), ormas), and_(not_(name), not_(ormas))]


def _ilike(column: InstrumentedAttribute[str], term: Term) -> ColumnElement[bool]:
    spellings = term.near or [term.text]
    return or_(*(column.ilike(like_pattern(s), escape="\\") for s in spellings))
