"""The data model's core: events with their regions and doors, delegates and their check-ins,
accounts with their sessions and tokens (records that hang off them: models/records.py)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Date,
    ForeignKey,
    Index,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    text,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from checkin.config import DEFAULT_TIMEZONE
from checkin.db import Base, UTCDateTime, utcnow

LEVEL_PROVINCE = "provinsi"
LEVEL_REGENCY = "kabupaten_kota"
LEVELS = (LEVEL_PROVINCE, LEVEL_REGENCY)


def level_label(level: str) -> str:
    """Provinsi or Kabupaten/Kota, as documents for the office write a level (in Indonesian
    whatever the interface language; pages translate theirs)."""
    return "Provinsi" if level == LEVEL_PROVINCE else "Kabupaten/Kota"


ROLE_ADMIN = "admin"
ROLE_DOOR = "door"
ROLE_VIEWER = "viewer"
ROLE_LIAISON = "liaison"
ROLES = (ROLE_ADMIN, ROLE_DOOR, ROLE_VIEWER, ROLE_LIAISON)

# Unique constraints and indexes that decide "only once" for the domain, which turns their
# IntegrityError into a clear error (checkin.db.unique_or_raise). The names of those declared
# with unique=True or UniqueConstraint come from checkin.db.NAMING_CONVENTION.
EVENT_SLUG_UNIQUE = "uq_event_slug"
USERNAME_UNIQUE = "uq_user_account_username"
REGION_NAME_UNIQUE = "uq_region_event_id_name"
DOOR_NAME_UNIQUE = "uq_door_event_id_name"
REVOKED_SECRET_UNIQUE = "uq_revoked_secret_secret"
#: One delegate per organiser's id in an event.
DELEGATE_EXTERNAL_UNIQUE = "uq_delegate_event_external"
#: One delegate per match key in an event, among those without an organiser's id.
DELEGATE_MATCH_UNIQUE = "uq_delegate_event_match"


class Event(Base):
    __tablename__ = "event"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    theme: Mapped[str | None] = mapped_column(String(500))
    venue: Mapped[str | None] = mapped_column(String(300))
    address: Mapped[str | None] = mapped_column(String(500))
    map_url: Mapped[str | None] = mapped_column(String(500))
    #: Where delegates and door phones reach the app for this event (Pengaturan); None: the
    #: deployment's CHECKIN_PUBLIC_URL, else the address `checkin serve` announced
    #: (checkin.invitations.links.public_base). Checked by events.clean_public_url.
    public_url: Mapped[str | None] = mapped_column(String(300))
    starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: IANA name; times are stored in UTC and shown in this zone.
    timezone: Mapped[str] = mapped_column(String(64), default=DEFAULT_TIMEZONE)
    #: The office that invites (shown on cards and in messages).
    organizer: Mapped[str | None] = mapped_column(String(300))
    contact_name: Mapped[str | None] = mapped_column(String(200))
    contact_phone: Mapped[str | None] = mapped_column(String(40))
    #: Door staff may register walk-ins (organisers always may).
    allow_door_walkin: Mapped[bool] = mapped_column(default=False)
    #: A check-in's gate may be any text (as PRODUCT.md's API promises); when False it must
    #: be one of the event's doors (checkin.scanning.codes.clean_gate).
    allow_free_gate: Mapped[bool] = mapped_column(default=True, server_default=true())
    #: Kop surat of the Daftar Hadir, one line each: CAPITALS print bold, others small.
    letterhead: Mapped[str | None] = mapped_column(Text)
    #: The official who signs the Daftar Hadir's "Mengetahui" block.
    official_name: Mapped[str | None] = mapped_column(String(200))
    #: May span lines ("Kepala Badan Kesbangpol\nProvinsi Kalimantan Timur").
    official_position: Mapped[str | None] = mapped_column(String(300))
    official_nip: Mapped[str | None] = mapped_column(String(40))
    #: The place of the Daftar Hadir's "Samarinda, 15 Oktober 2024" line; None: dots.
    report_place: Mapped[str | None] = mapped_column(String(100))
    #: The kop's logo, a PNG re-encoded by checkin.reports.logo (loaded only when printed).
    report_logo: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    #: The WhatsApp/e-mail invitation text with {placeholders}; None: the default template
    #: (checkin.messages.DEFAULT_MESSAGE).
    invitation_message: Mapped[str | None] = mapped_column(Text)
    #: The H-1 reminder text with {placeholders}; None: checkin.messages.DEFAULT_REMINDER.
    reminder_message: Mapped[str | None] = mapped_column(Text)
    #: The official letter the invitation follows up (shown in the messages).
    letter_number: Mapped[str | None] = mapped_column(String(120))
    letter_date: Mapped[date | None] = mapped_column(Date)
    #: Who signed it ("Kepala Badan Kesbangpol Provinsi Kalimantan Timur").
    letter_signatory: Mapped[str | None] = mapped_column(String(300))
    #: When registration opens on the day (the messages' {jam_registrasi}).
    registration_opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: Opening and closing greetings of the messages; None: neutral (no greeting line).
    greeting_opening: Mapped[str | None] = mapped_column(Text)
    greeting_closing: Mapped[str | None] = mapped_column(Text)
    #: When phone numbers and e-mails were purged after the event (checkin.privacy).
    personal_data_purged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    regions: Mapped[list[Region]] = relationship(
        back_populates="event", order_by="Region.sort_order", cascade="all, delete-orphan"
    )
    doors: Mapped[list[Door]] = relationship(
        back_populates="event", order_by="Door.sort_order", cascade="all, delete-orphan"
    )
    delegates: Mapped[list[Delegate]] = relationship(
        back_populates="event", cascade="all, delete-orphan", lazy="raise_on_sql"
    )

    def __repr__(self) -> str:
        return f"<Event {self.slug}>"


class Region(Base):
    __tablename__ = "region"
    __table_args__ = (UniqueConstraint("event_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    #: LEVEL_PROVINCE or LEVEL_REGENCY (kabupaten/kota).
    level: Mapped[str] = mapped_column(String(20))
    #: Other spellings organisers write, one per line ("Kukar", "KUTAI KARTANEGARA").
    aliases: Mapped[str] = mapped_column(Text, default="")
    sort_order: Mapped[int] = mapped_column(default=0)

    event: Mapped[Event] = relationship(back_populates="regions")

    @property
    def alias_list(self) -> list[str]:
        return [a.strip() for a in self.aliases.splitlines() if a.strip()]

    def __repr__(self) -> str:
        return f"<Region {self.name}>"


class Door(Base):
    __tablename__ = "door"
    __table_args__ = (UniqueConstraint("event_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    sort_order: Mapped[int] = mapped_column(default=0)
    #: The door pass: a phone that opens /door/<pass_secret> and types the PIN signs in as
    #: this door's staff (checkin/doorpass.py). None until the organiser issues one.
    pass_secret: Mapped[str | None] = mapped_column(String(64), unique=True)
    #: Hash of the pass's 6-digit PIN, which sign-in checks.
    pass_pin_hash: Mapped[str | None] = mapped_column(String(255))
    #: The same PIN encrypted under a key from SECRET_KEY (accounts/pin_seal.py), so the
    #: organiser can see it again; None once the pass was first used, reissued or revoked.
    pass_pin_sealed: Mapped[str | None] = mapped_column(String(255))
    pass_issued_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    pass_revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    event: Mapped[Event] = relationship(back_populates="doors")

    def __repr__(self) -> str:
        return f"<Door {self.name}>"


class Delegate(Base):
    __tablename__ = "delegate"
    __table_args__ = (
        # Who is who in an event: the organiser's id when the list has one, else the match key
        # (name|ormas|region). The database refuses a second delegate with either, so two
        # walk-ins or imports at the same instant cannot both add the same person. Two people
        # who share name, ormas and region are told apart by their ids (checkin/importing).
        Index(DELEGATE_EXTERNAL_UNIQUE, "event_id", "external_id", unique=True),
        Index(
            DELEGATE_MATCH_UNIQUE,
            "event_id",
            "match_key",
            unique=True,
            sqlite_where=text("external_id IS NULL"),
            postgresql_where=text("external_id IS NULL"),
        ),
        # Finds a match key among all delegates, those with ids too (walk-ins look there).
        Index("ix_delegate_event_match", "event_id", "match_key"),
        Index("ix_delegate_event_name", "event_id", "name"),
        # Covers the organisers' search: filter and order by search_text (it starts with the
        # name), by region and revoked state, without reading the rows (100,000 delegates).
        Index("ix_delegate_event_search", "event_id", "search_text", "region_id", "revoked_at"),
        # The organisers' search by phone reads the matching ids from this index alone.
        Index("ix_delegate_event_phone", "event_id", "phone_digits"),
        # The live statistics count delegates per region and ormas from this index alone,
        # revoked_at included for the counting rule (live/statistics.py); it also serves
        # lookups by event and region.
        Index("ix_delegate_event_region_ormas", "event_id", "region_id", "ormas", "revoked_at"),
        Index("ix_delegate_updated_at", "updated_at"),
        # The offline roster's "changed since" (checkin/roster.py), per event.
        Index("ix_delegate_event_updated", "event_id", "updated_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"))
    region_id: Mapped[int] = mapped_column(ForeignKey("region.id"))
    #: The organiser's own id column, when the file has one (used to match re-imports).
    external_id: Mapped[str | None] = mapped_column(String(80))
    name: Mapped[str] = mapped_column(String(200))
    ormas: Mapped[str] = mapped_column(String(300))
    position: Mapped[str | None] = mapped_column(String(200))
    #: LEVEL_PROVINCE or LEVEL_REGENCY.
    level: Mapped[str] = mapped_column(String(20))
    #: Normalised to +62… on import.
    phone: Mapped[str | None] = mapped_column(String(20))
    email: Mapped[str | None] = mapped_column(String(254))
    #: The invitation secret carried in the QR (/i/<secret>); random, never derived.
    secret: Mapped[str] = mapped_column(String(64), unique=True)
    #: Set when the invitation is revoked without a new one; scans answer "revoked".
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    is_vip: Mapped[bool] = mapped_column(default=False)
    is_walkin: Mapped[bool] = mapped_column(default=False)
    #: When the invitation e-mail was last sent (bulk sending skips these unless asked to resend).
    emailed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: The invitation was last passed on: when, how (checkin.delivery.CHANNELS) and by whom.
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    sent_via: Mapped[str | None] = mapped_column(String(20))
    sent_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    #: The first time the delegate opened the invitation page (link previews do not count).
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: When the H-1 reminder was sent.
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: The konfirmasi answer: akan_hadir, berhalangan or diwakilkan (checkin.events.statuses).
    confirmation: Mapped[str | None] = mapped_column(String(20))
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: Who comes instead (confirmation "diwakilkan"), with the surat tugas/mandat number.
    substitute_name: Mapped[str | None] = mapped_column(String(200))
    substitute_position: Mapped[str | None] = mapped_column(String(200))
    substitute_mandate: Mapped[str | None] = mapped_column(String(100))
    #: Lower-cased name|ormas|region, to find the same person in a re-imported file.
    match_key: Mapped[str] = mapped_column(String(700))
    #: Lower-cased name, ormas, position and region, for the door's and the organisers'
    #: search. Never the phone: whether a door search finds someone must not tell their number.
    search_text: Mapped[str] = mapped_column(Text, default="")
    #: The phone's digits as people search for them (62812… 0812…), for organisers only;
    #: "" without a phone (the server default fills rows that existed before the column).
    phone_digits: Mapped[str] = mapped_column(String(40), default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    event: Mapped[Event] = relationship(back_populates="delegates")
    region: Mapped[Region] = relationship()
    check_in: Mapped[CheckIn | None] = relationship(back_populates="delegate", uselist=False)

    def __repr__(self) -> str:
        return f"<Delegate {self.id}>"


class User(Base):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    #: The person's name as others see it (checkin.accounts.shown_name); None: the door's
    #: name for a door-pass account, else the username.
    display_name: Mapped[str | None] = mapped_column(String(80))
    #: None for accounts that only use API tokens.
    password_hash: Mapped[str | None] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20))
    #: For liaisons: the region they serve.
    region_id: Mapped[int | None] = mapped_column(ForeignKey("region.id", ondelete="SET NULL"))
    #: Set for the hidden account a door pass signs phones in as (checkin/doorpass.py).
    door_id: Mapped[int | None] = mapped_column(ForeignKey("door.id", ondelete="CASCADE"))
    #: The only event this account may work on; None: every event.
    event_id: Mapped[int | None] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"))
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    tokens: Mapped[list[ApiToken]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )
    #: The door of a door-pass account, whose name is the account's shown name.
    door: Mapped[Door | None] = relationship(lazy="joined")
    #: The events a person's account is limited to (checkin.accounts.scope); none: every
    #: event. Loaded with the account, as the rule reads it on every request.
    scoped_events: Mapped[list[Event]] = relationship(
        secondary="user_event", order_by="Event.name", lazy="selectin"
    )

    @property
    def scoped_event_ids(self) -> frozenset[int]:
        return frozenset(event.id for event in self.scoped_events)

    def __repr__(self) -> str:
        return f"<User {self.username} {self.role}>"


class UserEvent(Base):
    """One event an account is limited to (the association behind User.scoped_events)."""

    __tablename__ = "user_event"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True
    )
    event_id: Mapped[int] = mapped_column(
        ForeignKey("event.id", ondelete="CASCADE"), primary_key=True
    )


class LoginSession(Base):
    """A signed-in browser. Its cookie carries a random id; ending the row signs it out."""

    __tablename__ = "login_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: SHA-256 of the id in the signed session cookie; the id itself is never stored.
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    #: Logged out, or ended with all the account's sessions.
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    def __repr__(self) -> str:
        return f"<LoginSession {self.id} of user {self.user_id}>"


class ApiToken(Base):
    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(80))
    #: SHA-256 of the token; the token itself is shown once and never stored.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship(back_populates="tokens")


class CheckIn(Base):
    """A delegate's admission. The unique delegate_id is what makes "only once" true."""

    __tablename__ = "check_in"
    __table_args__ = (
        # Arrivals per 5 minutes and per door, counted in these indexes (checkin/attendance.py).
        Index("ix_check_in_event_time", "event_id", "checked_in_at"),
        Index("ix_check_in_event_gate", "event_id", "gate"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"))
    delegate_id: Mapped[int] = mapped_column(
        ForeignKey("delegate.id", ondelete="CASCADE"), unique=True
    )
    checked_in_at: Mapped[datetime] = mapped_column(UTCDateTime())
    gate: Mapped[str] = mapped_column(String(80))
    by_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    #: Name of the person who came instead of the invited delegate, if any.
    substitute_name: Mapped[str | None] = mapped_column(String(200))
    #: The scan that admitted (client-chosen scan_id), for offline sync.
    scan_id: Mapped[str | None] = mapped_column(String(80))
    is_offline: Mapped[bool] = mapped_column(default=False)

    delegate: Mapped[Delegate] = relationship(back_populates="check_in")
    by_user: Mapped[User | None] = relationship()
