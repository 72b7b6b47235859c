"""The door: the scanner page for phones, and door passes (QR + PIN) for door staff."""

from __future__ import annotations

import math
import time
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_limiter import RequestLimit
from flask_limiter.util import get_remote_address
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from checkin.accounts import (
    STATUS_ACTIVE,
    door_for_pass,
    issue_pass,
    pass_expires_at,
    pass_qr_png,
    pass_status,
    pin_lockouts,
    reset_pin_lockouts,
    revoke_pass,
    sign_in_with_pass,
    viewable_pin,
    wait_text,
)
from checkin.db import get_session
from checkin.errors import NotFound, PinLocked, WrongPin
from checkin.extensions import limiter
from checkin.formatting import tz_label
from checkin.models import ROLE_ADMIN, ROLE_DOOR, Door, Event, User
from checkin.web.access import event_view, sign_in
from checkin.web.urls import public_base_url, public_url_for, require_public_base

bp = Blueprint("door", __name__)


def _door_of(event: Event, door_id: int) -> Door:
    door = next((d for d in event.doors if d.id == door_id), None)
    if door is None:
        raise NotFound(_("Pintu tidak ditemukan."))
    return door


def scanner_messages() -> dict[str, str]:
    """Texts the scanner script shows (it holds no text of its own, so it can be translated)."""
    return {
        "admitted": _("SILAKAN MASUK"),
        "already_checked_in": _("SUDAH MASUK"),
        "unknown_code": _("KODE TIDAK DIKENAL"),
        "revoked": _("UNDANGAN DICABUT"),
        "error": _("BELUM TERCATAT"),
        "pass_revoked_title": _("PASS DICABUT"),
        "pass_revoked": _("Pass pintu ini dicabut panitia — pindai QR pass baru"),
        "unknown_code_help": _(
            "Kode ini bukan undangan acara ini. Minta undangan yang benar, atau cari namanya."
        ),
        "revoked_help": _(
            "Undangan ini sudah dicabut panitia. Jangan masukkan; arahkan ke meja panitia."
        ),
        "already_help": _("Pertama masuk pukul {time} di {gate}"),
        "already_by": _("oleh {who}"),
        "substitute": _("Pengganti: {name}"),
        "walkin": _("Tamu baru terdaftar"),
        "error_help": _("Server tidak menjawab: {detail}. Periksa wifi, lalu pindai ulang."),
        "network": _("tidak ada sambungan"),
        "timeout": _("waktu habis"),
        "bad_response": _("jawaban tidak terbaca"),
        "tap_to_close": _("Ketuk untuk menutup"),
        "insecure": _(
            "Kamera hanya bisa dibuka di alamat HTTPS. Buka halaman ini lewat https:// "
            "(di lokasi acara: jalankan `checkin serve --https` dan pakai alamat yang "
            "dicetaknya). Sementara itu pakai pemindai USB atau cari nama."
        ),
        "no_camera_api": _(
            "Peramban ini tidak bisa membuka kamera. Pakai Chrome atau Safari terbaru, "
            "atau pakai pemindai USB atau cari nama."
        ),
        "camera_denied": _(
            "Izin kamera ditolak. Ketuk ikon gembok di samping alamat (atau Pengaturan "
            "situs), izinkan Kamera, lalu muat ulang halaman. Sementara itu pakai "
            "pemindai USB atau cari nama."
        ),
        "camera_missing": _(
            "Kamera tidak ditemukan di perangkat ini. Pakai pemindai USB atau cari nama."
        ),
        "camera_busy": _(
            "Kamera sedang dipakai aplikasi lain. Tutup aplikasi itu lalu muat ulang halaman."
        ),
        "camera_failed": _("Kamera tidak bisa dibuka: {detail}"),
        "camera_stopped": _("Kamera berhenti. Ketuk tombol di bawah untuk membukanya lagi."),
        "decoder_failed": _(
            "Pembaca QR tidak bisa dimuat: {detail}. Muat ulang halaman, atau pakai "
            "pemindai USB atau cari nama."
        ),
        "starting": _("Membuka kamera…"),
        "scanning": _("Arahkan kamera ke QR undangan"),
        "torch_on": _("Senter: nyala"),
        "torch_off": _("Senter"),
        "search_hint": _("Ketik paling sedikit 2 huruf nama atau ormas."),
        "search_none": _("Tidak ada peserta yang cocok."),
        "search_more": _("Hanya 20 hasil pertama yang ditampilkan; perjelas pencarian."),
        "search_in": _("Sudah masuk {time} di {gate}"),
        "search_revoked": _("Undangan dicabut"),
        "check_in": _("Masukkan"),
        "substitute_button": _("Pengganti"),
        "substitute_prompt": _("Nama pengganti dari ormas yang sama"),
        "substitute_confirm": _("Masukkan pengganti"),
        "sending": _("Mengirim…"),
        "vip": _("VIP"),
        **offline_messages(),
    }


