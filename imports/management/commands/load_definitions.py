from django.core.management.base import BaseCommand

from imports.console import take_and_report
from imports.models import Upload


class Command(BaseCommand):
    help = (
        "Load measures, targets, benchmarks and scorecards from a definitions file (docs/definitions.md), through "
        "the same checks, preview and history as the upload page. A file with any problem changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the YAML definitions file")
        parser.add_argument("--dry-run", action="store_true", help="check the file and change nothing")

    def handle(self, *args, file, dry_run, **options):
        take_and_report(self, file, kind=Upload.Kind.DEFINITIONS, dry_run=dry_run)
