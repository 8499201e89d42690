"""manage.py example_cld FOLDER [--people N] [--quarters N] [--first-quarter-end YYYY-MM-DD] [--seed N]"""

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cld import example
from cld.quarters import is_end


class Command(BaseCommand):
    help = (
        "Write a made-up council's quarterly client-level data submissions (LA code 999; every person "
        "invented; example data) into FOLDER, one rolling 12-month file per quarter, oldest first, with the "
        "problems real files have. Load them with import_cld or the upload page."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)
        parser.add_argument("--people", type=int, default=4000)
        parser.add_argument("--quarters", type=int, default=8)
        parser.add_argument("--first-quarter-end", default="2023-06-30", help="the first file's quarter end")
        parser.add_argument("--seed", type=int, default=2024)

    def handle(self, *args, folder, people, quarters, first_quarter_end, seed, **options):
        try:
            first = dt.date.fromisoformat(first_quarter_end)
        except ValueError:
            raise CommandError(
                f"--first-quarter-end '{first_quarter_end}' is not a date; write it as 2023-06-30."
            ) from None
        if not is_end(first):
            raise CommandError(f"{first} is not the last day of a quarter; give one such as 2023-06-30.")
        if not 1 <= quarters <= 40 or not 1 <= people <= 2_000_000:
            raise CommandError("Give between 1 and 40 quarters and between 1 and 2,000,000 people.")
        for path in example.submissions(folder, people, quarters, first, seed):
            self.stdout.write(f"{path}: {sum(1 for _ in path.open()) - 1:,} events (example data)")
