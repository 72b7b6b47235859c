"""Finding delegates: the organisers' search and the door's manual lookup share it."""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import ColumnElement, Select, and_, case, func, not_, or_, select, true
from sqlalchemy.orm import Session, joinedload

from checkin.db import unique_or_raise
from checkin.errors import AlreadyExists, DelegateNotFound, InvalidInput
from checkin.events.counting import invited_and_arrived
from checkin.events.identity import match_key_for, search_text_for
from checkin.events.phones import PhoneInvalid, normalise_phone, phone_digits
from checkin.events.search_terms import (
    Term,
    candidate_pieces,
    like_pattern,
    near_regex,
    rank_groups,
    text_condition,
    with_regions,
)
from checkin.events.statuses import (
    ARRIVAL_STATUSES,
    STATUS_ARRIVED,
    STATUS_NOT_YET,
    STATUS_REVOKED,
)
from checkin.models import DELEGATE_MATCH_UNIQUE, LEVELS, CheckIn, Delegate, Event, Region

MAX_PER_PAGE = 200
MAX_QUERY_WORDS = 6
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

#: Separators people type inside phone numbers: "0812-3456 789", "+62 (812) ...".
_PHONE_SEPARATORS = re.compile(r"[\s\-.()+/]+")


@dataclass
class DelegatePage:
    """One page of search results and how many matched in all."""

    items: list[Delegate]
    total: int
    page: int
    per_page: int
    pages: int


def query_terms(q: str | None) -> list[str]:
    """The lower-cased words a query must all contain; a typed phone becomes its digits."""
    text = (q or "").strip().lower()
    if not text:
        return []
    compact = _PHONE_SEPARATORS.sub("", text)
    if len(compact) >= 3 and compact.isdigit():
        return [compact]
    words = list(dict.fromkeys(text.split()))
    return words[:MAX_QUERY_WORDS]


def _term_condition(event: Event, term: Term, *, match_phone: bool) -> ColumnElement[bool]:
    in_text = text_condition(term)
    if not (match_phone and term.text.isdigit()):
        return in_text
    # The ids come from ix_delegate_event_phone alone, and the id is in the search index
    # too, so the query still never reads the rows.
    by_phone = select(Delegate.id).where(
        Delegate.event_id == event.id,
        Delegate.phone_digits.like(like_pattern(term.text), escape="\\"),
    )
    return or_(in_text, Delegate.id.in_(by_phone))


def matching_delegate_ids(event: Event, q: str | None) -> Select[int] | None:
    """The ids of the event's delegates a query finds, as search_delegates matches them
    (every word in the name, ormas, position or region; never the phone); None for no query.

    For other lists (the scan log) that filter by who they are about."""
    terms = with_regions(query_terms(q), list(event.regions))
    if not terms:
        return None
    conditions = [_term_condition(event, term, match_phone=False) for term in terms]
    return select(Delegate.id).where(Delegate.event_id == event.id, *conditions)


def delegate_status(delegate: Delegate) -> str:
    """The arrival status: arrived once admitted (it stands), else revoked, else not yet."""
    if delegate.check_in is not None:
        return STATUS_ARRIVED
    if delegate.revoked_at is not None:
        return STATUS_REVOKED
    return STATUS_NOT_YET


def _status_filter(status: str) -> ColumnElement[bool]:
    arrived = select(CheckIn.id).where(CheckIn.delegate_id == Delegate.id).exists()
    if status == STATUS_ARRIVED:
        return arrived
    if status == STATUS_REVOKED:
        return and_(Delegate.revoked_at.is_not(None), not_(arrived))
    return and_(Delegate.revoked_at.is_(None), not_(arrived))


def _page_ids(
    db: Session,
    conditions: list[ColumnElement[bool]],
    groups: list[ColumnElement[bool]],
    page: int,
    per_page: int,
) -> list[int]:
    """The page's ids: the groups' matches one group after the other (name matches, then
    ormas matches, then the rest), each in search-text order.

    Each group is read along the search index and stops once the page is full, so a common
    word costs no sort of all its matches; a group is counted only when the page starts
    beyond it.
    """
    ids: list[int] = []
    skip = (page - 1) * per_page
    for group in groups or [true()]:
        need = per_page - len(ids)
        if need == 0:
            break
        where = [*conditions, group]
        got = list(
            db.scalars(
                select(Delegate.id)
                .where(*where)
                .order_by(Delegate.search_text, Delegate.id)
                .limit(need)
                .offset(skip)
            )
        )
        if got:
            ids += got
            skip = 0
        elif skip:
            skip -= db.scalar(select(func.count()).select_from(Delegate).where(*where)) or 0
            skip = max(skip, 0)
    return ids


