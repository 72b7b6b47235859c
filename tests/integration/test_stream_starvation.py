"""Live streams cannot starve the doors (issue 11, item 4): a real `checkin serve` with 16
threads gets many more raw streams than it has threads, from share links, and still answers
a door's check-in and a delegate's invitation page, while the streams beyond the limits are
refused at once with 429 or 503.

Every wait here is bounded by a socket or request timeout; nothing asserts a duration.
"""

from __future__ import annotations

import json
import socket
from collections import Counter
from urllib.parse import urlsplit

import pytest
import requests

from checkin.accounts import create_token
from tests.conftest import open_share_link
from tests.servers import checkin_process

pytestmark = pytest.mark.slow

SLUG = "rakor-ormas-2024"
THREADS = 16
RESERVED = 6
PER_LINK = 4
#: More than the server has threads: on a server without limits the 17th would never answer.
ATTEMPTS = 40
#: A bound on each wait, not a measurement: a refused stream is answered in milliseconds.
WAIT = 10


def open_raw_stream(base: str, share: str) -> socket.socket:
    """A screen's stream request on its own connection, as a flooding client sends it."""
    url = urlsplit(base)
    sock = socket.create_connection((url.hostname, url.port), timeout=WAIT)
    sock.sendall(
        f"GET /api/events/{SLUG}/stats/stream?share={share} HTTP/1.1\r\n"
        f"Host: {url.netloc}\r\nAccept: text/event-stream\r\n\r\n".encode()
    )
    return sock


def read_head(sock: socket.socket) -> tuple[int, dict[str, str], bytes]:
    """The status, headers and first body bytes of a response (bounded by the socket timeout)."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            break
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return int(status_line.split(" ")[1]), headers, body


def read_body(sock: socket.socket, headers: dict[str, str], body: bytes) -> dict:
    """The JSON body of a refusal (Content-Length long)."""
    length = int(headers["content-length"])
    while len(body) < length:
        body += sock.recv(65536)
    return json.loads(body[:length])


def test_streams_beyond_the_limits_are_refused_and_doors_keep_working(
    db, db_url, event, make_delegate, make_user
):
    arriving = make_delegate()
    invited = make_delegate()
    make_user("pintu-1", "door")
    door_token = create_token(db, "pintu-1")
    shares = [open_share_link(db, event, label=f"Layar {n}")[1] for n in range(10)]
    db.commit()
    env = {
        "CHECKIN_DATABASE_URL": db_url,
        "CHECKIN_SECRET_KEY": "stream-starvation-test",
        "CHECKIN_LIVE_RESERVED_THREADS": str(RESERVED),
        "CHECKIN_LIVE_MAX_STREAMS_PER_LINK": str(PER_LINK),
        # Every raw stream comes from 127.0.0.1: the address limit is tested in tests/web.
        "CHECKIN_LIVE_MAX_STREAMS_PER_ADDRESS": "1000",
    }
    answers: list[tuple[int, dict[str, str], dict | None]] = []
    sockets: list[socket.socket] = []
    with checkin_process(env, "--threads", str(THREADS)) as (base, _proc):
        try:
            # The first link is flooded first (its limit), then the others (the total).
            for attempt in range(ATTEMPTS):
                share = shares[0] if attempt < PER_LINK + 2 else shares[1 + attempt % 9]
                sock = open_raw_stream(base, share)
                sockets.append(sock)
                status, headers, body = read_head(sock)
                refusal = read_body(sock, headers, body) if status != 200 else None
                answers.append((status, headers, refusal))

            # Every stream that was let in is still open: the doors still get a thread.
            check_in = requests.post(
                f"{base}/api/events/{SLUG}/checkins",
                json={"code": arriving.secret, "gate": "Pintu Utama"},
                headers={"Authorization": f"Bearer {door_token}"},
                timeout=WAIT,
            )
            invitation = requests.get(f"{base}/i/{invited.secret}", timeout=WAIT)
        finally:
            for sock in sockets:
                sock.close()

    assert check_in.status_code == 200, check_in.text
    assert check_in.json()["result"] == "admitted"
    assert invitation.status_code == 200
    assert invited.name in invitation.text

    statuses = Counter(status for status, _headers, _body in answers)
    let_in = THREADS - RESERVED
    assert statuses == {200: let_in, 429: 2, 503: ATTEMPTS - let_in - 2}
    # The flooded link got its own limit first; the rest met the full process.
    assert [status for status, _h, _b in answers[: PER_LINK + 2]] == [200] * PER_LINK + [429] * 2
    for status, headers, refusal in answers:
        if status == 200:
            assert headers["content-type"].startswith("text/event-stream")
            continue
        assert int(headers["retry-after"]) > 0
        assert headers["content-type"].startswith("application/json")
        assert refusal is not None
        expected = "too_many_streams" if status == 429 else "streams_full"
        assert refusal["error"] == expected
        assert refusal["message"]
