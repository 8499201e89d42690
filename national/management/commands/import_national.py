from django.core.management.base import BaseCommand

from imports.console import take_and_report
from imports.models import Upload


class Command(BaseCommand):
    help = (
        "Load a national file (the ASCOF CSV of 2024-25 onwards or of 2014-15 to 2022-23, or Oflog's extract) "
        "through the same checks, preview and history as the upload page. A file with any problem changes "
        "nothing; a later file for the same year is kept beside the earlier one and read in its place."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the national CSV file")
        parser.add_argument("--dry-run", action="store_true", help="check the file and change nothing")

    def handle(self, *args, file, dry_run, **options):
        take_and_report(self, file, kind=Upload.Kind.NATIONAL, dry_run=dry_run)
