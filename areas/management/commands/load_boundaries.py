from django.core.management.base import BaseCommand

from imports.console import take_and_report


class Command(BaseCommand):
    help = (
        "Load a boundary file (GeoJSON, with its release named in the file: docs/data-format.md) through the "
        "same checks, preview and history as the upload page. A file with any problem changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the GeoJSON file")
        parser.add_argument("--dry-run", action="store_true", help="check the file and change nothing")

    def handle(self, *args, file, dry_run, **options):
        take_and_report(self, file, kind="boundaries", dry_run=dry_run)
