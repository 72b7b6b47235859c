"""`checkin serve`: gunicorn with threaded workers, and a self-signed certificate for LANs.

Why gunicorn's gthread worker: a scan is a few milliseconds of Python and one SQLite write, so
one process already answers far more than the 100 scans/s a four-door arrival peak needs,
while the live screens hold long Server-Sent-Events responses that each keep a thread (not a
process) busy. Threads are cheap; processes cost ~60 MiB each. See DEFAULT_WORKERS.

`checkin serve` prepares (certificate, URL, QR) and then replaces itself with a lean gunicorn
master: this file run as a script, which imports gunicorn and the standard library only.
The app (Flask, SQLAlchemy, ...) is loaded in the worker, so the master costs ~20 MiB
instead of ~60 MiB. Keep this module's top-level imports to the standard library + gunicorn.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import ipaddress
import json
import os
import socket
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from gunicorn.app.base import BaseApplication

#: One worker process: measured with bench/bench_scan.py it sustains ~200-250 scans/s on 2
#: (shared) cores, twice the four-door peak of 100/s, and the whole server (lean master +
#: worker) peaks at ~115-135 MiB RSS with 200 live screens. A second worker would add ~75 MiB
#: (over the 150 MiB budget) for throughput SQLite cannot use: its writes are serial anyway.
DEFAULT_WORKERS = 1
#: Threads per worker: up to 200 live screens each hold one for its stream; the app never
#: lets streams take the last LIVE_RESERVED_THREADS (56), which doors and pages need.
DEFAULT_THREADS = 256
#: Seconds in-flight requests get to finish after SIGTERM (scans take milliseconds).
GRACEFUL_TIMEOUT = 5
CERT_FILE = "serve-cert.pem"
KEY_FILE = "serve-key.pem"


@dataclass(frozen=True)
class ServeOptions:
    host: str
    port: int
    workers: int = DEFAULT_WORKERS
    threads: int = DEFAULT_THREADS
    certfile: str | None = None
    keyfile: str | None = None


class CheckinServer(BaseApplication):
    """gunicorn running create_app() in gthread workers."""

    def __init__(self, options: ServeOptions, app_config: dict[str, Any] | None = None) -> None:
        self.options = options
        self.app_config = app_config or {}
        super().__init__()

    def load_config(self) -> None:
        settings: dict[str, Any] = {
            "bind": [f"[{self.options.host}]:{self.options.port}"]
            if ":" in self.options.host
            else [f"{self.options.host}:{self.options.port}"],
            "worker_class": "gthread",
            "workers": self.options.workers,
            "threads": self.options.threads,
            "worker_connections": max(1000, self.options.threads * 4),
            "graceful_timeout": GRACEFUL_TIMEOUT,
            # Phones scan every few seconds: keep their connection (and TLS session) open.
            "keepalive": 30,
            "proc_name": "checkin",
            "errorlog": "-",
            "loglevel": "info",
        }
        if self.options.certfile:
            settings["certfile"] = self.options.certfile
            settings["keyfile"] = self.options.keyfile
        # gunicorn >= 25 opens a control socket in $HOME by default; two servers (tests, a
        # benchmark) would fight over it and we do not use it.
        settings["control_socket_disable"] = True
        for key, value in settings.items():
            if key in self.cfg.settings:
                self.cfg.set(key, value)

    def load(self):
        # In the worker, after the fork: the master never imports the app.
        from checkin import create_app, start_housekeeping

        # The app limits live streams to this process's threads minus a reserve for doors
        # and invitation pages (checkin/live/slots.py): it must know how many there are.
        app = create_app({**self.app_config, "SERVER_THREADS": self.options.threads})
        start_housekeeping(app)
        return app


def run(options: ServeOptions, app_config: dict[str, Any] | None = None) -> None:
    """Become the gunicorn master (same process id) and serve until SIGTERM or Ctrl+C."""
    settings = json.dumps({"options": dataclasses.asdict(options), "app_config": app_config})
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(sys.executable, [sys.executable, os.path.abspath(__file__), settings])


def _serve_from_script(settings: str) -> None:
    # Run as a script, Python put this file's folder (checkin/) first on sys.path; the
    # worker must import the `checkin` package from its parent instead.
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != here]
    sys.path.insert(0, os.path.dirname(here))
    values = json.loads(settings)
    CheckinServer(ServeOptions(**values["options"]), values["app_config"]).run()


# --- HTTPS for a venue LAN ---------------------------------------------------------------


def lan_addresses() -> list[str]:
    """This machine's IPv4 addresses on its networks (not loopback), best guess first."""
    found: list[str] = []
    try:
        # Connecting a UDP socket sends nothing; it only picks the interface of the route.
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("10.255.255.255", 1))
            found.append(s.getsockname()[0])
    except OSError:
        pass
    try:
        infos = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
        found += [str(info[4][0]) for info in infos]
    except OSError:
        pass
    unique = []
    for address in found:
        if not ipaddress.ip_address(address).is_loopback and address not in unique:
            unique.append(address)
    return unique


