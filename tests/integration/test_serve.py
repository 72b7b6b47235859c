"""`checkin serve`: HTTPS with a generated certificate, and a graceful stop on SIGTERM."""

from __future__ import annotations

import requests

from tests.servers import checkin_process, stop


def test_serve_https_generates_certificate_and_answers(db_url, tmp_path):
    env = {"CHECKIN_DATABASE_URL": db_url, "CHECKIN_SECRET_KEY": "https-test"}
    certs = tmp_path / "certs"
    with checkin_process(env, "--https", "--cert-dir", str(certs)) as (base, proc):
        assert base.startswith("https://")
        cert = certs / "serve-cert.pem"
        assert cert.exists() and (certs / "serve-key.pem").exists()
        # The generated certificate names 127.0.0.1, so it verifies against itself.
        response = requests.get(f"{base}/login", verify=str(cert), timeout=10)
        assert response.status_code == 200
        assert "Secure" in response.headers["Set-Cookie"]
        assert stop(proc, timeout=15) == 0
    output = proc.output
    assert f"Door staff open: {base}/" in output
    assert "█" in output or "▀" in output


def test_serve_stops_gracefully_on_sigterm(db_url):
    env = {"CHECKIN_DATABASE_URL": db_url, "CHECKIN_SECRET_KEY": "stop-test"}
    with checkin_process(env) as (base, proc):
        assert requests.get(f"{base}/login", timeout=10).status_code == 200
        assert "Secure" not in requests.get(f"{base}/login", timeout=10).headers["Set-Cookie"]
        assert stop(proc, timeout=15) == 0
    assert "Shutting down" in proc.output
