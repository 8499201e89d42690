"""A load test you can rerun: twenty readers ask at once for twenty different PDFs of the demo's Cabinet
scorecard while another reader reads pages, served by gunicorn on PostgreSQL. Prints how long the PDFs
took and what the other reader waited for each page, beside the same page asked with nothing else
running, once with PDFs limited as configured and once with the limit lifted (as before it existed)."""

import http.client
import os
import statistics
import threading
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import override_settings

from accounts import roles
from indicators.models import Scorecard
from speed import server as speed

PAGE = "/scorecards/cabinet-scorecard/2020-09/"
PDF = PAGE + "scorecard.pdf"


class Command(BaseCommand):
    help = "Twenty PDFs asked for at once beside a reader's pages, with the PDF limit and without it."

    def add_arguments(self, parser):
        parser.add_argument("--readers", type=int, default=20, help="readers asking for a PDF at once (20)")
        parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")

    def handle(self, *args, readers, workers, **options):
        if connection.vendor != "postgresql":
            raise CommandError("The load test needs PostgreSQL: set DATABASE_URL=postgres://… and run it again.")
        call_command("migrate", verbosity=0)
        if not Scorecard.objects.filter(slug="cabinet-scorecard").exists():
            call_command("load_demo", stdout=self.stdout)
        secret_key = speed.new_secret_key()
        cookies = [self.cookie(f"speed-pdf-reader-{n}", secret_key) for n in range(readers + 1)]
        rows = []
        for label, at_once in (("limited (PDF_RENDERS_AT_ONCE=1)", "1"), ("no limit (as before)", str(readers))):
            cache.clear()  # every PDF made afresh
            os.environ["PDF_RENDERS_AT_ONCE"] = at_once
            port = speed.free_port()
            server = speed.start_gunicorn(speed.database_url(connection.settings_dict), port, workers, secret_key)
            try:
                alone = self.pages(port, cookies[-1], 20)
                rows.append((label, alone, *self.storm(port, cookies, readers)))
            finally:
                server.terminate()
                server.wait(timeout=30)
        os.environ.pop("PDF_RENDERS_AT_ONCE", None)
        self.stdout.write(
            f"gunicorn, {workers} workers; {readers} readers each ask at once for a different PDF of the Cabinet "
            "scorecard (asking again after the Retry-After a busy answer gives); meanwhile another reader asks "
            "for the Cabinet page every 0.2 s\n"
        )
        self.stdout.write(
            f"{'':34} {'page alone p50':>15} {'during: p50':>12} {'p95':>8} {'max ms':>8} {'pages':>6} "
            f"{'all PDFs s':>11} {'busy answers':>13}"
        )
        for label, alone, during, pdf_seconds, busy in rows:
            self.stdout.write(
                f"{label:34} {statistics.median(alone):15.0f} {statistics.median(during):12.0f} "
                f"{_p95(during):8.0f} {max(during):8.0f} {len(during):6} {pdf_seconds:11.1f} {busy:13}"
            )

    def cookie(self, username: str, secret_key: str) -> str:
        from django.contrib.auth.models import Group

        roles.ensure_roles()
        user, _ = get_user_model().objects.get_or_create(username=username)
        user.groups.set([Group.objects.get(name=roles.COUNCILLOR)])
        with override_settings(SECRET_KEY=secret_key):
            session = SessionStore()
            session["_auth_user_id"] = str(user.pk)
            session["_auth_user_backend"] = "config.auth.PermissionBackend"
            session["_auth_user_hash"] = user.get_session_auth_hash()
            session.create()
        return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"

    def pages(self, port: int, cookie: str, count: int, stop: threading.Event | None = None) -> list[float]:
        times = []
        while (stop is None and len(times) < count) or (stop is not None and not stop.is_set()):
            started = time.perf_counter()
            status = _get(port, PAGE, cookie)[0]
            times.append((time.perf_counter() - started) * 1000)
            if status != 200:
                raise CommandError(f"{PAGE} answered {status}")
            if stop is not None:
                time.sleep(0.2)
        return times

    def storm(self, port: int, cookies: list[str], readers: int) -> tuple[list[float], float, int]:
        busy = [0]
        lock = threading.Lock()
        deadline = time.monotonic() + 300

        def ask(n: int) -> None:
            path = f"{PDF}?summary={n % 2}&months={n // 2 + 1}"  # a different variant for each reader
            while time.monotonic() < deadline:
                status, retry = _get(port, path, cookies[n])
                if status == 200:
                    return
                if status != 503:
                    raise CommandError(f"{path} answered {status}")
                with lock:
                    busy[0] += 1
                time.sleep(float(retry or 5))

        stop = threading.Event()
        during: list[float] = []
        reader = threading.Thread(target=lambda: during.extend(self.pages(port, cookies[-1], 0, stop)))
        askers = [threading.Thread(target=ask, args=(n,)) for n in range(readers)]
        started = time.perf_counter()
        reader.start()
        for asker in askers:
            asker.start()
        for asker in askers:
            asker.join()
        seconds = time.perf_counter() - started
        stop.set()
        reader.join()
        return during, seconds, busy[0]


def _get(port: int, path: str, cookie: str) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    connection.request("GET", path, headers={"Cookie": cookie, "Host": "127.0.0.1"})
    response = connection.getresponse()
    response.read()
    connection.close()
    return response.status, response.getheader("Retry-After", "")


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
