"""Every surface shows the same invited and arrived figures and the same ormas (issue 10).

One event, eight people, all of Kota Samarinda (`PEOPLE` below): five delegates of whom two
are admitted, one unused invitation is revoked and one used invitation is revoked after the
door; a delegate whose ormas sent a substitute; a VIP; a walk-in registered at the door. The
spellings `Pemuda Pancasila`, `PEMUDA PANCASILA` and `pemuda  pancasila` are spread over
them. Every figure a surface is held to is computed from `PEOPLE` by the rule below, never
written out twice (`test_expectations_follow_from_the_scenario` spells the numbers out).

The rule asserted here:

* A delegate counts as invited when their invitation is not revoked, or when they were
  admitted even if the invitation was revoked afterwards. A revoked invitation nobody used
  is not an invitation. Walk-ins and delegates who sent a substitute are on the list like
  everyone else.
* Arrived is the number of distinct delegates with a check-in (a substitute arrives in the
  delegate's place); not arrived is invited minus arrived.
* Spellings that differ only in case or spacing are one ormas. It is shown under the
  spelling most of its counted delegates use (spaces collapsed); on a tie, the first in
  plain code-point order, which puts capitals first (`FATAYAT NU` before `Fatayat NU`). The
  tie-break depends on the spellings alone, not on who was registered first: the VIP
  (`Fatayat NU`) is registered before the walk-in (`FATAYAT NU`) to pin that. The revoked,
  unused delegate writes the rarest spelling, so counting them or not changes nothing here.
* A summary by ormas has one row per ormas, under that spelling, with that ormas's figures.
  The attendance documents (XLSX list, CSV, Daftar Hadir PDF), which the office files grouped
  by ormas, write that spelling on every delegate's row. Per-person admin lists (the delivery
  status list, the liaison's list, the no-show list) show each record as entered, for
  correcting it, and are not checked.

The scenario is built through the public surface only: the door API scans and registers the
walk-in, the organiser's page revokes the used invitation, `checkin revoke-invitation` the
unused one. The liaison is the one of Kota Samarinda, so their page owes the event's figures.
Each surface is one test case per check, so a failure names the surface and the figure
("dashboard says invited=8 (Diundang tile), expected 7").
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import threading
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from checkin.models import User
from tests.conftest import PASSWORD

SLUG = "rakor-ormas-2024"
PUBLIC_URL = "https://checkin.example.id"
REGION = "Kota Samarinda"
GATE = "Pintu Utama"


# --- the scenario and what every surface must show -----------------------------------------


@dataclass(frozen=True)
class Person:
    """One person of the scenario and what happens to them."""

    name: str
    ormas: str
    arrives: bool = False
    #: Their invitation is revoked (after the door admitted them, when they arrive).
    revoked: bool = False
    vip: bool = False
    #: Whom their ormas sent instead; the door records it when scanning the delegate's QR.
    substitute: str | None = None
    #: Not on the list beforehand: registered and admitted at the door.
    walk_in: bool = False


PEOPLE = (
    # The five of the issue: two admitted, one unused and one used invitation revoked.
    Person("Andi Pratama", "Pemuda Pancasila", arrives=True),
    Person("Budi Hartono", "PEMUDA PANCASILA", arrives=True, revoked=True),
    Person("Citra Lestari", "pemuda  pancasila", revoked=True),
    Person("Dewi Anggraini", "Pemuda Pancasila"),
    Person("Eko Saputra", "PEMUDA PANCASILA"),
    Person("Fajar Ramadhan", "Pemuda Pancasila", arrives=True, substitute="Gilang Permana"),
    # A second ormas, one delegate per spelling: the tie-break decides.
    Person("Hj. Siti Aminah", "Fatayat NU", arrives=True, vip=True),
    Person("Rina Marlina", "FATAYAT NU", arrives=True, walk_in=True),
)


def is_invited(person: Person) -> bool:
    """The counting rule: not revoked, or admitted before the invitation was revoked."""
    return not person.revoked or person.arrives


def fold(text: str) -> str:
    """The ormas a spelling names: case and runs of spaces do not matter."""
    return " ".join(text.split()).casefold()


def shown_spelling(spellings: Iterable[str]) -> str:
    """The most used spelling (spaces collapsed); on a tie, the first in code-point order."""
    tally = Counter(" ".join(s.split()) for s in spellings)
    return min(tally, key=lambda spelling: (-tally[spelling], spelling))


ON_LIST = [p for p in PEOPLE if is_invited(p)]
#: Each ormas (its folded name) -> the spelling every surface shows for it.
SHOWN = {
    key: shown_spelling(p.ormas for p in ON_LIST if fold(p.ormas) == key)
    for key in sorted({fold(p.ormas) for p in ON_LIST})
}


def expected_figures() -> dict[str, int]:
    """Invited, arrived and not arrived, in total and per ormas ("invited · <spelling>")."""
    figures = {"invited": len(ON_LIST), "arrived": sum(p.arrives for p in ON_LIST)}
    figures["not arrived"] = figures["invited"] - figures["arrived"]
    for key, spelling in SHOWN.items():
        members = [p for p in ON_LIST if fold(p.ormas) == key]
        figures[f"invited · {spelling}"] = len(members)
        figures[f"arrived · {spelling}"] = sum(p.arrives for p in members)
    return figures


EXPECTED = expected_figures()


# --- what a surface shows --------------------------------------------------------------------


@dataclass
class Reading:
    """The figures and ormas one surface shows."""

    #: (figure, where on the surface, value); the figure is a key of EXPECTED.
    figures: list[tuple[str, str, int]] = field(default_factory=list)
    #: The label of each row of a summary by ormas; None when the surface has none.
    ormas_rows: list[str] | None = None
    #: The ormas written on each delegate's row of an attendance document, else None.
    ormas_on_delegate_rows: list[str] | None = None

    def note(self, figure: str, where: str, value: int) -> None:
        self.figures.append((figure, where, value))

    def note_ormas_rows(self, where: str, rows: list[tuple[str, int, int]]) -> None:
        """A summary by ormas as (label, invited, arrived); rows of one ormas add up."""
        self.ormas_rows = [label for label, _invited, _arrived in rows]
        for key, spelling in SHOWN.items():
            mine = [(invited, arrived) for label, invited, arrived in rows if fold(label) == key]
            self.note(f"invited · {spelling}", where, sum(invited for invited, _ in mine))
            self.note(f"arrived · {spelling}", where, sum(arrived for _, arrived in mine))


@dataclass
class Scenario:
    """The built scenario, and the ways to look at it."""

    admin: FlaskClient
    liaison: FlaskClient
    runner: FlaskCliRunner
    tmp_path: Path


Reader = Callable[[Scenario], Reading]


@dataclass(frozen=True)
class Surface:
    read: Reader
    #: It has a summary by ormas, or writes the ormas on each delegate's row.
    shows_ormas: bool


SURFACES: dict[str, Surface] = {}


def surface(name: str, *, shows_ormas: bool = False) -> Callable[[Reader], Reader]:
    """Register the reader of one surface under the name its failures carry."""

    def register(read: Reader) -> Reader:
        SURFACES[name] = Surface(read, shows_ormas)
        return read

    return register


# --- reading HTML (the standard library's parser: the pages are well-formed) -----------------

VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}


@dataclass
class Element:
    """A parsed HTML element: just enough of a DOM to find numbers by their labels."""

    tag: str
    attrs: dict[str, str]
    children: list[Element | str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The text inside, whitespace collapsed (roughly as a browser shows it)."""
        parts = [c if isinstance(c, str) else c.text for c in self.children]
        return " ".join(" ".join(parts).split())

    def find_all(
        self, tag: str | None = None, *, cls: str | None = None, **attrs: str
    ) -> list[Element]:
        """Descendants by tag, class and attributes (`data_short=` matches data-short)."""
        wanted = {name.replace("_", "-"): value for name, value in attrs.items()}
        found = []
        for child in self.children:
            if not isinstance(child, Element):
                continue
            if (
                (tag is None or child.tag == tag)
                and (cls is None or cls in child.attrs.get("class", "").split())
                and all(child.attrs.get(name) == value for name, value in wanted.items())
            ):
                found.append(child)
            found.extend(child.find_all(tag, cls=cls, **attrs))
        return found

    def find(self, tag: str | None = None, *, cls: str | None = None, **attrs: str) -> Element:
        """The first such descendant; a clear failure when the page has none."""
        found = self.find_all(tag, cls=cls, **attrs)
        assert found, f"no <{tag or '*'} class={cls!r} {attrs}> on the page"
        return found[0]


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self._open = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {name: value or "" for name, value in attrs})
        self._open[-1].children.append(element)
        if tag not in VOID_TAGS:
            self._open.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._open[-1].children.append(Element(tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self._open) - 1, 0, -1):
            if self._open[depth].tag == tag:
                del self._open[depth:]
                return

    def handle_data(self, data: str) -> None:
        self._open[-1].children.append(data)