def ensure_certificate(folder: str | Path, addresses: list[str]) -> tuple[Path, Path, bool]:
    """The self-signed certificate in the folder, made on first use or when a LAN address
    it does not name appears (another venue). Returns (cert, key, created)."""
    folder = Path(folder)
    cert_path, key_path = folder / CERT_FILE, folder / KEY_FILE
    if cert_path.exists() and key_path.exists() and _names_all(cert_path, addresses):
        return cert_path, key_path, False
    folder.mkdir(parents=True, exist_ok=True)
    cert, key = _self_signed(addresses)
    key_path.write_bytes(key)
    key_path.chmod(0o600)
    cert_path.write_bytes(cert)
    return cert_path, key_path, True


def _names_all(cert_path: Path, addresses: list[str]) -> bool:
    from cryptography import x509

    cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
    if cert.not_valid_after_utc < dt.datetime.now(dt.UTC) + dt.timedelta(days=7):
        return False
    try:
        names = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        return False
    ips = {str(ip) for ip in names.get_values_for_type(x509.IPAddress)}
    return set(addresses) <= ips


def _self_signed(addresses: list[str]) -> tuple[bytes, bytes]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "checkin (self-signed)")])
    now = dt.datetime.now(dt.UTC)
    ips = ["127.0.0.1", *addresses]
    alt_names: list[x509.GeneralName] = [x509.DNSName("localhost"), x509.DNSName(_hostname())]
    alt_names += [x509.IPAddress(ipaddress.ip_address(ip)) for ip in dict.fromkeys(ips)]
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1))
        # Apple devices refuse server certificates valid for more than 825 days.
        .not_valid_after(now + dt.timedelta(days=800))
        .add_extension(x509.SubjectAlternativeName(alt_names), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return cert.public_bytes(serialization.Encoding.PEM), key_pem


def _hostname() -> str:
    name = socket.gethostname() or "localhost"
    return name if all(part.isascii() for part in name) else "localhost"


def door_url(host: str, port: int, *, https: bool, addresses: list[str]) -> str:
    """The address door phones should open."""
    scheme = "https" if https else "http"
    if host in ("0.0.0.0", "::", ""):
        host = addresses[0] if addresses else "127.0.0.1"
    if ":" in host:
        host = f"[{host}]"
    return f"{scheme}://{host}:{port}/"


def print_url_qr(url: str, out: TextIO | None = None) -> None:
    """Draw the URL's QR in the terminal (light modules on a dark terminal)."""
    import qrcode

    qr = qrcode.QRCode(border=2, error_correction=qrcode.constants.ERROR_CORRECT_L)
    qr.add_data(url)
    qr.print_ascii(out=out or sys.stdout, invert=True)


if __name__ == "__main__":
    _serve_from_script(sys.argv[1])
