"""Live updates cross processes: a check-in made through one `checkin serve` process reaches
screens streaming from another within a second, on one SQLite file and on PostgreSQL."""

from __future__ import annotations

import time
from contextlib import ExitStack

import pytest
import requests

from checkin.accounts import create_token
from tests.conftest import open_share_link
from tests.servers import checkin_process
from tests.sse import stats_stream

#: Both databases for every test here (the conftest's db_url; its default is SQLite only).
pytestmark = [pytest.mark.slow, pytest.mark.both_db]

SLUG = "rakor-ormas-2024"


def test_check_in_through_one_process_reaches_screens_of_another_within_a_second(
    db, db_url, event, make_delegate, make_user
):
    delegates = [make_delegate() for _ in range(2)]
    make_user("pintu-1", "door")
    door_token = create_token(db, "pintu-1")
    _link, share = open_share_link(db, event, label="Proyektor")
    db.commit()
    env = {"CHECKIN_DATABASE_URL": db_url, "CHECKIN_SECRET_KEY": "cross-process-test"}

    processes = []
    with ExitStack() as stack:
        base_a, proc_a = stack.enter_context(checkin_process(env, "--threads", "16"))
        base_b, proc_b = stack.enter_context(checkin_process(env, "--threads", "16"))
        processes += [proc_a, proc_b]
        streams = {}
        for name, base in (("a", base_a), ("b", base_b)):
            response = requests.get(
                f"{base}/api/events/{SLUG}/stats/stream",
                params={"share": share},
                stream=True,
                timeout=(5, 5),
            )
            stack.callback(response.close)
            assert response.status_code == 200
            assert response.headers["Content-Type"].startswith("text/event-stream")
            streams[name] = stats_stream(response.iter_content(chunk_size=None))
            assert next(streams[name])["checked_in"] == 0

        # A scan through A, then one through B: each reaches both screens within a second.
        pairs = zip(delegates, (base_a, base_b), strict=True)
        for expected, (delegate, base) in enumerate(pairs, start=1):
            answer = requests.post(
                f"{base}/api/events/{SLUG}/checkins",
                json={"code": delegate.secret, "gate": "Pintu Utama"},
                headers={"Authorization": f"Bearer {door_token}"},
                timeout=10,
            )
            answered = time.monotonic()
            assert answer.json()["result"] == "admitted"
            for stream in streams.values():
                stats = next(stream)
                assert stats["checked_in"] == expected
                assert time.monotonic() - answered < 1.0
            assert stats["latest"][0]["delegate_id"] == delegate.id
    for proc in processes:  # the servers' log pipes, once they have exited
        proc.stdout.close()