def page(client: FlaskClient, url: str) -> Element:
    response = client.get(url)
    assert response.status_code == 200, f"GET {url}: {response.status_code}"
    builder = _TreeBuilder()
    builder.feed(response.get_data(as_text=True))
    return builder.root


def number(text: str) -> int:
    """1.234 -> 1234 (the pages' Indonesian thousands separator)."""
    assert re.fullmatch(r"\d[\d.]*", text.strip()), f"not a count: {text!r}"
    return int(text.replace(".", ""))


def fraction(text: str) -> tuple[int, int]:
    """Split "3 / 5" into (3, 5)."""
    part, whole = text.split("/")
    return number(part), number(whole)


def stat_tiles(html: Element) -> dict[str, str]:
    """The big numbers of an admin page, by their label (the .stat cards)."""
    return {
        card.find(cls="stat__label").text: card.find(cls="stat__value").text
        for card in html.find_all(cls="stat")
    }


def funnel_steps(html: Element) -> dict[str, int]:
    """The delivery funnel's tiles: status label -> count ("Dicabut" only when any)."""
    return {
        step.find(cls="inv-funnel__label").text: number(step.find(cls="inv-funnel__value").text)
        for step in html.find_all(cls="inv-funnel__step")
    }


def note_funnel(reading: Reading, html: Element) -> None:
    steps = funnel_steps(html)
    counted = sum(count for label, count in steps.items() if label != "Dicabut")
    reading.note("invited", "funnel steps but Dicabut, summed", counted)
    reading.note("arrived", "Hadir step", steps["Hadir"])


