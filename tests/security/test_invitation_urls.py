"""/i/<secret> reveals nothing to someone without the secret: unknown codes all get the same
answer, a revoked one shows no delegate, and the pages are neither indexed nor referred."""

from __future__ import annotations

import pytest

from checkin.invitations import new_secret, revoke_invitation
from tests.conftest import CSRF_TOKEN


@pytest.fixture
def delegate(make_delegate):
    return make_delegate(
        name="Hj. Nurul Aini", ormas="Aisyiyah Samarinda", phone="+6281234567890",
        email="nurul@example.id",
    )  # fmt: skip


def test_unknown_secrets_get_identical_answers(client, delegate):
    codes = [new_secret(), new_secret(), delegate.secret[:-1] + "A", "x" * 8, "a" * 64]
    answers = set()
    for code in codes:
        response = client.get(f"/i/{code}")
        # The page repeats its own address (the language switch) and a fresh form token.
        body = response.get_data(as_text=True).replace(code, "CODE")
        answers.add((response.status_code, CSRF_TOKEN.sub("", body)))
    assert len(answers) == 1
    status, body = answers.pop()
    assert status == 404
    assert "Aini" not in body and "Aisyiyah" not in body


@pytest.mark.parametrize("path", ["", "/qr.png", "/qr.svg"])
def test_revoked_invitation_reveals_no_delegate_details(client, db, event, delegate, path):
    revoke_invitation(db, event, delegate.secret, reissue=False)
    db.commit()
    response = client.get(f"/i/{delegate.secret}{path}")
    assert response.status_code == 410
    body = response.get_data(as_text=True)
    for detail in ("Nurul", "Aisyiyah", "81234567890", "nurul@example.id", event.name):
        assert detail not in body


def test_invitation_page_is_never_referred_indexed_or_shared_cached(client, delegate):
    response = client.get(f"/i/{delegate.secret}")
    assert response.status_code == 200
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert "noindex" in response.headers["X-Robots-Tag"]
    assert "private" in response.headers["Cache-Control"]


def test_invitation_page_shows_one_delegate_and_no_contact_data(client, delegate, make_delegate):
    other = make_delegate(name="Yohanes Ngau", ormas="GAMKI")
    page = client.get(f"/i/{delegate.secret}").get_data(as_text=True)
    assert "Hj. Nurul Aini" in page
    assert other.name not in page and other.secret not in page
    assert "81234567890" not in page and "nurul@example.id" not in page