def offline_messages() -> dict[str, str]:
    """Texts of the scanner's offline mode (static/js/lib/offline.js)."""
    return {
        "offline_title": _("MODE LURING — data disimpan di ponsel, {n} menunggu dikirim"),
        "offline_detail": _(
            "Server tidak terjangkau. Terus pindai: semua terkirim sendiri saat tersambung."
        ),
        "syncing": _("Mengirim {n} pindaian luring ke server…"),
        "pending_online": _("{n} pindaian luring menunggu dikirim"),
        "sync_login": _("Sesi berakhir: masuk lagi agar {n} pindaian luring terkirim."),
        "retry": _("Coba sambung sekarang"),
        "sync_done": _("Terkirim {n} pindaian luring: {admitted} masuk, {already} sudah masuk"),
        "sync_refused": _("{n} ditolak server"),
        "sync_conflicts": _("{n} KONFLIK: sudah dimasukkan di pintu lain lebih dulu"),
        "sync_conflict_item": _("{name}: pertama masuk {time} di {gate}"),
        "dismiss": _("Tutup"),
        "offline_tag": _("luring"),
        "verdict_offline": _("LURING · dicatat di ponsel, dikirim nanti"),
        "already_local": _("Sudah dimasukkan di ponsel ini pukul {time} di {gate}"),
        "no_roster": _("TIDAK BISA DIPERIKSA"),
        "no_roster_help": _(
            "Daftar peserta belum tersimpan di ponsel ini, jadi saat luring QR tidak bisa "
            "diperiksa. Arahkan ke meja panitia."
        ),
        "unknown_offline_help": _(
            "Kode ini tidak ada di daftar yang tersimpan di ponsel. Arahkan ke meja panitia."
        ),
        "roster_ready": _("Siap luring: {n} undangan tersimpan di ponsel (diperbarui {time})"),
        "roster_loading": _("Menyimpan daftar peserta untuk mode luring…"),
        "offline_unavailable": _(
            "Mode luring tidak tersedia di sini (butuh HTTPS dan peramban terbaru): "
            "bila wifi putus, pindaian tidak bisa dicatat."
        ),
        "storage_failed": _("Tidak bisa menyimpan di ponsel: {detail}"),
        "no_service_worker": _(
            "Halaman ini tidak bisa disimpan untuk dibuka tanpa sambungan (ponsel tidak "
            "mempercayai sertifikat HTTPS server). Saat luring, jangan muat ulang atau tutup "
            "tab ini: pindaian tetap tersimpan, tetapi halaman tidak bisa dibuka lagi."
        ),
        "search_offline": _(
            "Cari nama tidak tersedia saat luring: data peserta di ponsel hanya terbuka "
            "dengan QR masing-masing. Pindai QR undangan, atau arahkan ke meja panitia."
        ),
        "walkin_offline": _(
            "Tamu baru hanya bisa didaftarkan saat tersambung ke server. Catat namanya "
            "di kertas dan daftarkan setelah tersambung."
        ),
    }