#: Up to this many matches are ordered in one query; more are read group by group.
SMALL_MATCH = 500

#: At most this many texts are checked for a word's near spellings (short pieces such as
#: "ti" of "tidak" are in most texts; the first ones the database finds are checked).
MAX_CANDIDATES = 5000

#: At most this many near spellings of one word are searched for (the commonest first).
MAX_NEAR_SPELLINGS = 20


def _correct_typos(db: Session, event: Event, terms: list[Term]) -> bool:
    """Give each word that alone finds nobody the near spellings the event's delegates
    have; False when there is nothing to retry (no word was corrected, or one word is
    neither found nor near anything: every word must match).

    The candidates come from one pass over the search index for the word's pieces (any
    spelling one slip away keeps one of them), at most MAX_CANDIDATES of them; the near
    spellings are then found in them here.
    """
    corrected = False
    for term in terms:
        if not term.correctable or _has_match(db, event, term):
            continue  # found as typed: another word or a filter left the answer empty
        pieces = candidate_pieces(term.text)
        texts = list(
            db.scalars(
                select(Delegate.search_text)
                .where(
                    Delegate.event_id == event.id,
                    or_(*(Delegate.search_text.like(like_pattern(p), escape="\\") for p in pieces)),
                )
                .limit(MAX_CANDIDATES)
            )
        )
        finds = near_regex(term.text)
        found: Counter[str] = Counter()
        for text in texts:
            found.update(finds.findall(text))
        if not found:
            return False
        term.near = [s for s, _n in found.most_common(MAX_NEAR_SPELLINGS)]
        corrected = True
    return corrected


def _has_match(db: Session, event: Event, term: Term) -> bool:
    found = db.scalar(
        select(Delegate.id).where(Delegate.event_id == event.id, text_condition(term)).limit(1)
    )
    return found is not None


def search_delegates(
    db: Session,
    event: Event,
    *,
    q: str | None = None,
    region_id: int | None = None,
    status: str | None = None,
    page: int = 1,
    per_page: int = 50,
    match_phone: bool = False,
) -> DelegatePage:
    """One page of the event's delegates matching a query and filters: those whose name has
    the words first, then those whose ormas has them, then the rest; each in name order.

    The query matches name, ormas, position and region (every word must appear, in any
    case) against Delegate.search_text, which starts with the lower-cased name. A run of
    words naming a region ("kukar", "kota bpp") also finds that region's delegates; when
    nothing matches, each word that alone finds nobody is taken one typing slip off
    (checkin.events.search_terms). Only with `match_phone` (the organisers' list, never the
    door: a hit or the total would tell the searcher a number's digits) may a word of digits
    match the phone instead. `status` is one of ARRIVAL_STATUSES (checkin.events.statuses),
    which are exclusive; any other value filters nothing.
    Region and check-in come eager-loaded; callers choose which fields they show.
    """
    per_page = max(1, min(per_page, MAX_PER_PAGE))
    terms = with_regions(query_terms(q), list(event.regions))
    filters: list[ColumnElement[bool]] = [Delegate.event_id == event.id]
    if region_id is not None:
        filters.append(Delegate.region_id == region_id)
    if status in ARRIVAL_STATUSES:
        filters.append(_status_filter(status))
    page = max(1, page)
    ids, total, conditions = _search(db, event, terms, filters, page, per_page, match_phone)
    if total == 0 and _correct_typos(db, event, terms):
        ids, total, conditions = _search(db, event, terms, filters, page, per_page, match_phone)
    pages = max(1, math.ceil(total / per_page))
    if page > pages:
        page = pages
        ids = _page_ids(db, conditions, rank_groups(terms), page, per_page)
    return DelegatePage(
        items=_load_rows(db, ids), total=total, page=page, per_page=per_page, pages=pages
    )


