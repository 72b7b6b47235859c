"""Never lose a check-in: `checkin serve` killed with SIGKILL in the middle of a scan load
keeps every check-in it answered `admitted`, on SQLite (WAL, synchronous=FULL) and on
PostgreSQL.
"""

from __future__ import annotations

import queue
import signal
import threading
import time

import pytest
import requests
from sqlalchemy import create_engine, select

from checkin.accounts import create_token
from checkin.invitations import new_secret
from checkin.models import CheckIn, Delegate, Scan
from tests.servers import checkin_process, stop

#: Both databases for every test here (the conftest's db_url; its default is SQLite only).
pytestmark = [pytest.mark.slow, pytest.mark.both_db]

SLUG = "rakor-ormas-2024"
DELEGATES = 600
SCANNERS = 8
#: Kill once this many admissions were answered (the load keeps going until the kill).
KILL_AFTER = 150


class Door(threading.Thread):
    """A door phone scanning codes from a shared queue as fast as the server answers."""

    def __init__(self, base: str, token: str, codes: queue.Queue, admitted: list) -> None:
        super().__init__(daemon=True)
        self.base, self.codes, self.admitted = base, codes, admitted
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {token}"
        self.failures = 0

    def run(self) -> None:
        try:
            while self._scan_next():
                pass
        finally:
            self.session.close()

    def _scan_next(self) -> bool:
        try:
            code = self.codes.get_nowait()
        except queue.Empty:
            return False
        try:
            response = self.session.post(
                f"{self.base}/api/events/{SLUG}/checkins",
                json={"code": code, "gate": "Pintu Utama", "scan_id": f"s-{code}"},
                timeout=10,
            )
        except requests.RequestException:
            # The server is gone: this scan got no answer, so the door showed no verdict.
            self.failures += 1
            return False
        if response.status_code == 200 and response.json()["result"] == "admitted":
            self.admitted.append(code)
        return True


def _setup(db, event, make_user) -> tuple[list[str], str]:
    region = event.regions[1]
    secrets_ = [new_secret() for _ in range(DELEGATES)]
    db.add_all(
        Delegate(
            event_id=event.id, region_id=region.id, name=f"Peserta {n}", ormas=f"Ormas {n}",
            level=region.level, secret=secret, match_key=f"peserta {n}|ormas {n}|x",
        )
        for n, secret in enumerate(secrets_)
    )  # fmt: skip
    make_user("pintu-1", "door")
    token = create_token(db, "pintu-1")
    db.commit()
    return secrets_, token


def test_sigkill_mid_load_loses_no_admitted_checkin(db, db_url, event, make_user):
    codes, token = _setup(db, event, make_user)
    env = {"CHECKIN_DATABASE_URL": db_url, "CHECKIN_SECRET_KEY": "crash-test"}
    pending: queue.Queue = queue.Queue()
    for code in codes:
        pending.put(code)
    admitted: list[str] = []

    with checkin_process(env, "--threads", "16") as (base, proc):
        doors = [Door(base, token, pending, admitted) for _ in range(SCANNERS)]
        for door in doors:
            door.start()
        deadline = time.monotonic() + 60
        while len(admitted) < KILL_AFTER:
            assert time.monotonic() < deadline, f"only {len(admitted)} admitted in 60 s"
            time.sleep(0.005)
        stop(proc, signal.SIGKILL)  # the whole process group: master and worker
        for door in doors:
            door.join(timeout=15)
    answered = set(admitted)
    assert len(answered) >= KILL_AFTER
    assert not pending.empty(), "the load must still be running when the server dies"
    assert sum(door.failures for door in doors) >= 1, "some scans were in flight at the kill"

    # Restarted on the same database, the server knows every admission it had answered.
    with checkin_process(env, "--threads", "4") as (base, _proc):
        session = requests.Session()
        session.headers["Authorization"] = f"Bearer {token}"
        for code in sorted(answered)[:50]:
            again = session.post(
                f"{base}/api/events/{SLUG}/checkins",
                json={"code": code, "gate": "Pintu Samping"},
                timeout=10,
            ).json()
            assert again["result"] == "already_checked_in", again
            assert again["gate"] == "Pintu Utama"
        session.close()

    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            stored = set(
                conn.scalars(
                    select(Delegate.secret).join(CheckIn, CheckIn.delegate_id == Delegate.id)
                )
            )
            logged = set(conn.scalars(select(Scan.code).where(Scan.result == "admitted")))
    finally:
        engine.dispose()
    assert answered <= stored, f"lost {len(answered - stored)} admitted check-ins"
    assert answered <= logged
