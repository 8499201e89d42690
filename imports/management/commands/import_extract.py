from django.core.management.base import BaseCommand, CommandError

from imports.console import take_and_report
from imports.models import Upload
from indicators.periods import PeriodKind, parse_period


class Command(BaseCommand):
    help = (
        "Import an extract (CSV or XLSX, long or wide; docs/data-format.md) through the same checks, preview "
        "and history as the upload page. A file with any error changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--reporting-period",
            help="the scorecard month the extract is for, e.g. 2024-09 (default: the latest month in the file)",
        )
        parser.add_argument("--sheet", default="", help="the worksheet to read (default: the first with a code column)")
        parser.add_argument("--definitions", action="store_true", help="the file is a definitions file (YAML)")
        parser.add_argument("--dry-run", action="store_true", help="check and show the preview, change nothing")

    def handle(self, *args, file, reporting_period, sheet, definitions, dry_run, **options):
        reporting = None
        if reporting_period:
            try:
                reporting = parse_period(reporting_period, PeriodKind.MONTH)
            except ValueError as problem:
                raise CommandError(f"--reporting-period: {problem}") from None
        take_and_report(
            self,
            file,
            kind=Upload.Kind.DEFINITIONS if definitions else Upload.Kind.EXTRACT,
            reporting_period=reporting,
            sheet=sheet,
            dry_run=dry_run,
        )
