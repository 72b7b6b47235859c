"""The phone reads codes by the server's rules: static/js/lib/roster.js secretFromCode gives
what checkin.invitations.parse_code gives, for every example the server's tests use."""

from __future__ import annotations

from checkin.invitations import new_secret, parse_code
from tests.unit.test_parse_code import ACCEPTED, REJECTED, WRONG_LENGTH

READ = """
async (codes) => {
  const { secretFromCode } = await import("/static/js/lib/roster.js");
  return codes.map((code) => secretFromCode(code));
}
"""


def test_phone_and_server_read_codes_alike(browser, live_url):
    secret = new_secret()
    codes = [*ACCEPTED, *REJECTED, *WRONG_LENGTH, secret, f"https://x.example/i/{secret}"]
    page = browser.new_page()
    page.goto(f"{live_url}/login")
    assert page.evaluate(READ, codes) == [parse_code(code) for code in codes]
