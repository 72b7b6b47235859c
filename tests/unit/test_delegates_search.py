"""The organisers' delegate search: query, filters, statuses and paging."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from checkin.events import (
    STATUS_ARRIVED,
    STATUS_NOT_YET,
    STATUS_REVOKED,
    delegate_status,
    query_terms,
    search_delegates,
)
from checkin.events import delegates as delegates_module
from checkin.models import CheckIn
from checkin.scanning import register_walkin


@pytest.fixture
def add(make_delegate):
    """Factory: a delegate by name and ormas (make_delegate stores the import's search text)."""

    def make(name: str, ormas: str = "Ormas", **fields):
        return make_delegate(name=name, ormas=ormas, **fields)

    return make


def _admit(db, event, delegate) -> None:
    db.add(
        CheckIn(
            event_id=event.id,
            delegate_id=delegate.id,
            checked_in_at=datetime(2024, 10, 15, 0, 5, tzinfo=UTC),
            gate="Pintu Utama",
        )
    )
    db.commit()


def _names(page) -> list[str]:
    return [d.name for d in page.items]


def test_search_by_name_is_case_insensitive(db, event, add):
    add("Drs. H. Ahmad Syarifuddin, M.Si.")
    add("Budi Santoso")
    assert _names(search_delegates(db, event, q="SYARIF")) == ["Drs. H. Ahmad Syarifuddin, M.Si."]


def test_search_by_ormas(db, event, add):
    add("Siti Rahma", "Pemuda Pancasila")
    add("Budi Santoso", "Karang Taruna")
    assert _names(search_delegates(db, event, q="pancasila")) == ["Siti Rahma"]


def test_search_by_region_name(db, event, add):
    samarinda = next(r for r in event.regions if r.name == "Kota Samarinda")
    add("Siti Rahma", region=samarinda)
    add("Budi Santoso")
    assert _names(search_delegates(db, event, q="samarinda")) == ["Siti Rahma"]


@pytest.mark.parametrize("typed", ["0812-3456-7890", "+62 812 3456", "81234567", "6281234"])
def test_search_by_phone_digits_in_any_form(db, event, add, typed):
    add("Siti Rahma", phone="+6281234567890")
    add("Budi Santoso", phone="+6285211112222")
    assert _names(search_delegates(db, event, q=typed, match_phone=True)) == ["Siti Rahma"]


@pytest.mark.parametrize("typed", ["0812-3456-7890", "+62 812 3456", "81234567", "7890"])
def test_search_never_matches_phone_digits_unless_asked(db, event, add, typed):
    add("Siti Rahma", phone="+6281234567890")
    assert search_delegates(db, event, q=typed).total == 0
    assert search_delegates(db, event, q=typed, match_phone=True).total == 1


def test_search_words_of_digits_match_the_phone_beside_a_name_for_organisers(db, event, add):
    add("Siti Rahma", phone="+6281234567890")
    add("Siti Aminah", phone="+6285211112222")
    assert search_delegates(db, event, q="siti 7890").total == 0
    assert _names(search_delegates(db, event, q="siti 7890", match_phone=True)) == ["Siti Rahma"]


def test_walk_in_phone_is_searchable_by_organisers_only(db, event):
    delegate, _result = register_walkin(
        db,
        event,
        name="Rina Walk In",
        ormas="Ormas Baru",
        region_id=event.regions[1].id,
        phone="0813-2222-3333",
        gate="Pintu Utama",
        by=None,
    )
    db.commit()
    assert "2222" not in delegate.search_text
    assert search_delegates(db, event, q="081322223333").total == 0
    assert _names(search_delegates(db, event, q="081322223333", match_phone=True)) == [
        "Rina Walk In"
    ]


def test_search_with_several_words_needs_all_of_them(db, event, add):
    add("Ahmad Yusuf", "Pemuda Pancasila")
    add("Ahmad Hidayat", "Karang Taruna")
    assert _names(search_delegates(db, event, q="ahmad  taruna")) == ["Ahmad Hidayat"]


def test_search_treats_like_wildcards_literally(db, event, add):
    add("Ahmad 100% Yusuf")
    add("Ahmad Yusuf")
    assert _names(search_delegates(db, event, q="100%")) == ["Ahmad 100% Yusuf"]
    assert search_delegates(db, event, q="_").total == 0


def test_search_without_match_is_empty(db, event, add):
    add("Ahmad Yusuf")
    page = search_delegates(db, event, q="zzz")
    assert (page.items, page.total, page.page, page.pages) == ([], 0, 1, 1)


def test_search_without_query_lists_everyone_in_name_order(db, event, add):
    add("citra")
    add("Ahmad")
    add("Budi")
    assert _names(search_delegates(db, event, q="  ")) == ["Ahmad", "Budi", "citra"]


def test_search_only_sees_its_own_event(db, event, add, app):
    from checkin.events import create_event

    add("Ahmad Yusuf")
    other = create_event(db, "acara-lain", name="Acara lain")
    db.commit()
    assert search_delegates(db, other, q="ahmad").total == 0


def test_search_filters_by_region(db, event, add):
    berau, bontang = event.regions[1], event.regions[9]
    add("Ahmad", region=berau)
    add("Budi", region=bontang)
    assert _names(search_delegates(db, event, region_id=bontang.id)) == ["Budi"]


def test_search_filters_by_status(db, event, add):
    arrived = add("Ahmad")
    add("Budi")
    revoked = add("Citra", revoked_at=datetime(2024, 10, 1, tzinfo=UTC))
    arrived_then_revoked = add("Dedi")
    _admit(db, event, arrived)
    _admit(db, event, arrived_then_revoked)
    arrived_then_revoked.revoked_at = datetime(2024, 10, 15, 1, tzinfo=UTC)
    db.commit()
    assert _names(search_delegates(db, event, status=STATUS_ARRIVED)) == ["Ahmad", "Dedi"]
    assert _names(search_delegates(db, event, status=STATUS_NOT_YET)) == ["Budi"]
    assert _names(search_delegates(db, event, status=STATUS_REVOKED)) == ["Citra"]
    assert delegate_status(revoked) == STATUS_REVOKED


def test_search_combines_query_region_and_status(db, event, add):
    berau = event.regions[1]
    ahmad = add("Ahmad Berau", region=berau)
    add("Ahmad Lain", region=event.regions[2])
    add("Ahmad Belum", region=berau)
    _admit(db, event, ahmad)
    page = search_delegates(db, event, q="ahmad", region_id=berau.id, status=STATUS_ARRIVED)
    assert _names(page) == ["Ahmad Berau"]


def test_search_pages_through_results(db, event, add):
    for i in range(7):
        add(f"Peserta {i:02d}")
    first = search_delegates(db, event, per_page=3)
    last = search_delegates(db, event, per_page=3, page=3)
    assert (first.total, first.pages, _names(first)) == (
        7,
        3,
        ["Peserta 00", "Peserta 01", "Peserta 02"],
    )
    assert (last.total, last.pages, _names(last)) == (7, 3, ["Peserta 06"])
    middle = search_delegates(db, event, per_page=3, page=2, q="peserta 0")
    assert (middle.total, _names(middle)) == (7, ["Peserta 03", "Peserta 04", "Peserta 05"])


def test_search_page_past_the_end_shows_the_last_page(db, event, add):
    for name in ("Ahmad", "Budi", "Citra"):
        add(name)
    page = search_delegates(db, event, page=99, per_page=2)
    assert (page.page, page.total, _names(page)) == (2, 3, ["Citra"])


def test_search_loads_region_and_check_in_with_the_page(db, event, add, app):
    from sqlalchemy import event as sa_event

    for i in range(5):
        _admit(db, event, add(f"Peserta {i}"))
    db.expunge_all()
    statements: list[str] = []
    engine = db.get_bind()
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    sa_event.listen(engine, "before_cursor_execute", listener)
    try:
        page = search_delegates(db, event, q="peserta")
        shown = [(d.region.name, d.check_in.gate) for d in page.items]
    finally:
        sa_event.remove(engine, "before_cursor_execute", listener)
    assert len(shown) == 5
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) <= 3


