"""manage.py speed_cld: how long client-level data takes at a large council's scale, beside DuckDB's own
read of the same file."""

import argparse
import datetime as dt
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.core.management.base import BaseCommand

from cld import example

SIZES = (100_000, 1_000_000)


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
                example.large_file(path, size)
                out = subprocess.run(
                    [sys.executable, "manage.py", "speed_cld", "--one", str(path), "--events", str(size)],
                    capture_output=True,
                    text=True,
                    check=True,
                )
                rows.append((size, json.loads(out.stdout.strip().splitlines()[-1])))
        self.stdout.write(
            f"{'events':>10} {'DuckDB read_csv':>16} | {'read and check':>14} {'rows/s':>9} | "
            f"{'pseudonymise, store':>19} {'rows/s':>9} | {'measures':>8} {'rows/s':>9} | "
            f"{'whole s':>7} {'whole / read':>12} {'peak MB':>7}"
        )
        for size, r in rows:
            checked, stored = r["read and check"], r["pseudonymise"] + r["store"]
            whole = checked + stored + r["measures"]
            self.stdout.write(
                f"{size:>10,} {r['read']:>15.2f}s | {checked:>13.2f}s {size / checked:>9,.0f} | "
                f"{stored:>18.2f}s {size / stored:>9,.0f} | {r['measures']:>7.2f}s {size / r['measures']:>9,.0f} | "
                f"{whole:>7.2f} {whole / r['read']:>11.1f}x {r['peak_mb']:>7.0f}"
            )


def measure(path: Path, events: int) -> dict:
    import duckdb

    from cld import arrival

    started = time.perf_counter()
    connection = duckdb.connect()
    connection.execute("CREATE TABLE raw AS SELECT * FROM read_csv(?, all_varchar = true)", [str(path)])
    read = time.perf_counter() - started
    connection.close()
    with tempfile.TemporaryDirectory() as folder:
        arrived = arrival.read_path(path, path.name, b"speed-test-key-of-forty-characters-000000", Path(folder))
        worked = _measures(arrived)
    return {"read": read, **arrived.seconds, "measures": worked, "peak_mb": _peak_mb(), "events": arrived.count}


def _measures(arrived) -> float:
    from cld import measures
    from cld.service import joined

    started = time.perf_counter()
    history = joined([arrived])  # the events handed to DuckDB and made unique: part of the measures' time
    end, start = dt.date(2025, 3, 31), dt.date(2024, 4, 1)
    measures.every(history, start, end, None)
    history.close()
    return time.perf_counter() - started