def table_rows(table: Element) -> list[Element]:
    return table.find("tbody").find_all("tr")


# --- the surfaces ----------------------------------------------------------------------------
# The live page and the welcome screen draw what the stats API and its stream send: their HTML
# holds no figure of its own, so "stats-api" and "stats-stream" stand for them.


@surface("dashboard")
def read_dashboard(s: Scenario) -> Reading:
    html = page(s.admin, f"/e/{SLUG}/admin/")
    tiles, reading = stat_tiles(html), Reading()
    reading.note("invited", "Diundang tile", number(tiles["Diundang"]))
    reading.note("arrived", "Hadir tile", number(tiles["Hadir"]))
    reading.note("not arrived", "Belum hadir tile", number(tiles["Belum hadir"]))
    levels = [fraction(count.text) for count in html.find_all(cls="level__count")]
    reading.note("invited", "Per tingkat, summed", sum(invited for _, invited in levels))
    reading.note("arrived", "Per tingkat, summed", sum(arrived for arrived, _ in levels))
    return reading


@surface("invitations-overview")
def read_invitations_overview(s: Scenario) -> Reading:
    html = page(s.admin, f"/e/{SLUG}/admin/invitations")
    reading = Reading()
    reading.note("invited", "Diundang tile", number(html.find(id="count-invited").text))
    table = html.find("table", cls="inv-table")
    for column, figure in (("Diundang", "invited"), ("Hadir", "arrived")):
        cells = table.find_all("td", data_short=column)
        reading.note(
            figure, f"Per wilayah {column} column, summed", sum(number(c.text) for c in cells)
        )
    return reading


