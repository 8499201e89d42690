"""What each of the reading side's speed layers saves, measured by turning it off: the uncached render of
the 200-measure scorecard (report worked out from the database and the page drawn) as the code stands,
then with each layer in turn undone, and a warm page's fragment read from Redis beside one held in the
process. Rerunnable; prints a table beside the render as it stands."""

from __future__ import annotations

import statistics
import time
from contextlib import contextmanager

from django.core.cache import caches
from django.core.management.base import BaseCommand

from config import collection
from indicators import report as report_module
from indicators.models import Scorecard
from scorecard import queries, report_inputs
from speed import generated as speed_data


@contextmanager
def as_it_stands():
    yield


@contextmanager
def collector_running():
    """`config.collection.paused_collection` made to do nothing: Python's collector runs as it would."""
    enter, leave = collection.paused_collection.__enter__, collection.paused_collection.__exit__
    collection.paused_collection.__enter__ = lambda self: self
    collection.paused_collection.__exit__ = lambda self, *exc: False
    try:
        yield
    finally:
        collection.paused_collection.__enter__, collection.paused_collection.__exit__ = enter, leave


@contextmanager
def every_point_written():
    """`LazySeries` replaced by a list: every history point written out when the row is built."""
    lazy = report_module.LazySeries
    report_module.LazySeries = lambda records, make: [make(record) for record in records]
    try:
        yield
    finally:
        report_module.LazySeries = lazy


@contextmanager
def whole_history_read():
    """`report_inputs.Window` made to read every year, as a measure page does, for the scorecard too."""
    of = report_inputs.Window.of
    report_inputs.Window.of = classmethod(lambda cls, reporting, whole=True: of(reporting, whole=True))
    try:
        yield
    finally:
        report_inputs.Window.of = of


LAYERS = [
    ("as the code stands", as_it_stands),
    ("collector not paused (config.collection)", collector_running),
    ("every history point written (no LazySeries)", every_point_written),
    ("whole history read (no report_inputs.Window)", whole_history_read),
]


class Command(BaseCommand):
    help = "Time the uncached render of the 200-measure scorecard with each speed layer turned off in turn."

    def add_arguments(self, parser):
        parser.add_argument("--repeats", type=int, default=9, help="rounds (default 9)")

    def render(self, slug: str, period_code: str) -> float:
        scorecard = Scorecard.objects.get(slug=slug)
        period = next(p for p in queries.scorecard_periods(scorecard) if p.code == period_code)
        return speed_data.draw_uncached(scorecard, period)

    def fragment_reads(self, repeats: int = 200) -> tuple[float, float, float, int]:
        """The 36-month grid's page drawn once, then its HTML read back from Redis and from a dict in this
        process (what an in-process cache of fragments in front of Redis would save), and a one-character
        value from Redis (a page's other cache reads). Median ms of each, and the page's size."""
        from django.contrib.auth import get_user_model
        from django.test import Client

        user, _ = get_user_model().objects.get_or_create(username="speed-test-reader")
        client = Client(HTTP_HOST="localhost")
        client.force_login(user)
        html = client.get(f"/scorecards/{speed_data.GRID_SLUG}/2024-09/?months=36").content.decode()
        far = caches["default"]
        far.set("speed-layers-fragment", html, 60)
        far.set("speed-layers-small", "x", 60)
        held = {"speed-layers-fragment": html}

        def timed(read, expected) -> float:
            times = []
            for _ in range(repeats):
                started = time.perf_counter()
                assert read() == expected
                times.append((time.perf_counter() - started) * 1000)
            return statistics.median(times)

        from_redis = timed(lambda: far.get("speed-layers-fragment"), html)
        from_process = timed(lambda: held["speed-layers-fragment"], html)
        small = timed(lambda: far.get("speed-layers-small"), "x")
        far.delete("speed-layers-fragment")
        far.delete("speed-layers-small")
        return from_redis, from_process, small, len(html.encode())

    def handle(self, *args, repeats, **options):
        speed_data.load(self.stdout)
        self.render(speed_data.SLUG, "2024-09")  # templates compiled, charts kept
        # Each layer's render right after one as the code stands, round by round, so that each ratio is to
        # the code as the machine ran at that moment (a shared machine's speed drifts by the minute).
        times = {name: [] for name, _layer in LAYERS}
        ratios = {name: [] for name, _layer in LAYERS}
        for _round in range(repeats):
            for name, layer in LAYERS[1:]:
                base = self.render(speed_data.SLUG, "2024-09")
                with layer():
                    turned_off = self.render(speed_data.SLUG, "2024-09")
                times[LAYERS[0][0]].append(base)
                times[name].append(turned_off)
                ratios[name].append(turned_off / base)
        self.stdout.write(
            f"Uncached render of the 200-measure scorecard, XmR charts kept, {repeats} rounds; each render with a"
            " layer off right after one as the code stands (ms):\n"
        )
        self.stdout.write(f"{'':48} {'best':>7} {'median':>7} {'median of ratios':>17}\n")
        for name, _layer in LAYERS:
            ratio = f"{statistics.median(ratios[name]):16.2f}x" if ratios[name] else f"{'1.00x':>17}"
            self.stdout.write(f"{name:48} {min(times[name]):7.0f} {statistics.median(times[name]):7.0f} {ratio}\n")
        from_redis, from_process, small, size = self.fragment_reads()
        self.stdout.write(
            f"\nRead back, median of 200: the 36-month grid's page ({size / 1000:.0f} kB) from Redis"
            f" {from_redis:.3f} ms, from a dict in this process {from_process:.4f} ms; a one-character value"
            f" from Redis {small:.3f} ms\n"
        )
