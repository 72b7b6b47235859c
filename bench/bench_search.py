"""Search benchmark: checkin.events.search_delegates on a SQLite file, 750 and 100,000 delegates.

    .venv/bin/python bench/bench_search.py [--sizes 750,100000] [--repeat 30]

Seeds a temporary SQLite file per size with Indonesian-looking names, ormas and positions
spread over Kalimantan Timur's regions, then times each kind of query the admin list and
the door send: a name, a typo (corrected because it finds nobody), a region alias, a name
with an alias, a broad two letters, nonsense (tries the corrections and still finds
nobody), and (admin list only) phone digits. Prints the median and p95 in milliseconds and
what each found. Target: p95 <= 100 ms for every query at 100,000 delegates.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from common import percentile

FIRST = ["Ahmad", "Muhammad", "Siti", "Nur", "Budi", "Dewi", "Rina", "Agus", "Yusuf",
         "Hendra", "Sri", "Dedi", "Abdul", "Fitri", "Rahmat", "Andi", "Wahyu", "Eka",
         "Lestari", "Irwan"]  # fmt: skip
LAST = ["Hidayat", "Santoso", "Rahmawati", "Saputra", "Wijaya", "Kurniawan", "Syarifuddin",
        "Hasanah", "Pratama", "Setiawan", "Nugroho", "Lubis", "Harahap", "Fauzi", "Maulana",
        "Susanti", "Hakim", "Ramadhan", "Utami", "Firmansyah"]  # fmt: skip
ORMAS = ["Pemuda Pancasila", "Karang Taruna", "Muhammadiyah", "Nahdlatul Ulama", "KNPI",
         "Fatayat NU", "Aisyiyah", "GP Ansor", "HMI", "PMII", "Pramuka", "FKPPI"]  # fmt: skip
POSITIONS = ["Ketua", "Sekretaris", "Bendahara", "Wakil Ketua", "Anggota"]
QUERIES = [
    ("name", "hidayat", False),
    ("typo", "hidayt", False),
    ("alias", "kukar", False),
    ("name + alias", "hidayat kota bpp", False),
    ("broad", "ah", False),
    ("nonsense", "qxzvw", False),
    ("typo, two words", "ahmad hidyat", False),
    ("phone (admin)", "0812-0001-23", True),
]
TARGET_P95_MS = 100.0


def seed(url: str, size: int) -> None:
    from sqlalchemy import insert

    from checkin import create_app
    from checkin.db import session_scope
    from checkin.events import create_event
    from checkin.events.identity import match_key_for, search_text_for
    from checkin.events.phones import phone_digits
    from checkin.invitations import new_secret
    from checkin.migrate import upgrade
    from checkin.models import Delegate

    upgrade(url)
    rng = random.Random(size)
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench"})
    with app.app_context(), session_scope(app) as db:
        event = create_event(db, "bench", name="Bench", doors=["Pintu Utama"])
        rows = []
        for i in range(size):
            region = rng.choice(event.regions)
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)} {i}"
            ormas, position = rng.choice(ORMAS), rng.choice(POSITIONS)
            phone = f"+62812{i:08d}"
            rows.append(
                {
                    "event_id": event.id,
                    "region_id": region.id,
                    "name": name,
                    "ormas": ormas,
                    "position": position,
                    "level": region.level,
                    "phone": phone,
                    "phone_digits": phone_digits(phone),
                    "secret": new_secret(),
                    "match_key": match_key_for(name, ormas, region.name),
                    "search_text": search_text_for(
                        name=name, ormas=ormas, position=position, region_name=region.name
                    ),
                }
            )
        for start in range(0, size, 10_000):
            db.execute(insert(Delegate), rows[start : start + 10_000])


def measure(url: str, repeat: int) -> list[tuple[str, str, float, float, int]]:
    from sqlalchemy import select

    from checkin import create_app
    from checkin.db import database
    from checkin.events import search_delegates
    from checkin.models import Event

    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench"})
    results = []
    with app.app_context():
        for label, q, phone in QUERIES:
            times, total = [], 0
            for _ in range(repeat):
                db = database(app).reader()
                event = db.scalar(select(Event).where(Event.slug == "bench"))
                assert event is not None
                start = time.perf_counter()
                page = search_delegates(db, event, q=q, per_page=20, match_phone=phone)
                times.append((time.perf_counter() - start) * 1000)
                total = page.total
                db.close()
            results.append((label, q, statistics.median(times), percentile(times, 95), total))
        database(app).engine.dispose()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="750,100000")
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    ok = True
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            url = f"sqlite:///{Path(tmp) / 'bench.db'}"
            seed(url, size)
            print(f"\n{size:,} delegates (SQLite file, {args.repeat} runs each)")
            print(f"  {'query':<18} {'q':<20} {'median ms':>10} {'p95 ms':>8} {'found':>7}")
            for label, q, median, p95, total in measure(url, args.repeat):
                print(f"  {label:<18} {q:<20} {median:>10.1f} {p95:>8.1f} {total:>7,}")
                ok = ok and p95 <= TARGET_P95_MS
    print(f"\ntarget p95 <= {TARGET_P95_MS:.0f} ms at every size: {'met' if ok else 'NOT met'}")


if __name__ == "__main__":
    main()