def test_query_terms_turn_a_typed_phone_into_digits():
    assert query_terms("0812-3456 789") == ["08123456789"]
    assert query_terms("  Ahmad   PANCASILA ") == ["ahmad", "pancasila"]
    assert query_terms(None) == []


def _region(event, name):
    return next(r for r in event.regions if r.name == name)


@pytest.mark.parametrize(
    ("q", "region"),
    [
        ("kukar", "Kabupaten Kutai Kartanegara"),
        ("KAB. KUKAR", "Kabupaten Kutai Kartanegara"),
        ("ppu", "Kabupaten Penajam Paser Utara"),
        ("kota bpp", "Kota Balikpapan"),
        ("Bpp", "Kota Balikpapan"),
    ],
)
def test_a_region_alias_finds_that_regions_delegates(db, event, add, q, region):
    add("Siti Rahma", region=_region(event, region))
    add("Budi Santoso", region=_region(event, "Kota Samarinda"))
    page = search_delegates(db, event, q=q)
    assert (_names(page), page.total) == (["Siti Rahma"], 1)


def test_a_region_alias_combines_with_a_name(db, event, add):
    kukar = _region(event, "Kabupaten Kutai Kartanegara")
    add("Ahmad Hidayat", region=kukar)
    add("Ahmad Fauzi", region=kukar)
    add("Ahmad Hidayat", ormas="Lain", region=_region(event, "Kota Bontang"))
    assert _names(search_delegates(db, event, q="hidayat kukar")) == ["Ahmad Hidayat"]
    assert search_delegates(db, event, q="ahmad kota bpp").total == 0


