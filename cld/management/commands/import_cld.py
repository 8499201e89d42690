from django.core.management.base import BaseCommand

from imports.console import take_and_report
from imports.models import Upload


class Command(BaseCommand):
    help = (
        "Load a quarterly client-level data submission (CSV, Release 1 or 2) through the same checks, "
        "data-quality preview and history as the upload page: pseudonymised on arrival, the file itself "
        "deleted once checked, and the ASCOF figures worked out again. A file with any unusable row changes "
        "nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the submission's CSV file")
        parser.add_argument("--dry-run", action="store_true", help="check the file and change nothing")

    def handle(self, *args, file, dry_run, **options):
        take_and_report(self, file, kind=Upload.Kind.CLD, dry_run=dry_run)
