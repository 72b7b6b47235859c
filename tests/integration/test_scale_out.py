"""Beyond one machine: two `checkin serve` processes behind nginx on one PostgreSQL.

Check-ins through the proxy stay atomic across processes, live updates cross processes
through the proxy within a second, and the operators' nginx config in docs/deploy is valid.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
import requests
from sqlalchemy import create_engine, func, select

from checkin.accounts import create_token
from checkin.invitations import new_secret
from checkin.models import CheckIn, Delegate
from checkin.serving import ensure_certificate
from tests.conftest import need
from tests.servers import checkin_process, nginx_binary, nginx_proxy, upstream_log
from tests.sse import stats_stream

#: PostgreSQL only: that is the multi-process deployment (the conftest's db_url).
pytestmark = [pytest.mark.slow, pytest.mark.only_backend("postgres")]

SLUG = "rakor-ormas-2024"
CODES = 200
ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.fixture
def proxied(db_url, tmp_path) -> Iterator[tuple[str, list[str], Path]]:
    """nginx in front of two app processes; yields (proxy URL, app URLs, nginx folder)."""
    need(nginx_binary() is not None, "nginx is not installed (scripts/setup-system)")
    env = {"CHECKIN_DATABASE_URL": db_url, "CHECKIN_SECRET_KEY": "scale-out-test"}
    folder = tmp_path / "nginx"
    with ExitStack() as stack:
        apps = [stack.enter_context(checkin_process(env, "--threads", "32"))[0] for _ in "ab"]
        proxy = stack.enter_context(nginx_proxy(apps, folder))
        yield proxy, apps, folder


def _delegates(db, event, count: int) -> list[str]:
    region = event.regions[1]
    secrets_ = [new_secret() for _ in range(count)]
    db.add_all(
        Delegate(
            event_id=event.id, region_id=region.id, name=f"Peserta {n}", ormas=f"Ormas {n}",
            level=region.level, secret=secret, match_key=f"peserta {n}|ormas {n}|x",
        )
        for n, secret in enumerate(secrets_)
    )  # fmt: skip
    db.commit()
    return secrets_


def _door_token(db, make_user, name: str) -> str:
    make_user(name, "door")
    token = create_token(db, name)
    db.commit()
    return token


def _upstream_port(address: str) -> str:
    return address.rsplit(":", 1)[-1]


def test_checkins_through_proxy_are_atomic_across_processes(db, db_url, event, make_user, proxied):
    proxy, apps, folder = proxied
    codes = _delegates(db, event, CODES)
    tokens = [_door_token(db, make_user, f"pintu-{n}") for n in (1, 2)]
    answers: list[list[str]] = [[], []]

    def door(n: int) -> None:
        with requests.Session() as session:
            session.headers["Authorization"] = f"Bearer {tokens[n]}"
            for code in codes:  # both doors scan the same codes in the same order
                response = session.post(
                    f"{proxy}/api/events/{SLUG}/checkins",
                    json={"code": code, "gate": f"Pintu {n}"},
                    timeout=15,
                )
                assert response.status_code == 200, response.text
                answers[n].append(response.json()["result"])

    threads = [threading.Thread(target=door, args=(n,)) for n in (0, 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)

    assert [len(a) for a in answers] == [CODES, CODES]
    for first, second in zip(*answers, strict=True):
        assert sorted((first, second)) == ["admitted", "already_checked_in"]
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            assert conn.scalar(select(func.count(CheckIn.id))) == CODES
            assert conn.scalar(select(func.count(func.distinct(CheckIn.delegate_id)))) == CODES
    finally:
        engine.dispose()
    # nginx spread the doors' scans over both app processes.
    served = Counter(_upstream_port(u) for m, _p, _s, u in upstream_log(folder) if m == "POST")
    assert set(served) == {_upstream_port(a) for a in apps}
    assert min(served.values()) >= CODES // 2


def test_live_updates_cross_processes_through_proxy(db, db_url, event, make_user, proxied):
    proxy, apps, folder = proxied
    codes = _delegates(db, event, 4)
    token = _door_token(db, make_user, "pintu-1")
    make_user("layar", "viewer")
    viewer = create_token(db, "layar")
    db.commit()

    with ExitStack() as stack:
        # Two screens through the proxy: round-robin puts them on different processes.
        streams = []
        for _ in apps:
            response = requests.get(
                f"{proxy}/api/events/{SLUG}/stats/stream",
                headers={"Authorization": f"Bearer {viewer}"},
                stream=True,
                timeout=(5, 5),
            )
            stack.callback(response.close)
            assert response.status_code == 200
            assert response.headers["Content-Type"].startswith("text/event-stream")
            streams.append(stats_stream(response.iter_content(chunk_size=None)))
            assert next(streams[-1])["checked_in"] == 0
        with requests.Session() as session:
            session.headers["Authorization"] = f"Bearer {token}"
            for expected, code in enumerate(codes, start=1):
                answer = session.post(
                    f"{proxy}/api/events/{SLUG}/checkins",
                    json={"code": code, "gate": "Pintu Utama"},
                    timeout=10,
                )
                answered = time.monotonic()
                assert answer.json()["result"] == "admitted"
                for stream in streams:
                    assert next(stream)["checked_in"] == expected
                    assert time.monotonic() - answered < 1.0
    # The streams' log lines are written when they close.
    deadline = time.monotonic() + 5
    while True:
        log = upstream_log(folder)
        screens = [_upstream_port(u) for _m, p, _s, u in log if p.endswith("/stats/stream")]
        scans = {_upstream_port(u) for m, _p, _s, u in log if m == "POST"}
        if len(screens) == 2 or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert set(screens) == {_upstream_port(a) for a in apps}, log
    assert len(scans) == 2  # and the scans too went through both processes


def test_operator_nginx_config_is_valid(tmp_path):
    nginx = nginx_binary()
    need(nginx is not None, "nginx is not installed (scripts/setup-system)")
    cert, key, _created = ensure_certificate(tmp_path, ["127.0.0.1"])
    site = (ROOT / "docs" / "deploy" / "nginx.conf").read_text()
    assert "proxy_buffering off" in site and "upstream checkin" in site
    site = site.replace("/etc/letsencrypt/live/checkin.example.id/fullchain.pem", str(cert))
    site = site.replace("/etc/letsencrypt/live/checkin.example.id/privkey.pem", str(key))
    (tmp_path / "site.conf").write_text(site)
    main = tmp_path / "nginx.conf"
    main.write_text(
        f"events {{}}\nhttp {{\n    access_log off;\n    include {tmp_path / 'site.conf'};\n}}\n"
    )
    done = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-e", str(tmp_path / "error.log"), "-c", str(main),
         "-g", f"pid {tmp_path / 'nginx.pid'};"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr


def test_operator_caddyfile_is_valid(tmp_path):
    caddy = shutil.which("caddy")
    if caddy is None:  # optional: the nginx config is the tested deployment
        pytest.skip("caddy is not installed")
    env = {**os.environ, "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path),
           "XDG_CONFIG_HOME": str(tmp_path)}  # fmt: skip
    done = subprocess.run(
        [caddy, "validate", "--adapter", "caddyfile",
         "--config", str(ROOT / "docs" / "deploy" / "Caddyfile")],
        capture_output=True, text=True, check=False, env=env, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Valid configuration" in done.stdout + done.stderr