@bp.route("/e/<slug>/scan")
@event_view(ROLE_ADMIN, ROLE_DOOR)
def scan(event: Event):
    assigned = next((d.name for d in event.doors if d.id == current_user.door_id), "")
    return render_template(
        "door/scan.html",
        event=event,
        doors=[d.name for d in event.doors],
        assigned_door=assigned,
        can_walkin=current_user.role == ROLE_ADMIN or event.allow_door_walkin,
        tz_label=tz_label(event.timezone),
        messages=scanner_messages(),
        # Defaults in config.DEFAULTS; CHECKIN_DOOR_*_MS override them.
        verdict_ms=int(current_app.config["DOOR_VERDICT_MS"]),
        repeat_ms=int(current_app.config["DOOR_REPEAT_MS"]),
        online_timeout_ms=int(current_app.config["DOOR_ONLINE_TIMEOUT_MS"]),
        wedge_idle_ms=int(current_app.config["DOOR_WEDGE_IDLE_MS"]),
        scan_interval_ms=int(current_app.config["DOOR_SCAN_INTERVAL_MS"]),
        search_delay_ms=int(current_app.config["DOOR_SEARCH_DELAY_MS"]),
    )


# --- door passes -------------------------------------------------------------------------


class PinForm(FlaskForm):
    pin = StringField(_l("PIN"), validators=[DataRequired(), Length(max=12)])


def _pass_rate_limit() -> str:
    return current_app.config["DOOR_PASS_RATE_LIMIT"]


def _signin_page(door: Door, form: PinForm, *, error: str | None, wait: int, status: int):
    response = make_response(
        render_template("door/pass_signin.html", door=door, form=form, error=error), status
    )
    if wait:
        response.headers["Retry-After"] = str(wait)
    return response


def _pin_rate_limited(limit: RequestLimit) -> Response:
    """Past the per-address limit: the sign-in page again, saying how long to wait."""
    door = door_for_pass(get_session(), (request.view_args or {}).get("secret", ""))
    wait = max(1, math.ceil(limit.reset_at - time.time()))
    message = _(
        "Terlalu banyak percobaan PIN dari perangkat ini. Tunggu %(wait)s lalu coba lagi.",
        wait=wait_text(wait),
    )
    return _signin_page(door, PinForm(), error=message, wait=wait, status=429)


# Limits and waits count each client address (get_remote_address, which follows
# CHECKIN_TRUSTED_PROXIES), never the pass: guessers cannot lock the door's staff out.
@bp.route("/door/<secret>", methods=["GET", "POST"])
@limiter.limit(_pass_rate_limit, methods=["POST"], on_breach=_pin_rate_limited)
def pass_signin(secret: str):
    db = get_session()
    door = door_for_pass(db, secret)
    form = PinForm()
    if not form.validate_on_submit():
        return _signin_page(door, form, error=None, wait=0, status=422 if form.errors else 200)
    try:
        user = sign_in_with_pass(db, secret, form.pin.data, address=get_remote_address())
    except WrongPin as exc:
        db.commit()  # the wrong PIN counts against this address, in every process
        status = 429 if isinstance(exc, PinLocked) else 422
        return _signin_page(door, form, error=exc.message, wait=exc.wait_seconds, status=status)
    sign_in(user)
    db.commit()
    return redirect(url_for("door.scan", slug=door.event.slug, door=door.name))


def _pass_url(door: Door) -> str | None:
    """The link a door pass's QR carries, None when the event has no public address."""
    return public_url_for(door.event, "door.pass_signin", secret=door.pass_secret)


def _pin_of(door: Door) -> str | None:
    """The door's PIN while the organiser may still see it (until the pass is first used)."""
    return viewable_pin(door, secret_key=current_app.config["SECRET_KEY"])


def _no_store(page: str) -> Response:
    """A page showing PINs: kept in no cache, and never shown again by the Back button."""
    response = make_response(page)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/e/<slug>/admin/door-passes")
