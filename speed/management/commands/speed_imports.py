import dataclasses
import json

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from speed import imports as speed


class Command(BaseCommand):
    help = (
        "Time whole uploads of synthetic long-format extracts (check, then commit, through the one upload path) "
        "on PostgreSQL, beside COPY of the same rows, with each size's peak memory. Nothing is kept."
    )

    def add_arguments(self, parser):
        parser.add_argument("--sizes", nargs="+", type=int, default=[10_000, 100_000, 1_000_000])
        parser.add_argument("--measures", type=int, default=2000, help="how many synthetic measures (default 2000)")
        parser.add_argument("--one", type=int, help=None)  # one size, in this process (how each size is run)

    def handle(self, *args, sizes, measures, one=None, **options):
        if connection.vendor != "postgresql":
            raise CommandError("The speed test needs PostgreSQL: set DATABASE_URL=postgres://… and run it again.")
        if one:
            self.stdout.write(json.dumps(dataclasses.asdict(speed.run_size(one, measures))))
            return
        timings = []
        for size in sizes:
            self.stdout.write(f"{size:,} rows …")
            timings.append(speed.run_in_own_process(size, measures))
        self.stdout.write("")
        self.stdout.write(speed.table(timings))
