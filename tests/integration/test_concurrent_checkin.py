"""Two doors scanning the same QR at the same instant admit it exactly once.

A real `checkin serve` (two worker processes, so the race crosses processes too) on a SQLite
file and on PostgreSQL; 200 codes x 2 simultaneous requests from a pool of 40 threads.
"""

from __future__ import annotations

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from sqlalchemy import func, select

from checkin.accounts import create_token
from checkin.models import CheckIn, Scan
from tests.servers import checkin_process

SLUG = "rakor-ormas-2024"
CODES = 200


@pytest.mark.both_db
def test_simultaneous_scans_admit_each_code_once(
    backend, db_url, db, event, make_delegate, make_user
):
    secrets = [make_delegate().secret for _ in range(CODES)]
    make_user("pintu-race", "door")
    token = create_token(db, "pintu-race")
    db.commit()
    env = {"CHECKIN_DATABASE_URL": db_url, "CHECKIN_SECRET_KEY": "race-test"}
    local = threading.local()

    def scan(secret: str, gate: str, barrier: threading.Barrier) -> tuple[int, str]:
        if not hasattr(local, "http"):
            local.http = requests.Session()
            local.http.headers["Authorization"] = f"Bearer {token}"
        barrier.wait(timeout=30)
        response = local.http.post(
            f"{base}/api/events/{SLUG}/checkins",
            json={"code": f"https://checkin.example.id/i/{secret}", "gate": gate},
            timeout=60,
        )
        return response.status_code, response.json().get("result", "")

    with checkin_process(env, "--workers", "2", "--threads", "24") as (base, _proc):
        with ThreadPoolExecutor(max_workers=40) as pool:
            futures = []
            for secret in secrets:
                pair = threading.Barrier(2)
                futures.append(pool.submit(scan, secret, "Pintu Utama", pair))
                futures.append(pool.submit(scan, secret, "Pintu Samping", pair))
            answers = [f.result() for f in futures]

    assert {status for status, _ in answers} == {200}
    verdicts = Counter(result for _, result in answers)
    assert verdicts == {"admitted": CODES, "already_checked_in": CODES}
    for i in range(0, len(answers), 2):
        assert {answers[i][1], answers[i + 1][1]} == {"admitted", "already_checked_in"}
    assert db.scalar(select(func.count()).select_from(CheckIn)) == CODES
    assert db.scalar(select(func.count(func.distinct(CheckIn.delegate_id)))) == CODES
    assert db.scalar(select(func.count()).select_from(Scan)) == 2 * CODES
    db.commit()


@pytest.mark.both_db
def test_same_scan_id_retried_at_once_admits_once(
    backend, db_url, db, event, make_delegate, make_user
):
    delegates = [make_delegate() for _ in range(40)]
    make_user("pintu-retry", "door")
    token = create_token(db, "pintu-retry")
    db.commit()
    env = {"CHECKIN_DATABASE_URL": db_url, "CHECKIN_SECRET_KEY": "race-test"}

    def scan(i: int, barrier: threading.Barrier) -> dict:
        barrier.wait(timeout=30)
        return requests.post(
            f"{base}/api/events/{SLUG}/checkins",
            json={"code": delegates[i].secret, "gate": "Pintu Utama", "scan_id": f"hp-{i}"},
            headers={"Authorization": f"Bearer {token}"},
            timeout=60,
        ).json()

    with checkin_process(env, "--workers", "2", "--threads", "24") as (base, _proc):
        with ThreadPoolExecutor(max_workers=20) as pool:
            futures = []
            for i in range(len(delegates)):
                pair = threading.Barrier(2)
                futures += [pool.submit(scan, i, pair), pool.submit(scan, i, pair)]
            answers = [f.result() for f in futures]

    for i in range(0, len(answers), 2):
        assert answers[i] == answers[i + 1]
        assert answers[i]["result"] == "admitted"
    assert db.scalar(select(func.count()).select_from(CheckIn)) == len(delegates)
    assert db.scalar(select(func.count()).select_from(Scan)) == len(delegates)
    db.commit()