@event_view(ROLE_ADMIN)
def passes(event: Event):
    rows = [
        {
            "door": door,
            "status": pass_status(door),
            "url": _pass_url(door) if door.pass_secret else None,
            "pin": _pin_of(door),
            "lockouts": pin_lockouts(get_session(), door),
        }
        for door in event.doors
    ]
    host = urlsplit(public_base_url(event) or "").hostname or ""
    page = render_template(
        "door/passes.html",
        event=event,
        rows=rows,
        shown=request.args.get("shown", type=int),
        expires_at=pass_expires_at(event),
        local_only=host in ("localhost", "127.0.0.1", "::1"),
        STATUS_ACTIVE=STATUS_ACTIVE,
    )
    return _no_store(page)


@bp.route("/e/<slug>/admin/door-passes/<int:door_id>/issue", methods=["POST"])
@event_view(ROLE_ADMIN)
def issue(event: Event, door_id: int):
    db = get_session()
    door = _door_of(event, door_id)
    issue_pass(
        db, door, secret_key=current_app.config["SECRET_KEY"], by=db.get(User, current_user.id)
    )
    db.commit()
    flash(_("Pass %(door)s dibuat; pass lama berhenti.", door=door.name), "success")
    # Redirect, so a refresh of the result is a GET: it never reissues (which would sign
    # the door's phones out). The page reads the PIN back from its sealed copy.
    target = url_for("door.passes", slug=event.slug, shown=door.id, _anchor=f"pass-{door.id}")
    return redirect(target, 303)


@bp.route("/e/<slug>/admin/door-passes/<int:door_id>/sheet")
@event_view(ROLE_ADMIN)
def pass_sheet(event: Event, door_id: int):
    """The door's printable sheet: event, door, QR, PIN (while still viewable), validity."""
    door = _door_of(event, door_id)
    if pass_status(door) != STATUS_ACTIVE:
        raise NotFound(_("Pintu ini tidak punya pass yang berlaku."))
    require_public_base(event)
    size = "a5" if request.args.get("size") == "a5" else "a4"
    page = render_template(
        "door/pass_sheet.html",
        event=event,
        door=door,
        url=_pass_url(door),
        pin=_pin_of(door),
        size=size,
        expires_at=pass_expires_at(event, issued_at=door.pass_issued_at),
    )
    return _no_store(page)


@bp.route("/e/<slug>/admin/door-passes/<int:door_id>/revoke", methods=["POST"])
@event_view(ROLE_ADMIN)
def revoke(event: Event, door_id: int):
    db = get_session()
    door = _door_of(event, door_id)
    revoke_pass(db, door, by=db.get(User, current_user.id))
    db.commit()
    flash(
        _("Pass %(door)s dicabut; ponsel yang memakainya sudah keluar.", door=door.name), "success"
    )
    return redirect(url_for("door.passes", slug=event.slug))


@bp.route("/e/<slug>/admin/door-passes/<int:door_id>/reset", methods=["POST"])
@event_view(ROLE_ADMIN)
def reset(event: Event, door_id: int):
    db = get_session()
    door = _door_of(event, door_id)
    reset_pin_lockouts(db, door, by=db.get(User, current_user.id))
    db.commit()
    flash(
        _(
            "Kunci PIN pass %(door)s dibuka: setiap perangkat bisa langsung mencoba PIN lagi. "
            "PIN tidak berubah.",
            door=door.name,
        ),
        "success",
    )
    return redirect(url_for("door.passes", slug=event.slug))


@bp.route("/e/<slug>/admin/door-passes/<int:door_id>/qr.png")
@event_view(ROLE_ADMIN)
def pass_qr(event: Event, door_id: int):
    door = _door_of(event, door_id)
    if door.pass_secret is None:
        raise NotFound(_("Pintu ini belum punya pass."))
    require_public_base(event)
    response = Response(pass_qr_png(_pass_url(door) or ""), mimetype="image/png")
    response.headers["Cache-Control"] = "no-store"
    return response
