from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from speed import national as speed


class Command(BaseCommand):
    help = (
        "Generate a national file of about 200,000 records, load it through the upload service and work out "
        "every quartile, rank, interval and comparison; print the times beside PostgreSQL COPY. Nothing is kept."
    )

    def add_arguments(self, parser):
        parser.add_argument("--measures", type=int, default=40)
        parser.add_argument("--years", type=int, default=8)
        parser.add_argument(
            "files", nargs="*", help="real national files to load instead (e.g. ../shared/national/*.gz)"
        )

    def handle(self, *args, measures, years, files, **options):
        if connection.vendor != "postgresql":
            raise CommandError("The speed test needs PostgreSQL: set DATABASE_URL=postgres://… and run it again.")
        if files:
            per_file, t = speed.run_files(files)
            for name, records, checked, loaded in per_file:
                self.stdout.write(f"{name:48} {records:8,} records  check {checked:5.2f} s  load {loaded:5.2f} s")
        else:
            t = speed.run(measures=measures, years=years)
        self.stdout.write(f"{t.records:,} national records ({t.measure_years:,} measure-years of 152 councils)")
        self.stdout.write(f"  read and check        {t.read_and_check:6.2f} s")
        self.stdout.write(f"  load (COPY)           {t.load:6.2f} s")
        self.stdout.write(f"  work out every figure {t.work_out:6.2f} s")
        self.stdout.write(f"  total                 {t.total:6.2f} s   (target: within 15 s)")
        self.stdout.write(f"  PostgreSQL COPY alone {t.copy:6.2f} s   ({t.total / t.copy:.1f}x)")