def read_stats(stats: dict) -> Reading:
    """The live screens' payload, from the JSON API or the stream."""
    reading = Reading()
    reading.note("invited", "invited", stats["invited"])
    reading.note("arrived", "checked_in", stats["checked_in"])
    regions = stats["by_region"]
    reading.note("invited", "by_region, summed", sum(r["invited"] for r in regions))
    reading.note("arrived", "by_region, summed", sum(r["checked_in"] for r in regions))
    rows = [(r["ormas"], r["invited"], r["checked_in"]) for r in stats["by_ormas"]]
    reading.note_ormas_rows("by_ormas", rows)
    return reading


@surface("stats-api", shows_ormas=True)
def read_stats_api(s: Scenario) -> Reading:
    response = s.admin.get(f"/api/events/{SLUG}/stats")
    assert response.status_code == 200
    return read_stats(response.get_json())


def first_stats_message(chunks: Iterable[bytes]) -> dict:
    """The data of a Server-Sent Events stream's first `stats` message."""
    buffer = b""
    for chunk in chunks:
        buffer += chunk
        while b"\n\n" in buffer:
            block, buffer = buffer.split(b"\n\n", 1)
            lines = block.decode().split("\n")
            if "event: stats" in lines:
                data = [line[5:].strip() for line in lines if line.startswith("data:")]
                return json.loads("\n".join(data))
    raise AssertionError("the stream ended without a stats message")


@surface("stats-stream", shows_ormas=True)
def read_stats_stream(s: Scenario) -> Reading:
    response = s.admin.get(f"/api/events/{SLUG}/stats/stream", buffered=False)
    try:
        assert response.status_code == 200
        stats = first_stats_message(response.response)
    finally:
        response.close()
    return read_stats(stats)


#: The status columns of the delivery table by ormas (their data-short labels); "Dicabut" has
#: none, so the five add up to the ormas's counted invitations.
STATUS_COLUMNS = ("Blm kirim", "Blm dibuka", "Dibuka", "Konfirmasi", "Hadir")


@surface("delivery-status", shows_ormas=True)
def read_delivery_status(s: Scenario) -> Reading:
    html = page(s.admin, f"/e/{SLUG}/admin/invitations/status")
    reading = Reading()
    note_funnel(reading, html)
    expected = html.find(cls="inv-expected__big").text
    invited = re.search(r"dari ([\d.]+) diundang", expected)
    assert invited, f"no 'dari N diundang' in {expected!r}"
    reading.note("invited", "Perkiraan kehadiran 'dari N diundang'", number(invited.group(1)))
    by_ormas = page(s.admin, f"/e/{SLUG}/admin/invitations/status?by=ormas")
    rows = []
    for row in table_rows(by_ormas.find("table", cls="inv-table--status")):
        counts = {c: number(row.find("td", data_short=c).text) for c in STATUS_COLUMNS}
        rows.append((row.find("td").text, sum(counts.values()), counts["Hadir"]))
    reading.note_ormas_rows("Per ormas table", rows)
    return reading


@surface("liaison-page")
def read_liaison_page(s: Scenario) -> Reading:
    reading = Reading()
    note_funnel(reading, page(s.liaison, f"/e/{SLUG}/liaison/"))
    return reading


