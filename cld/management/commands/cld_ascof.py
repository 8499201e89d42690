"""manage.py cld_ascof FILE [FILE ...] --quarter-end YYYY-MM-DD [--population FILE] [--council CODE] [--json]"""

import datetime as dt
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cld import pseudonyms, service
from indicators.problems import FileError


class Command(BaseCommand):
    help = (
        "Work the ASCOF measures out from client-level data submission files (oldest first) for the 12 "
        "months to a quarter end, storing nothing. The files are read as on upload: pseudonymised on "
        "arrival, so CLD_PSEUDONYM_KEY must be set."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path)
        parser.add_argument("--quarter-end", required=True, help="the last day of the quarter, e.g. 2025-03-31")
        parser.add_argument("--population", type=Path, help="ONS mid-year populations (the shipped layout)")
        parser.add_argument("--council", help="the council's ONS code, to find its population (e.g. E08000025)")
        parser.add_argument("--json", action="store_true", help="print exactly one JSON object")

    def handle(self, *args, files, quarter_end, population, council, json: bool, **options):
        try:
            end = dt.date.fromisoformat(quarter_end)
        except ValueError:
            raise CommandError(f"--quarter-end '{quarter_end}' is not a date; write it as 2025-03-31.") from None
        for path in [*files, *([population] if population else [])]:
            if not path.is_file():
                raise CommandError(f"{path} is not a file.")
        try:
            worked = service.work_out(files, end, population, council)
        except (FileError, pseudonyms.KeyProblem) as problem:
            raise CommandError(str(problem)) from None
        if json:
            self.stdout.write(_json(worked))
            return
        self.stdout.write(f"ASCOF from client-level data, {worked.start:%-d %B %Y} to {worked.end:%-d %B %Y}")
        for figure in worked.figures:
            of = f" of {figure.denominator:,}" if figure.denominator else ""
            value = (
                "" if figure.value is None else f" = {figure.value}" + ("%" if figure.per == 100 else " per 100,000")
            )
            beside = "".join(f"; {count:,} {why}" for why, count in figure.left_out.items())
            counted = f"{figure.numerator:,} {figure.counts}{of}"
            self.stdout.write(f"  {figure.code} ({figure.group}): {counted}{value}{beside}")
        for name, quality in worked.quality:
            self.stdout.write(f"{name}: {quality.rows:,} rows; {quality.no_nhs_number:,} without an NHS number")
        for note in worked.notes:
            self.stdout.write(note)


def _json(worked: service.Worked) -> str:
    return json.dumps(
        {
            "period": {"start": worked.start.isoformat(), "end": worked.end.isoformat()},
            "measures": [
                {
                    "code": f.code,
                    "group": f.group,
                    "numerator": f.numerator,
                    "denominator": f.denominator,
                    "value": None if f.value is None else str(f.value),
                }
                for f in worked.figures
            ],
        }
    )
