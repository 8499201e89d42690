from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from imports import services
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
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from None
        upload = services.receive(
            data,
            path.name,
            kind=Upload.Kind.DEFINITIONS if definitions else Upload.Kind.EXTRACT,
            reporting_period=reporting,
            sheet=sheet,
            source=Upload.Source.COMMAND,
            queue_check=False,
        )
        upload = services.check(upload.pk)
        self.print_preview(upload)
        if upload.state == Upload.State.REFUSED:
            raise CommandError(f"{file} was refused: {upload.message}")
        if upload.state == Upload.State.NO_CHANGES or dry_run:
            if dry_run and upload.state == Upload.State.READY:
                services.cancel(upload)
                self.stdout.write("Dry run: nothing was imported.")
            return
        upload.state = Upload.State.COMMITTING
        upload.save(update_fields=["state"])
        upload = services.commit(upload.pk)
        if upload.state == Upload.State.REFUSED:
            raise CommandError(upload.message)
        self.stdout.write(self.style.SUCCESS(f"{file}: {upload.message}"))

    def print_preview(self, upload: Upload) -> None:
        self.stdout.write(f"{upload.file_name}: {upload.message}")
        if upload.sheet_used:
            self.stdout.write(f'  read sheet "{upload.sheet_used}" ({upload.layout} layout)')
        for error in upload.errors:
            where = f"row {error['row']}, {error['column']}: " if error["row"] else ""
            self.stderr.write(f"  {where}{error['message']}")
        for change in upload.preview:
            old = f"{change['old']} -> " if change["status"] == "revised" else ""
            self.stdout.write(f"  {change['status']:<8} {change['code']} {change['period']}: {old}{change['new']}")
