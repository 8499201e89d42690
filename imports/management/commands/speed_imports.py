from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from imports import speed


class Command(BaseCommand):
    help = (
        "Time reading+checking and committing synthetic long-format extracts on PostgreSQL, beside COPY of "
        "the same rows. Nothing is kept: each size runs in a transaction that is rolled back."
    )

    def add_arguments(self, parser):
        parser.add_argument("--sizes", nargs="+", type=int, default=[10_000, 100_000, 1_000_000])
        parser.add_argument("--measures", type=int, default=2000, help="how many synthetic measures (default 2000)")

    def handle(self, *args, sizes, measures, **options):
        if connection.vendor != "postgresql":
            raise CommandError("The speed test needs PostgreSQL: set DATABASE_URL=postgres://… and run it again.")
        timings = []
        for size in sizes:
            self.stdout.write(f"{size:,} rows …")
            timings.append(speed.run_size(size, measures))
        self.stdout.write("")
        self.stdout.write(speed.table(timings))
