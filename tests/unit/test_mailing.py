"""Invitation e-mails against a real local SMTP server (aiosmtpd on 127.0.0.1)."""

from __future__ import annotations

import email
import email.policy
import io
from datetime import UTC, datetime

import pytest
import zxingcpp
from aiosmtpd.controller import Controller
from PIL import Image

from checkin import sending
from checkin.config import DEFAULTS
from checkin.errors import EmailFailed
from checkin.invitations import invitation_url, revoke_invitation
from tests.servers import free_port

BASE = "https://checkin.example.id"
SENDER = "Panitia Rakor <panitia@kesbangpol.example.id>"


class Collector:
    """An SMTP handler that keeps every message and refuses addresses at refuse.example."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], email.message.EmailMessage]] = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.endswith("@refuse.example"):
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted"

    def recipients(self) -> list[str]:
        return [to for tos, _ in self.messages for to in tos]


@pytest.fixture
def smtp():
    handler = Collector()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, handler
    controller.stop()


@pytest.fixture
def settings(smtp):
    controller, _ = smtp
    return sending.SmtpSettings.from_config(
        {
            **DEFAULTS,
            "SMTP_HOST": "127.0.0.1",
            "SMTP_PORT": controller.port,
            "SMTP_FROM": SENDER,
            "SMTP_STARTTLS": False,
        }
    )


def send(db, event, settings, **options):
    return sending.send_invitation_emails(
        db, event, settings, base_url=BASE, checkpoint=db.commit, **options
    )


def test_settings_absent_without_host_or_sender():
    config = {**DEFAULTS, "SMTP_HOST": "x", "SMTP_FROM": "a@b"}
    assert sending.SmtpSettings.from_config({**config, "SMTP_HOST": ""}) is None
    assert sending.SmtpSettings.from_config({**config, "SMTP_FROM": ""}) is None
    got = sending.SmtpSettings.from_config(
        {**config, "SMTP_PORT": "2525", "SMTP_STARTTLS": "false"}
    )
    assert (got.port, got.starttls) == (2525, False)


def test_bulk_send_emails_every_delegate_with_an_address_once(
    db, event, make_delegate, settings, smtp
):
    _, handler = smtp
    a = make_delegate(email="a@example.id")
    b = make_delegate(email="b@example.id")
    make_delegate(email=None)
    batch = send(db, event, settings)
    assert (batch.sent, batch.failed, batch.done) == (2, [], True)
    assert sorted(handler.recipients()) == ["a@example.id", "b@example.id"]
    assert a.emailed_at is not None and b.emailed_at is not None


def test_second_run_sends_nothing(db, event, make_delegate, settings, smtp):
    _, handler = smtp
    make_delegate(email="a@example.id")
    send(db, event, settings)
    again = send(db, event, settings)
    assert again.sent == 0
    assert handler.recipients() == ["a@example.id"]


def test_resend_when_asked_sends_again(db, event, make_delegate, settings, smtp):
    _, handler = smtp
    make_delegate(email="a@example.id")
    send(db, event, settings)
    again = send(db, event, settings, resend=True)
    assert again.sent == 1
    assert handler.recipients() == ["a@example.id", "a@example.id"]


def test_delegates_without_email_are_skipped_and_listed(db, event, make_delegate, settings):
    make_delegate(email="a@example.id")
    nobody = make_delegate(name="Tanpa Surel", email=None)
    blank = make_delegate(name="Kosong", email="")
    batch = send(db, event, settings)
    assert batch.sent == 1
    missing, total = sending.without_email(db, event)
    assert total == 2 and {d.id for d in missing} == {nobody.id, blank.id}
    assert nobody.emailed_at is None


def test_revoked_delegates_get_no_email(db, event, make_delegate, settings, smtp):
    _, handler = smtp
    gone = make_delegate(email="gone@example.id")
    revoke_invitation(db, event, gone.secret, reissue=False)
    db.commit()
    assert send(db, event, settings).sent == 0
    assert handler.messages == []


def test_each_success_is_committed_before_the_next_send(db, event, make_delegate, settings):
    for i in range(3):
        make_delegate(email=f"p{i}@example.id")
    seen: list[int] = []

    def checkpoint() -> None:
        db.commit()
        seen.append(sum(1 for d in db.scalars(_delegates(event)) if d.emailed_at))

    sending.send_invitation_emails(db, event, settings, base_url=BASE, checkpoint=checkpoint)
    # Once before connecting (nothing sent yet), then after each e-mail.
    assert seen == [0, 1, 2, 3]


def _delegates(event):
    from sqlalchemy import select

    from checkin.models import Delegate

    return select(Delegate).where(Delegate.event_id == event.id)


def test_batches_walk_through_with_progress(db, event, make_delegate, settings, smtp):
    _, handler = smtp
    for i in range(5):
        make_delegate(email=f"p{i}@example.id")
    assert sending.pending_count(db, event) == 5
    first = send(db, event, settings, limit=2)
    assert (first.sent, first.remaining, first.done) == (2, 3, False)
    second = send(db, event, settings, limit=2, after_id=first.last_id)
    third = send(db, event, settings, limit=2, after_id=second.last_id)
    assert (second.remaining, third.sent, third.done) == (1, 1, True)
    assert len(set(handler.recipients())) == 5


def test_refused_address_fails_and_the_batch_goes_on(db, event, make_delegate, settings, smtp):
    _, handler = smtp
    bad = make_delegate(name="Salah Alamat", email="nobody@refuse.example")
    good = make_delegate(email="good@example.id")
    batch = send(db, event, settings)
    assert batch.sent == 1
    assert [(i, name) for i, name, _ in batch.failed] == [(bad.id, "Salah Alamat")]
    assert bad.emailed_at is None and good.emailed_at is not None
    assert handler.recipients() == ["good@example.id"]
    # Not retried in the same run (the cursor moved past it), but pending for the next one.
    assert sending.pending_count(db, event, after_id=batch.last_id) == 0
    assert sending.pending_count(db, event) == 1


def test_unreachable_server_is_a_readable_error(db, event, make_delegate):
    make_delegate(email="a@example.id")
    closed = sending.SmtpSettings("127.0.0.1", 1, "", "", SENDER, False)
    with pytest.raises(EmailFailed, match="Tidak dapat terhubung"):
        send(db, event, closed)


def test_email_carries_the_message_the_link_and_a_readable_qr(
    db, event, make_delegate, settings, smtp
):
    _, handler = smtp
    person = make_delegate(name="Hj. Siti Aminah", ormas="Aisyiyah", email="siti@example.id")
    send(db, event, settings, now=datetime(2024, 10, 1, tzinfo=UTC))
    ((_, message),) = handler.messages
    url = invitation_url(BASE, person.secret)
    assert "Rapat Koordinasi" in message["Subject"]
    assert message["To"] == '"Hj. Siti Aminah" <siti@example.id>'
    text = message.get_body(("plain",)).get_content()
    assert url in text.splitlines()
    assert "Yth. Bapak/Ibu Hj. Siti Aminah" in text
    assert "*" not in text  # WhatsApp bold marks are dropped in e-mail
    html = message.get_body(("html",)).get_content()
    assert f'href="{url}"' in html
    images = [p for p in message.walk() if p.get_content_type() == "image/png"]
    (image,) = images
    assert f"cid:{image['Content-ID'].strip('<>')}" in html
    qr = Image.open(io.BytesIO(image.get_content()))
    assert [r.text for r in zxingcpp.read_barcodes(qr.convert("L"))] == [url]
    assert person.emailed_at == datetime(2024, 10, 1, tzinfo=UTC)


def test_send_to_one_delegate_only(db, event, make_delegate, settings, smtp):
    _, handler = smtp
    make_delegate(email="a@example.id")
    one = make_delegate(email="b@example.id")
    batch = send(db, event, settings, delegate_id=one.id, resend=True)
    assert batch.sent == 1
    assert handler.recipients() == ["b@example.id"]


def test_sent_email_marks_the_invitation_sent_by_email(db, event, make_delegate, settings):
    when = datetime(2024, 10, 10, 2, 0, tzinfo=UTC)
    sent = make_delegate(email="a@example.id")
    refused = make_delegate(email="b@refuse.example")
    send(db, event, settings, now=when)
    assert (sent.sent_at, sent.sent_via) == (when, "email")
    assert refused.sent_at is None