@surface("reports-page", shows_ormas=True)
def read_reports_page(s: Scenario) -> Reading:
    html = page(s.admin, f"/e/{SLUG}/admin/reports")
    tiles, reading = stat_tiles(html), Reading()
    reading.note("invited", "Diundang tile", number(tiles["Diundang"]))
    reading.note("arrived", "Hadir tile", number(tiles["Hadir"]))
    reading.note("not arrived", "Belum hadir tile", number(tiles["Belum hadir"]))
    by_region = html.find("section", aria_labelledby="per-wilayah")
    arrived, invited = fraction(by_region.find("tfoot").find("td").text)
    reading.note("invited", "Per wilayah Jumlah", invited)
    reading.note("arrived", "Per wilayah Jumlah", arrived)
    rows = []
    for row in table_rows(html.find("section", aria_labelledby="per-ormas")):
        arrived, invited = fraction(row.find("td").text)
        rows.append((row.find("th").text, invited, arrived))
    reading.note_ormas_rows("Per ormas table", rows)
    return reading


@surface("no-shows-page")
def read_no_shows_page(s: Scenario) -> Reading:
    html = page(s.admin, f"/e/{SLUG}/admin/reports/no-shows")
    reading = Reading()
    intro = html.find("header", cls="page-head").text
    missing = re.search(r"([\d.]+) undangan belum tercatat hadir", intro)
    assert missing, f"no 'N undangan belum tercatat hadir' in {intro!r}"
    reading.note("not arrived", "'N undangan belum tercatat hadir'", number(missing.group(1)))
    listed = table_rows(html.find("table", cls="noshow-table"))
    reading.note("not arrived", "rows of the list", len(listed))
    return reading


def download(client: FlaskClient, fmt: str) -> bytes:
    response = client.get(f"/e/{SLUG}/admin/reports/attendance.{fmt}")
    assert response.status_code == 200, f"attendance.{fmt}: {response.status_code}"
    return response.data


def sheet_records(ws: Worksheet) -> list[dict[str, object]]:
    """A sheet's rows as {header: value}."""
    header, *rows = ws.iter_rows(values_only=True)
    return [dict(zip(header, row, strict=True)) for row in rows]


def arrival_time(record: dict[str, object]) -> object:
    """The "Waktu Hadir (WITA)" column, whatever zone its header names."""
    [key] = [k for k in record if str(k).startswith("Waktu Hadir")]
    return record[key]


@surface("xlsx-export", shows_ormas=True)
def read_xlsx_export(s: Scenario) -> Reading:
    wb = load_workbook(io.BytesIO(download(s.admin, "xlsx")))
    reading = Reading()
    for title, first in (("Ringkasan Wilayah", "Wilayah"), ("Ringkasan Ormas", "Ormas")):
        [total] = [r for r in sheet_records(wb[title]) if r[first] == "Jumlah"]
        reading.note("invited", f"{title} Jumlah", total["Diundang"])
        reading.note("arrived", f"{title} Jumlah", total["Hadir"])
    lines = [r for r in sheet_records(wb["Ringkasan Ormas"]) if r["Ormas"] != "Jumlah"]
    reading.note_ormas_rows(
        "Ringkasan Ormas", [(r["Ormas"], r["Diundang"], r["Hadir"]) for r in lines]
    )
    listed = sheet_records(wb["Daftar Hadir"])
    reading.note("invited", "Daftar Hadir rows", len(listed))
    reading.note(
        "arrived",
        "Daftar Hadir rows with Waktu Hadir",
        sum(arrival_time(r) is not None for r in listed),
    )
    reading.note("not arrived", "Belum Hadir rows", len(sheet_records(wb["Belum Hadir"])))
    reading.ormas_on_delegate_rows = [r["Ormas"] for r in listed]
    return reading


