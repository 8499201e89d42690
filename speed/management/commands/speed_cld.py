"""manage.py speed_cld: how long client-level data takes at a large council's scale, beside DuckDB's own
read of the same file."""

import argparse
import datetime as dt
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.core.management.base import BaseCommand

SIZES = (100_000, 1_000_000)
TYPES = [
    ("Service", "Long term support: Community", "Home support"),
    ("Service", "Long term support: Residential care", "Residential care"),
    ("Service", "Long term support: Nursing care", "Nursing care"),
    ("Service", "Short term support: ST-Max", "Reablement"),
    ("Assessment", "", ""),
    ("Review", "", ""),
    ("Request", "", ""),
]
DELIVERY = ["Direct payment", "CASSR managed personal budget", "CASSR commissioned support", ""]


def made_up_file(path: Path, events: int, seed: int = 7) -> None:
    """A made-up council's rolling 12-month file of `events` rows (about four events a person)."""
    import csv

    from cld.vocabulary import DEFINED

    rng = random.Random(seed)
    people = max(1, events // 4)
    statuses = list(DEFINED["Accommodation Status"])
    start = dt.date(2024, 4, 1)
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "LA Code",
                "Reporting Period Start Date",
                "Reporting Period End Date",
                "NHS Number",
                "LA Person Unique Identifier",
                "First Name",
                "Last Name",
                "Postcode",
                "Gender",
                "Date of Birth",
                "Date of Death",
                "Client Type",
                "Primary Support Reason",
                "Accommodation Status",
                "Event Type",
                "Event Start Date",
                "Event End Date",
                "Event Outcome",
                "Service Type",
                "Service Component",
                "Delivery Mechanism",
            ]
        )
        for _ in range(events):
            person = rng.randrange(people)
            kind, service, component = rng.choice(TYPES)
            begins = start + dt.timedelta(days=rng.randrange(-400, 365))
            ends = "" if rng.random() < 0.3 else (begins + dt.timedelta(days=rng.randrange(1, 200))).isoformat()
            writer.writerow(
                [
                    "330",
                    "2024-04-01",
                    "2025-03-31",
                    f"{9000000000 + person}",
                    f"P{person}",
                    "Made",
                    "Up",
                    "B1 1AA",
                    rng.choice(["Male", "Female"]),
                    f"{1930 + person % 75}-{1 + person % 12:02d}-15",
                    "",
                    "Service user",
                    "Physical Support",
                    rng.choice(statuses),
                    kind,
                    begins.isoformat(),
                    ends,
                    "",
                    service,
                    component,
                    rng.choice(DELIVERY) if "Community" in service else "",
                ]
            )


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Command(BaseCommand):
    help = "Time client-level data at 100,000 and 1,000,000 events beside DuckDB's read_csv of the file."

    def add_arguments(self, parser):
        parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
        parser.add_argument("--one", help=argparse.SUPPRESS)
        parser.add_argument("--events", type=int, default=0, help=argparse.SUPPRESS)

    def handle(self, *args, sizes, one, events, **options):
        if one:  # a child process: one size, so each peak memory is its own
            self.stdout.write(json.dumps(measure(Path(one), events)))
            return
        rows = []
        with tempfile.TemporaryDirectory() as folder:
            for size in sizes:
                path = Path(folder) / f"cld-{size}.csv"
                made_up_file(path, size)
                out = subprocess.run(
                    [sys.executable, "manage.py", "speed_cld", "--one", str(path), "--events", str(size)],
                    capture_output=True,
                    text=True,
                    check=True,
                )
                rows.append((size, json.loads(out.stdout.strip().splitlines()[-1])))
        self.stdout.write(
            f"{'events':>10} {'DuckDB read_csv s':>18} {'read and check s':>17} {'rows/s':>10} "
            f"{'measures s':>11} {'whole s':>8} {'whole / read':>13} {'peak MB':>8}"
        )
        for size, r in rows:
            whole = r["arrive"] + r["measures"]
            self.stdout.write(
                f"{size:>10,} {r['read']:>18.2f} {r['arrive']:>17.2f} {size / r['arrive']:>10,.0f} "
                f"{r['measures']:>11.2f} {whole:>8.2f} {whole / r['read']:>12.1f}x {r['peak_mb']:>8.0f}"
            )


def measure(path: Path, events: int) -> dict:
    import duckdb

    from cld import arrival

    started = time.perf_counter()
    connection = duckdb.connect()
    connection.execute("CREATE TABLE raw AS SELECT * FROM read_csv(?, all_varchar = true)", [str(path)])
    read = time.perf_counter() - started
    connection.close()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        arrived = arrival.read_path(path, path.name, b"speed-test-key-of-forty-characters-000000", Path(folder))
        arrive = time.perf_counter() - started
        worked = _measures(arrived)
    return {"read": read, "arrive": arrive, "measures": worked, "peak_mb": _peak_mb(), "events": arrived.count}


def _measures(arrived) -> float:
    from cld import measures
    from cld.service import joined

    started = time.perf_counter()
    history = joined([arrived])  # the events handed to DuckDB and made unique: part of the measures' time
    end, start = dt.date(2025, 3, 31), dt.date(2024, 4, 1)
    measures.admissions(history, start, end, None)
    measures.own_home(history, start, end)
    measures.self_directed(history, end)
    history.close()
    return time.perf_counter() - started