@pytest.mark.parametrize("q", ["Hidayt", "hidayta", "hidajat", "ahmad hidyat", "HIDAYAAT"])
def test_a_small_typo_still_finds_the_name(db, event, add, q):
    add("Ahmad Hidayat")
    add("Budi Santoso")
    page = search_delegates(db, event, q=q)
    assert (_names(page), page.total) == (["Ahmad Hidayat"], 1)


def test_typos_are_forgiven_only_when_the_word_finds_nobody(db, event, add):
    add("Hidayt Rahman")
    add("Ahmad Hidayat")
    # "hidayt" is someone's name as written: that is the answer, not every near spelling.
    assert _names(search_delegates(db, event, q="hidayt")) == ["Hidayt Rahman"]
    # Short words are too close to everything to be corrected.
    assert search_delegates(db, event, q="hdy").total == 0


def test_a_word_found_as_typed_is_never_corrected(db, event, add, monkeypatch):
    # Even when only one candidate text is checked for near spellings.
    monkeypatch.setattr(delegates_module, "MAX_CANDIDATES", 1)
    add("Ahmad Hidayat")
    add("Rahmawati Ahmadi")
    add("Muhammad Yusuf")
    page = search_delegates(db, event, q="ahmad hidyat")
    assert (_names(page), page.total) == (["Ahmad Hidayat"], 1)


def test_name_matches_come_before_ormas_matches_then_the_rest(db, event, add):
    add("Abdul Karim", ormas="Pemuda Pancasila")
    add("Yusuf Pancasilawan", ormas="Karang Taruna")
    add("Zaenal", ormas="Ormas", position="Ketua Pancasila Muda")
    add("Bambang Pancasila", ormas="Karang Taruna")
    page = search_delegates(db, event, q="pancasila")
    assert page.total == 4
    assert _names(page) == ["Bambang Pancasila", "Yusuf Pancasilawan", "Abdul Karim", "Zaenal"]


@pytest.mark.parametrize("small_match", [500, 2])
def test_name_matches_first_also_across_pages(db, event, add, monkeypatch, small_match):
    # Few matches are ordered in one query; many are read group by group (name, ormas, rest).
    monkeypatch.setattr(delegates_module, "SMALL_MATCH", small_match)
    for n in range(3):
        add(f"Anggota {n}", ormas="Pemuda Pancasila")
    add("Zulkifli Pancasila")
    first = search_delegates(db, event, q="pancasila", per_page=2)
    second = search_delegates(db, event, q="pancasila", per_page=2, page=2)
    assert (first.total, _names(first)) == (4, ["Zulkifli Pancasila", "Anggota 0"])
    assert _names(second) == ["Anggota 1", "Anggota 2"]
    third = search_delegates(db, event, q="pancasila", per_page=3, page=2)
    assert (third.total, _names(third)) == (4, ["Anggota 2"])
