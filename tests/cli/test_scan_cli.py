"""CLI: check-in at a door, and the pieces of `serve` that need no running server."""

from __future__ import annotations

import ipaddress
import re
import threading

import pytest
from cryptography import x509
from sqlalchemy import func, select

from checkin import serving
from checkin.cli import main
from checkin.models import CheckIn, Scan

SLUG = "rakor-ormas-2024"


def _count(db, model) -> int:
    count = db.scalar(select(func.count()).select_from(model))
    db.commit()
    return count


def test_check_in_prints_admitted_then_repeat(runner, db, event, make_delegate):
    delegate = make_delegate(name="Hj. Nurul Aini", ormas="Aisyiyah")
    url = f"https://checkin.example.id/i/{delegate.secret}"
    first = runner.invoke(args=["check-in", "--event", SLUG, url, "--gate", "Pintu Utama"])
    assert first.exit_code == 0, first.output
    assert first.output.startswith("admitted: Hj. Nurul Aini · Aisyiyah")
    assert re.search(r"\(Pintu Utama, \d\d:\d\d WITA\)", first.output)
    again = runner.invoke(args=["check-in", "--event", SLUG, delegate.secret, "--gate", "Lobi"])
    assert again.output.startswith("already_checked_in: Hj. Nurul Aini")
    assert "(Pintu Utama," in again.output
    assert _count(db, CheckIn) == 1
    assert _count(db, Scan) == 2


def test_check_in_unknown_code(runner, db, event):
    result = runner.invoke(args=["check-in", "--event", SLUG, "sampah", "--gate", "Pintu Utama"])
    assert result.exit_code == 0
    assert result.output.strip() == "unknown_code"


def test_check_in_unknown_event_is_clear_error(runner, event):
    result = runner.invoke(args=["check-in", "--event", "tidak-ada", "x", "--gate", "Pintu"])
    assert result.exit_code != 0
    assert "tidak ditemukan" in result.output


def test_check_in_bad_gate_is_clear_error(runner, event):
    result = runner.invoke(args=["check-in", "--event", SLUG, "x", "--gate", "P" * 81])
    assert result.exit_code != 0
    assert "80" in result.output


def test_serve_help_lists_options(runner):
    result = runner.invoke(main, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--host", "--port", "--https", "--workers", "--threads"):
        assert option in result.output


def test_certificate_names_localhost_and_lan(tmp_path):
    cert_path, key_path, created = serving.ensure_certificate(tmp_path, ["192.168.1.20"])
    assert created and key_path.stat().st_mode & 0o077 == 0
    cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
    names = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert "localhost" in names.get_values_for_type(x509.DNSName)
    ips = names.get_values_for_type(x509.IPAddress)
    assert ipaddress.ip_address("127.0.0.1") in ips
    assert ipaddress.ip_address("192.168.1.20") in ips


def test_certificate_is_made_once_and_renewed_for_new_lan(tmp_path):
    first, _, created = serving.ensure_certificate(tmp_path, ["10.0.0.5"])
    pem = first.read_bytes()
    assert serving.ensure_certificate(tmp_path, ["10.0.0.5"])[2] is False
    assert first.read_bytes() == pem
    assert serving.ensure_certificate(tmp_path, ["172.16.0.9"])[2] is True


@pytest.mark.parametrize(
    ("host", "https", "expected"),
    [
        ("0.0.0.0", True, "https://192.168.1.20:8443/"),
        ("127.0.0.1", False, "http://127.0.0.1:8443/"),
        ("10.1.1.1", True, "https://10.1.1.1:8443/"),
    ],
)
def test_door_url(host, https, expected):
    assert serving.door_url(host, 8443, https=https, addresses=["192.168.1.20"]) == expected


def test_url_qr_is_drawn(capsys):
    serving.print_url_qr("https://192.168.1.20:5000/")
    out = capsys.readouterr().out
    assert len(out.splitlines()) > 10
    assert "█" in out or "▀" in out or "▄" in out


def test_lan_addresses_are_not_loopback():
    for address in serving.lan_addresses():
        assert not ipaddress.ip_address(address).is_loopback


def test_serve_hands_the_address_it_announces_to_the_app(runner, monkeypatch):
    started = {}
    monkeypatch.setattr(serving, "run", lambda options, config: started.update(config))
    monkeypatch.setattr(serving, "lan_addresses", lambda: ["192.168.1.20"])
    result = runner.invoke(main, ["serve", "--host", "0.0.0.0", "--port", "5123"])
    assert result.exit_code == 0, result.output
    assert "Door staff open: http://192.168.1.20:5123/" in result.output
    # The links the app builds start there, whatever Host header a client sends.
    assert started["SERVED_URL"] == "http://192.168.1.20:5123/"


def test_the_server_worker_starts_the_upload_purge_once(app_config):
    from checkin.db import database
    from checkin.importing import pending

    server = serving.CheckinServer(serving.ServeOptions(host="127.0.0.1", port=5999), app_config)
    apps = [server.load(), server.load()]  # a worker loads the app once; twice starts one timer
    try:
        names = [thread.name for thread in threading.enumerate()]
        assert names.count(pending.PURGER_NAME) == 1
    finally:
        pending.stop_purger()
        for app in apps:
            database(app).engine.dispose()
