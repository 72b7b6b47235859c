"""One ormas however it is written, and the one spelling every surface shows."""

from __future__ import annotations

import pytest

from checkin.events import ormas_key, ormas_names, shown_spellings, spellings_of


@pytest.mark.parametrize(
    "spelling",
    ["Pemuda Pancasila", "PEMUDA PANCASILA", "pemuda  pancasila", " Pemuda\tPancasila\n"],
)
def test_ormas_key_ignores_case_and_whitespace(spelling):
    assert ormas_key(spelling) == "pemuda pancasila"


def test_ormas_key_keeps_other_differences():
    assert ormas_key("GP Ansor") != ormas_key("GP. Ansor")


def test_shown_spelling_is_the_one_most_delegates_use():
    votes = [("PEMUDA PANCASILA", 2), ("Pemuda Pancasila", 3), ("pemuda pancasila", 1)]
    assert shown_spellings(votes) == {"pemuda pancasila": "Pemuda Pancasila"}


def test_shown_spelling_collapses_whitespace_before_counting():
    votes = [("Pemuda  Pancasila", 1), ("Pemuda Pancasila ", 1), ("PEMUDA PANCASILA", 1)]
    assert shown_spellings(votes) == {"pemuda pancasila": "Pemuda Pancasila"}


@pytest.mark.parametrize(
    "votes",
    [[("Fatayat NU", 1), ("FATAYAT NU", 1)], [("FATAYAT NU", 1), ("Fatayat NU", 1)]],
)
def test_shown_spelling_tie_goes_to_code_point_order_whatever_the_order(votes):
    assert shown_spellings(votes) == {"fatayat nu": "FATAYAT NU"}


def test_shown_spelling_of_an_ormas_without_counted_delegates_still_exists():
    assert shown_spellings([("ldii", 0), ("LDII", 0), ("KNPI", 2)]) == {
        "ldii": "LDII",
        "knpi": "KNPI",
    }


def test_ormas_names_of_an_event_count_only_counted_delegates(db, event, make_delegate):
    for _ in range(2):
        make_delegate(ormas="GP ANSOR").revoked_at = event.starts_at
    make_delegate(ormas="GP Ansor")
    make_delegate(ormas="ldii").revoked_at = event.starts_at
    db.commit()
    assert ormas_names(db, event) == {"gp ansor": "GP Ansor", "ldii": "ldii"}


def test_spellings_of_finds_every_stored_spelling_of_the_event(db, event, make_delegate):
    make_delegate(ormas="Pemuda Pancasila")
    make_delegate(ormas="PEMUDA  PANCASILA")
    make_delegate(ormas="Pemuda Pancasila")
    make_delegate(ormas="Pemuda Muhammadiyah")
    assert spellings_of(db, event, "pemuda pancasila") == ["PEMUDA  PANCASILA", "Pemuda Pancasila"]
