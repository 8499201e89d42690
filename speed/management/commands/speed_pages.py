from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import override_settings

from indicators.models import KeptChart, Scorecard, StoredPeriod
from scorecard import queries
from speed import generated as speed_data
from speed import server as speed


class Command(BaseCommand):
    help = (
        "Serve the demo with gunicorn on PostgreSQL and print p50 / p95 latency and requests per second for "
        "the Cabinet scorecard, a measure page and the API under concurrent load, beside a trivial page."
    )

    def add_arguments(self, parser):
        parser.add_argument("--clients", type=int, default=8, help="concurrent clients (default 8)")
        parser.add_argument("--requests", type=int, default=40, help="requests per client per page (default 40)")
        parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
        parser.add_argument(
            "--rounds", type=int, default=3, help="rounds of every page, each beside the trivial page (default 3)"
        )

    def uncached_render(self, repeats: int = 5) -> dict:
        """Work the big scorecard out afresh and draw it, timing it (best and median of `repeats`) and
        counting its queries: with the measures' XmR charts kept (as after an import) and with none kept."""
        import statistics

        from django.test.utils import CaptureQueriesContext

        def render(slug: str, period_code: str, keep: bool) -> tuple[float, int]:
            scorecard = Scorecard.objects.get(slug=slug)
            period = next(p for p in queries.scorecard_periods(scorecard) if p.code == period_code)
            if not keep:
                KeptChart.objects.filter(measure__entries__scorecard=scorecard).delete()
            with CaptureQueriesContext(connection) as captured:
                milliseconds = speed_data.draw_uncached(scorecard, period)
            return milliseconds, len(captured.captured_queries)

        result = {}
        for keep in (True, False):
            render(speed_data.SLUG, "2024-09", keep=True)  # templates compiled, charts kept
            times, counts = zip(*(render(speed_data.SLUG, "2024-09", keep) for _ in range(repeats)), strict=True)
            result[keep] = (min(times), statistics.median(times), counts[0])
        render("quarterly-performance", "2020/21 Q2", keep=True)  # its charts kept, as the big one's
        _ms, small_queries = render("quarterly-performance", "2020/21 Q2", keep=True)
        return {
            "kept": result[True],
            "worked_out": result[False],
            "small_queries": small_queries,
            "after_words": self.after_commentary_save(),
        }

    def after_commentary_save(self) -> tuple[int, float, int]:
        """A draft's commentary saved after its report was worked out: how many reports are worked out
        again (none), and the time and queries to have the report with the new words laid over."""
        import time

        from django.test.utils import CaptureQueriesContext

        from indicators.models import Commentary, Measure

        scorecard = Scorecard.objects.get(slug=speed_data.SLUG)
        draft = StoredPeriod.objects.get(code=speed_data.LAST.previous().code)  # not published
        reading = queries.reading(speed_data.SLUG, drafts=True)
        queries.report_for_reading(reading, draft)  # worked out and kept, as after an import
        measure = Measure.objects.filter(entries__scorecard=scorecard).order_by("code").first()
        Commentary.objects.update_or_create(measure=measure, period=draft, defaults={"text": "Saved in speed test."})
        worked_out, build = [], queries.figures_report
        queries.figures_report = lambda *args, **kwargs: worked_out.append(1) or build(*args, **kwargs)
        try:
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                report = queries.report_for_reading(queries.reading(speed_data.SLUG, drafts=True), draft)
                seconds = time.perf_counter() - started
        finally:
            queries.figures_report = build
        assert any(row.commentary for row in report.rows)
        return len(worked_out), seconds * 1000, len(captured.captured_queries)

    def handle(self, *args, clients, requests, workers, rounds, **options):
        speed_data.load(self.stdout)
        uncached = self.uncached_render()
        user, _ = get_user_model().objects.get_or_create(username="speed-test-reader")
        secret_key = speed.new_secret_key()
        with override_settings(SECRET_KEY=secret_key):  # the session is signed with the server's key
            session = SessionStore()
            session["_auth_user_id"] = str(user.pk)
            session["_auth_user_backend"] = "config.auth.PermissionBackend"
            session["_auth_user_hash"] = user.get_session_auth_hash()
            session.create()
        cookie = f"{settings.SESSION_COOKIE_NAME}={session.session_key}"

        scorecard = Scorecard.objects.get(slug="cabinet-scorecard")
        period = queries.scorecard_periods(scorecard)[0].slug
        pages = [
            ("trivial page (/health/live/)", "/health/live/"),
            # the least a signed-in page costs (session, user, permissions, middleware, layout), for scale
            ("signed-in page, nothing on it", "/accessibility/"),
            ("Cabinet scorecard", f"/scorecards/cabinet-scorecard/{period}/"),
            ("measure page", f"/scorecards/cabinet-scorecard/{period}/measures/CS09/"),
            ("API", f"/api/scorecards/cabinet-scorecard/{period}/"),
            ("monthly grid (41 measures)", "/scorecards/monthly-asc-dashboard/2024-08/"),
            ("benchmarking (150 councils, 8 yrs)", "/benchmarking/2D/2021-22/?council=E10000018"),
            ("council profile (every measure)", "/benchmarking/council/E10000018/"),
            ("map of every council", "/benchmarking/2D/2021-22/map/"),
            ("200 measures x 10 yrs: Cabinet", f"/scorecards/{speed_data.SLUG}/2024-09/"),
            ("200 measures x 10 yrs: grid, 36 months", f"/scorecards/{speed_data.GRID_SLUG}/2024-09/?months=36"),
            ("200 measures x 10 yrs: measure", f"/scorecards/{speed_data.SLUG}/2024-09/measures/SP100/"),
            ("breakdown by 69 wards, 3 months", f"/scorecards/{speed_data.SLUG}/2024-09/measures/SP001/areas/"),
        ]
        port = speed.free_port()
        server = speed.start_gunicorn(speed.database_url(connection.settings_dict), port, workers, secret_key)
        results = [speed.Result(name, path, [], 0.0, 0) for name, path in pages]
        try:
            for _name, path in pages:
                speed.load(port, path, cookie, 2, 5)  # warm up
            # In rounds, each page loaded right after the trivial page, so that each page's ratio is to the
            # trivial page as the machine ran at that moment (a shared machine's speed drifts by the minute).
            trivial = results[0]
            for _round in range(rounds):
                for result in results[1:]:
                    trivial.add(*speed.load(port, trivial.path, cookie, clients, requests))
                    result.add(*speed.load(port, result.path, cookie, clients, requests))
                    result.ratios.append(result.round_p50 / trivial.round_p50)
        finally:
            server.terminate()
            server.wait(timeout=30)
            with override_settings(SECRET_KEY=secret_key):
                session.delete()
        alone = Client(HTTP_HOST="localhost")
        alone.force_login(user)
        for result in results:
            result.alone_ms = speed.alone_p50(alone, result.path)
        self.stdout.write(
            f"gunicorn, {workers} workers, {clients} concurrent clients x {requests} requests per page and round,"
            f" {rounds} rounds, loopback; 'p50 / trivial': the median over the rounds of the page's p50 over the"
            " trivial page's loaded just before it; 'alone': the same page asked one at a time through Django's"
            " test client in this process\n"
        )
        self.stdout.write(speed.table(results))
        kept, worked_out = uncached["kept"], uncached["worked_out"]
        self.stdout.write(
            "\nUncached render of the 200-measure Cabinet scorecard (report worked out from the figures and page "
            "drawn, in this process; best / median of 5):\n"
            f"  XmR charts kept (as after an import): {kept[0]:.0f} / {kept[1]:.0f} ms, {kept[2]} SQL queries\n"
            f"  no charts kept (after a change of target or method): {worked_out[0]:.0f} / {worked_out[1]:.0f} ms, "
            f"{worked_out[2]} SQL queries\n"
            f"  SQL queries for the 5-measure demo scorecard, charts kept: {uncached['small_queries']}\n"
            f"After a commentary save on the 200-measure draft month: {uncached['after_words'][0]} reports worked "
            f"out again; the kept report with the new words laid over in {uncached['after_words'][1]:.1f} ms, "
            f"{uncached['after_words'][2]} SQL queries"
        )
