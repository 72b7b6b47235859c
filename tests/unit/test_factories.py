"""The test factories build rows as production does, so a test meets what a user would."""

from __future__ import annotations

from checkin.events import search_delegates
from checkin.events.identity import match_key_for, search_text_for
from checkin.events.phones import phone_digits


def test_make_delegate_stores_the_production_identity_keys(make_delegate):
    delegate = make_delegate(
        name="Drs.  H. Ahmad Syarifuddin", ormas="Pemuda  Pancasila", position="Bendahara",
        phone="+6281234567890",
    )  # fmt: skip
    region = delegate.region.name
    assert delegate.match_key == match_key_for(delegate.name, delegate.ormas, region)
    assert delegate.search_text == search_text_for(
        name=delegate.name, ormas=delegate.ormas, position="Bendahara", region_name=region,
    )  # fmt: skip
    assert delegate.phone_digits == phone_digits("+6281234567890")


def test_search_finds_a_factory_delegate_as_it_finds_an_imported_one(db, event, make_delegate):
    delegate = make_delegate(name="Siti Rahmah", position="Sekretaris", phone="+6281311112222")
    for query in ("siti rahmah", "sekretaris", delegate.region.name):
        assert [d.id for d in search_delegates(db, event, q=query).items] == [delegate.id], query
    # Phone digits match only in the organisers' search (the door never matches phones).
    found = search_delegates(db, event, q="81311112222", match_phone=True).items
    assert [d.id for d in found] == [delegate.id]
