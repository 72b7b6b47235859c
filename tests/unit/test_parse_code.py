"""Reading what a scanner saw: the invitation URL or the bare secret, and nothing else."""

from __future__ import annotations

import pytest

from checkin.invitations import new_secret, parse_code

SECRET = "Zq3vT9_kLm-8xYwPb2RsNd4uHf6gJc1A"


#: What a scanner may send for SECRET (also run through the phone's copy of the rules:
#: tests/browser/test_code_parser.py).
ACCEPTED = [
    SECRET,
    f"  {SECRET}\n",
    f"\t{SECRET}\r\n",
    f"https://checkin.example.id/i/{SECRET}",
    f"https://checkin.example.id/i/{SECRET}/",
    f"https://checkin.example.id/i/{SECRET}?utm_source=wa",
    f"https://checkin.example.id/i/{SECRET}/?x=1#top",
    f"http://192.168.1.10:5000/i/{SECRET}",
    f"HTTPS://CHECKIN.EXAMPLE.ID/i/{SECRET}",
    f"https://kesbangpol.kaltimprov.go.id/checkin/i/{SECRET}",
    f"checkin.example.id/i/{SECRET}",
    f" https://checkin.example.id/i/{SECRET} ",
]

#: Never a code: each is refused whole.
REJECTED = [
    "",
    "   ",
    "hello",
    "abc",
    "DROP TABLE delegate;--",
    "<script>alert(1)</script>",
    f"https://evil.example/login?next=/i/{SECRET}",
    f"https://evil.example/x/{SECRET}",
    f"https://checkin.example.id/i/{SECRET}/extra",
    f"https://checkin.example.id/invite/{SECRET}",
    f"ftp://checkin.example.id/i/{SECRET}",
    f"javascript:alert('/i/{SECRET}')",
    f"https://checkin.example.id/i/{SECRET}%00",
    f"{SECRET}\x00",
    f"\x1b[A{SECRET}",
    f"{SECRET[:10]} {SECRET[10:]}",
    "\x00\x01\x02\xff\xfe",
    "\ufffd\ufffd\ufffd",
    "A" * 65,
    "A" * 100_000,
    "https://checkin.example.id/i/" + "A" * 5000,
    "WIFI:S:hotel;T:WPA;P:secret;;",
    "https://checkin.example.id/i/",
    "https:///i/" + SECRET,
    "1234567",
]

#: The right alphabet but not the length new_secret() gives (32): never one of ours.
WRONG_LENGTH = [
    SECRET[:31],
    SECRET + "x",
    SECRET[:16],
    SECRET[:8],
    "A" * 64,
    f"https://checkin.example.id/i/{SECRET[:20]}",
    f"checkin.example.id/i/{SECRET}{SECRET}",
]


@pytest.mark.parametrize("text", ACCEPTED)
def test_parse_code_accepts_url_forms_and_bare_secret(text):
    assert parse_code(text) == SECRET


def test_parse_code_accepts_generated_secrets():
    secret = new_secret()
    assert parse_code(secret) == secret
    assert parse_code(f"https://x.example/i/{secret}") == secret


def test_every_new_secret_is_read_back():
    # The parser's fixed length holds only because token_urlsafe(24) never varies.
    assert all(parse_code(s) == s for s in (new_secret() for _ in range(500)))


@pytest.mark.parametrize("text", REJECTED)
def test_parse_code_rejects_junk(text):
    assert parse_code(text) is None


@pytest.mark.parametrize("text", WRONG_LENGTH)
def test_parse_code_refuses_secrets_of_another_length(text):
    assert parse_code(text) is None


@pytest.mark.parametrize("value", [None, 12345, b"Zq3vT9_kLm-8xYwPb2RsNd4uHf6gJc1A", ["x"], {}])
def test_parse_code_rejects_non_text(value):
    assert parse_code(value) is None
