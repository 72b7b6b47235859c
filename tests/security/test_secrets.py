"""Everything in a QR code or a link is a long random secret, never derived from ids or names."""

from __future__ import annotations

import base64
import math
import re
from collections import Counter
from datetime import timedelta

from sqlalchemy import select

from checkin.accounts import create_token, hash_token, issue_pass
from checkin.db import utcnow
from checkin.importing import import_delegates
from checkin.invitations import revoke_invitation
from checkin.models import ApiToken, Delegate, ShareLink
from tests.conftest import DATA, open_share_link

URLSAFE = re.compile(r"[A-Za-z0-9_-]+")


def random_bits(token: str) -> int:
    """Bits of a token_urlsafe() string (its base64 payload)."""
    assert URLSAFE.fullmatch(token), token
    return len(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))) * 8


def test_imported_invitation_secrets_are_random_unique_and_128_bits_or_more(db, event):
    data = (DATA / "delegates-rakor-750.csv").read_bytes()
    import_delegates(db, event, data, "delegates-rakor-750.csv")
    db.commit()
    rows = db.execute(select(Delegate.id, Delegate.name, Delegate.secret)).all()
    assert len(rows) == 750
    assert len({secret for _id, _name, secret in rows}) == 750
    for delegate_id, name, secret in rows:
        assert random_bits(secret) >= 128
        # A long word of the name never appears (a 3-letter one like "Sri" can, by chance).
        longest = max(name.replace(".", " ").replace(",", " ").split(), key=len).lower()
        assert str(delegate_id) != secret and (len(longest) < 5 or longest not in secret.lower())
    # The characters are spread evenly over the 64-letter alphabet (no counter, no clock):
    # with 750 x 32 characters, each letter appears about 375 times.
    counts = Counter("".join(secret for *_, secret in rows))
    assert len(counts) == 64
    expected = sum(counts.values()) / 64
    chi_square = sum((n - expected) ** 2 / expected for n in counts.values())
    assert chi_square < 150, chi_square  # 63 degrees of freedom; p < 1e-9 beyond ~150


def test_reissued_secret_shares_nothing_with_the_old_one(db, event, make_delegate):
    delegate = make_delegate()
    old = delegate.secret
    revoke_invitation(db, event, old, reissue=True)
    db.commit()
    assert random_bits(delegate.secret) >= 128
    common_prefix = len(_common_prefix(old, delegate.secret))
    assert common_prefix < 6 and old not in delegate.secret


def _common_prefix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


def test_door_pass_secret_is_random_and_pin_is_stored_hashed(db, event):
    event.starts_at = utcnow() + timedelta(days=1)
    issued = issue_pass(db, event.doors[0])
    db.commit()
    assert random_bits(issued.secret) >= 128
    assert re.fullmatch(r"\d{6}", issued.pin)
    assert issued.pin not in (event.doors[0].pass_pin_hash or "")


def test_api_tokens_and_share_links_are_random_and_stored_only_hashed(db, event, make_user):
    make_user("skrip", "door")
    token = create_token(db, "skrip")
    _link, share = open_share_link(db, event)
    assert token.startswith("ck_") and random_bits(token[3:]) >= 128
    assert random_bits(share) >= 128
    stored = (
        db.scalars(select(ApiToken.token_hash)).all()
        + db.scalars(select(ShareLink.token_hash)).all()
    )
    assert hash_token(token) in stored
    assert token not in stored and share not in stored
    assert all(re.fullmatch(r"[0-9a-f]{64}", h) for h in stored)


def test_guessing_one_secret_among_750_is_hopeless():
    # The claim in docs/security.md, as arithmetic: 750 valid 192-bit secrets, a guesser
    # allowed 60 misses a minute (the /i/ rate limit) for a year.
    bits = 192
    guesses = 60 * 60 * 24 * 365
    log2_chance = math.log2(750) + math.log2(guesses) - bits
    assert log2_chance < -140