def _search(
    db: Session,
    event: Event,
    terms: list[Term],
    filters: list[ColumnElement[bool]],
    page: int,
    per_page: int,
    match_phone: bool,
) -> tuple[list[int], int, list[ColumnElement[bool]]]:
    conditions = [*filters, *(_term_condition(event, t, match_phone=match_phone) for t in terms)]
    groups = rank_groups(terms)
    if groups:
        # Most queries match a few hundred delegates at most: fetch them all with their
        # group in one query and order them here.
        rows = db.execute(
            select(Delegate.id, case(*((g, i) for i, g in enumerate(groups))))
            .where(*conditions)
            .order_by(Delegate.search_text, Delegate.id)
            .limit(SMALL_MATCH + 1)
        ).all()
        if len(rows) <= SMALL_MATCH:
            ordered = [i for i, _group in sorted(rows, key=lambda row: row[1])]
            return ordered[(page - 1) * per_page : page * per_page], len(ordered), conditions
    # Ids first, from the covering index alone. A page that is not full (and not past the
    # end) already says how many matched: rare queries such as a phone number then need no
    # second scan for the count.
    ids = _page_ids(db, conditions, groups, page, per_page)
    if len(ids) < per_page and (ids or page == 1):
        total = (page - 1) * per_page + len(ids)
    else:
        total = db.scalar(select(func.count()).select_from(Delegate).where(*conditions)) or 0
    return ids, total, conditions


def _load_rows(db: Session, ids: list[int]) -> list[Delegate]:
    if not ids:
        return []
    rows = db.scalars(
        select(Delegate)
        .where(Delegate.id.in_(ids))
        .options(joinedload(Delegate.region), joinedload(Delegate.check_in))
    ).unique()
    by_id = {d.id: d for d in rows}
    return [by_id[i] for i in ids if i in by_id]


@dataclass
class LevelCount:
    """Invited and arrived delegates of one level (provinsi or kabupaten/kota)."""

    level: str
    invited: int
    checked_in: int


def level_summary(db: Session, event: Event) -> list[LevelCount]:
    """Invited and arrived counts per level, every level listed, in LEVELS order."""
    rows = invited_and_arrived(db, event, Delegate.level)
    counts = {level: (invited, checked_in) for level, invited, checked_in in rows}
    levels = [*LEVELS, *sorted(set(counts) - set(LEVELS))]
    return [LevelCount(level, *counts.get(level, (0, 0))) for level in levels]


def get_delegate(db: Session, event: Event, delegate_id: int) -> Delegate:
    """Return the event's delegate with this id or raise DelegateNotFound."""
    delegate = db.get(Delegate, delegate_id)
    if delegate is None or delegate.event_id != event.id:
        raise DelegateNotFound(_("Peserta tidak ditemukan."))
    return delegate


def update_delegate(
    db: Session,
    event: Event,
    delegate: Delegate,
    *,
    name: str,
    ormas: str,
    region_id: int,
    level: str,
    position: str | None = None,
    phone: str | None = None,
    email: str | None = None,
    is_vip: bool = False,
) -> Delegate:
    """Correct a delegate's details; the phone is normalised and the search keys kept in step."""
    name, ormas = " ".join((name or "").split()), " ".join((ormas or "").split())
    position = " ".join((position or "").split()) or None
    if not name:
        raise InvalidInput(_("Nama peserta wajib diisi."))
    if not ormas:
        raise InvalidInput(_("Ormas wajib diisi."))
    region = db.get(Region, region_id)
    if region is None or region.event_id != event.id:
        raise InvalidInput(_("Pilih wilayah dari daftar acara ini."))
    if level not in LEVELS:
        raise InvalidInput(_("Tingkat harus provinsi atau kabupaten/kota."))
    try:
        phone = normalise_phone(phone)
    except PhoneInvalid as exc:
        raise InvalidInput(_("Nomor HP tidak dapat dipakai: %(why)s.", why=exc.message)) from None
    email = (email or "").strip() or None
    if email and not _EMAIL.match(email):
        raise InvalidInput(_("Alamat email %(email)s tidak sah.", email=email))
    taken = AlreadyExists(
        _(
            "Peserta %(name)s dari %(ormas)s (%(region)s) sudah ada di acara ini.",
            name=name,
            ormas=ormas,
            region=region.name,
        )
    )
    with unique_or_raise(db, (DELEGATE_MATCH_UNIQUE,), taken):
        delegate.name, delegate.ormas, delegate.position = name, ormas, position
        delegate.region, delegate.level = region, level
        delegate.phone, delegate.email, delegate.is_vip = phone, email, is_vip
        delegate.match_key = match_key_for(name, ormas, region.name)
        delegate.search_text = search_text_for(
            name=name, ormas=ormas, position=position, region_name=region.name
        )
        delegate.phone_digits = phone_digits(phone)
    return delegate


def region_counts(db: Session, event: Event) -> dict[int, int]:
    """How many delegates each region of the event has, by region id."""
    rows = db.execute(
        select(Delegate.region_id, func.count(Delegate.id))
        .where(Delegate.event_id == event.id)
        .group_by(Delegate.region_id)
    ).all()
    return {region_id: count for region_id, count in rows}
