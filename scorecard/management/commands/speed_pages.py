from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import override_settings

from indicators.models import Scorecard
from national.models import Release
from scorecard import queries, speed


class Command(BaseCommand):
    help = (
        "Serve the demo with gunicorn on PostgreSQL and print p50 / p95 latency and requests per second for "
        "the Cabinet scorecard, a measure page and the API under concurrent load, beside a trivial page."
    )

    def add_arguments(self, parser):
        parser.add_argument("--clients", type=int, default=8, help="concurrent clients (default 8)")
        parser.add_argument("--requests", type=int, default=40, help="requests per client per page (default 40)")
        parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")

    def handle(self, *args, clients, requests, workers, **options):
        if connection.vendor != "postgresql":
            raise CommandError("The speed test needs PostgreSQL: set DATABASE_URL=postgres://… and run it again.")
        call_command("migrate", verbosity=0)
        if not Scorecard.objects.filter(slug="cabinet-scorecard").exists():
            call_command("load_demo", stdout=self.stdout)
        if not Release.objects.exists():  # a database loaded before the demo had its national figures
            call_command("load_demo", "--only", "national", stdout=self.stdout)
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
            ("Cabinet scorecard", f"/scorecards/cabinet-scorecard/{period}/"),
            ("measure page", f"/scorecards/cabinet-scorecard/{period}/measures/CS09/"),
            ("API", f"/api/scorecards/cabinet-scorecard/{period}/"),
            ("monthly grid (41 measures)", "/scorecards/monthly-asc-dashboard/2024-08/"),
            ("benchmarking (150 councils, 8 yrs)", "/benchmarking/2D/2021-22/?council=E10000018"),
        ]
        port = speed.free_port()
        server = speed.start_gunicorn(speed.database_url(connection.settings_dict), port, workers, secret_key)
        results = []
        try:
            for name, path in pages:
                speed.load(port, path, cookie, 2, 5)  # warm up
                latencies, seconds, errors = speed.load(port, path, cookie, clients, requests)
                results.append(speed.Result(name, path, latencies, seconds, errors))
        finally:
            server.terminate()
            server.wait(timeout=30)
            with override_settings(SECRET_KEY=secret_key):
                session.delete()
        self.stdout.write(
            f"gunicorn, {workers} workers, {clients} concurrent clients x {requests} requests per page, loopback\n"
        )
        self.stdout.write(speed.table(results))
