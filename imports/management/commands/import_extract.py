from django.core.management.base import BaseCommand, CommandError

from imports.extract import ExtractError, import_extract_file
from indicators.periods import PeriodKind, parse_period


class Command(BaseCommand):
    help = "Import a month's extract in the long format (docs/data-format.md). A file with any error changes nothing."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--reporting-period",
            help="the scorecard month the extract is for, e.g. 2024-09 (default: the latest month in the file)",
        )
        parser.add_argument("--dry-run", action="store_true", help="check and report, change nothing")

    def handle(self, *args, file, reporting_period, dry_run, **options):
        reporting = None
        if reporting_period:
            try:
                reporting = parse_period(reporting_period, PeriodKind.MONTH)
            except ValueError as problem:
                raise CommandError(f"--reporting-period: {problem}") from None
        try:
            check, result = import_extract_file(file, reporting, dry_run=dry_run)
        except ExtractError as problem:
            raise CommandError(f"{file}: {problem}") from None
        if result is None:
            for error in check.errors:
                self.stderr.write(f"  {error}")
            raise CommandError(f"{file} was refused: {len(check.errors)} error(s) above. Nothing was changed.")
        prefix = "Dry run, nothing kept: " if dry_run else ""
        self.stdout.write(self.style.SUCCESS(f"{file}: {prefix}{result.describe()}."))