@surface("csv-export", shows_ormas=True)
def read_csv_export(s: Scenario) -> Reading:
    # Through the CLI: it builds the same file as the organiser's download.
    path = s.tmp_path / "daftar-hadir.csv"
    args = ["export-attendance", "--event", SLUG, "--format", "csv", "-o", str(path)]
    result = s.runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    reading = Reading()
    told = re.search(r"attendance of (\d+) delegates", result.output)
    assert told, result.output
    reading.note("invited", "the command's message", int(told.group(1)))
    listed = list(csv.DictReader(io.StringIO(path.read_text("utf-8-sig")), delimiter=";"))
    reading.note("invited", "rows", len(listed))
    reading.note("arrived", "rows with Waktu Hadir", sum(bool(arrival_time(r)) for r in listed))
    reading.ormas_on_delegate_rows = [r["Ormas"] for r in listed]
    return reading


@surface("daftar-hadir-pdf", shows_ormas=True)
def read_daftar_hadir_pdf(s: Scenario) -> Reading:
    path = s.tmp_path / "daftar-hadir.pdf"
    path.write_bytes(download(s.admin, "pdf"))
    text = subprocess.run(
        ["pdftotext", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    flat = " ".join(text.split())
    reading = Reading()
    recap = re.search(
        r"Jumlah undangan (\d+) orang; hadir \(tercatat\) (\d+) orang; belum hadir (\d+) orang",
        flat,
    )
    assert recap, "no 'Jumlah undangan … orang' recap in the PDF"
    reading.note("invited", "'Jumlah undangan N orang'", int(recap.group(1)))
    reading.note("arrived", "'hadir (tercatat) N orang'", int(recap.group(2)))
    reading.note("not arrived", "'belum hadir N orang'", int(recap.group(3)))
    region = re.search(rf"{REGION.upper()} \((\d+) orang\)", flat)
    assert region, f"no '{REGION.upper()} (N orang)' title in the PDF"
    reading.note("invited", f"'{REGION.upper()} (N orang)' title", int(region.group(1)))
    # Every spelling of the scenario's ormas, wherever a cell puts it (spacing as extracted).
    written = []
    for key in SHOWN:
        pattern = r"\s+".join(map(re.escape, key.split()))
        written += [" ".join(m.split()) for m in re.findall(pattern, text, re.IGNORECASE)]
    reading.ormas_on_delegate_rows = written
    return reading


# --- building the scenario -------------------------------------------------------------------


@pytest.fixture
def app_config(app_config):
    # The stream's watcher thread stops soon after the stream is closed (see below).
    return {**app_config, "LIVE_POLL_INTERVAL": 0.05, "LIVE_IDLE_TIMEOUT": 0.2}


@pytest.fixture(autouse=True)
def _live_feed_threads_stopped(app):
    """Let the watcher a stream started (a thread named live-feed-<id>) stop by itself."""
    yield
    for thread in threading.enumerate():
        if thread.name.startswith("live-feed-"):
            thread.join(timeout=5)


def signed_in(app: Flask, user: User) -> FlaskClient:
    """A test client of its own, signed in as this account."""
    client = app.test_client()
    response = client.post("/login", data={"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


def scan(door: FlaskClient, secret: str, *, substitute: str | None) -> None:
    """The door scans a delegate's QR (their invitation URL)."""
    body = {"code": f"{PUBLIC_URL}/i/{secret}", "gate": GATE, "substitute_name": substitute}
    response = door.post(f"/api/events/{SLUG}/checkins", json=body)
    assert response.status_code == 200 and response.get_json()["result"] == "admitted"


def register_walk_in(door: FlaskClient, person: Person, region_id: int) -> None:
    body = {"name": person.name, "ormas": person.ormas, "region_id": region_id, "gate": GATE}
    response = door.post(f"/api/events/{SLUG}/walkins", json=body)
    assert response.status_code == 201 and response.get_json()["result"] == "admitted"


@pytest.fixture
def scenario(app, db, event, make_delegate, make_user, runner, tmp_path) -> Scenario:
    """PEOPLE, made real: put on the list, scanned, registered at the door, revoked."""
    region = next(r for r in event.regions if r.name == REGION)
    event.allow_door_walkin = True
    db.commit()
    admin = signed_in(app, make_user("panitia", "admin"))
    door = signed_in(app, make_user("petugas-pintu", "door"))
    delegates = {
        person: make_delegate(
            name=person.name, ormas=person.ormas, region=region, is_vip=person.vip
        )
        for person in PEOPLE
        if not person.walk_in
    }
    for person, delegate in delegates.items():
        if person.arrives:
            scan(door, delegate.secret, substitute=person.substitute)
    for person in PEOPLE:
        if person.walk_in:
            register_walk_in(door, person, region.id)
    for person, delegate in delegates.items():
        if person.revoked and person.arrives:
            # Admitted first, then revoked on the organiser's page.
            url = f"/e/{SLUG}/admin/delegates/{delegate.id}/invitation/revoke"
            assert admin.post(url).status_code == 302
        elif person.revoked:
            # By the invitation URL, as an organiser pastes it (a bare secret may start with "-").
            code = f"{PUBLIC_URL}/i/{delegate.secret}"
            result = runner.invoke(args=["revoke-invitation", code, "--event", SLUG])
            assert result.exit_code == 0, result.output
    liaison = signed_in(app, make_user("penghubung-smd", "liaison", region_id=region.id))
    return Scenario(admin=admin, liaison=liaison, runner=runner, tmp_path=tmp_path)


# --- the tests -------------------------------------------------------------------------------


def test_expectations_follow_from_the_scenario():
    """The numbers every surface is held to: 8 people, 7 invited (one revoked unused), 5 in."""
    assert SHOWN == {"fatayat nu": "FATAYAT NU", "pemuda pancasila": "Pemuda Pancasila"}
    assert EXPECTED == {
        "invited": 7,
        "arrived": 5,
        "not arrived": 2,
        "invited · FATAYAT NU": 2,
        "arrived · FATAYAT NU": 2,
        "invited · Pemuda Pancasila": 5,
        "arrived · Pemuda Pancasila": 3,
    }


@pytest.mark.parametrize("name", SURFACES)
def test_surface_shows_the_rules_invited_and_arrived(scenario, name):
    reading = SURFACES[name].read(scenario)
    assert reading.figures, f"{name}: no figure read"
    wrong = [
        f"{name} says {figure}={value} ({where}), expected {EXPECTED[figure]}"
        for figure, where, value in reading.figures
        if value != EXPECTED[figure]
    ]
    if wrong:
        pytest.fail("\n".join(wrong), pytrace=False)


@pytest.mark.parametrize("name", [name for name, s in SURFACES.items() if s.shows_ormas])
def test_surface_shows_each_ormas_once_in_the_chosen_spelling(scenario, name):
    reading = SURFACES[name].read(scenario)
    assert reading.ormas_rows is not None or reading.ormas_on_delegate_rows is not None
    wrong = []
    for key, spelling in SHOWN.items():
        if reading.ormas_rows is not None:
            rows = [label for label in reading.ormas_rows if fold(label) == key]
            if rows != [spelling]:
                wrong.append(
                    f"{name} shows {len(rows)} row(s) for {spelling}: {rows}, "
                    f"expected exactly [{spelling!r}]"
                )
        if reading.ormas_on_delegate_rows is not None:
            written = Counter(o for o in reading.ormas_on_delegate_rows if fold(o) == key)
            members = EXPECTED[f"invited · {spelling}"]
            if written != Counter({spelling: members}):
                wrong.append(
                    f"{name} writes {spelling} on its delegates' rows as {dict(written)}, "
                    f"expected {spelling!r} on all {members}"
                )
    if wrong:
        pytest.fail("\n".join(wrong), pytrace=False)
