from django.core.management.base import BaseCommand, CommandError

from indicators.definitions import DefinitionsError, load_definitions_file


class Command(BaseCommand):
    help = "Load measures, targets, benchmarks and scorecards from a definitions file (docs/definitions.md)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the YAML definitions file")
        parser.add_argument("--dry-run", action="store_true", help="check the file and change nothing")

    def handle(self, *args, file, dry_run, **options):
        try:
            result = load_definitions_file(file, dry_run=dry_run)
        except DefinitionsError as problem:
            for message in problem.errors:
                self.stderr.write(f"  {message}")
            raise CommandError(
                f"{file} was not loaded: {len(problem.errors)} problem(s) above. Nothing was changed."
            ) from None
        verb = "would load" if dry_run else "loaded"
        self.stdout.write(self.style.SUCCESS(f"{file}: {verb} {result.describe()}."))
