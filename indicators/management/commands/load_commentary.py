from django.core.management.base import BaseCommand, CommandError

from indicators.commentary_file import load_commentary_file
from indicators.definitions import DefinitionsError


class Command(BaseCommand):
    help = "Load commentary and manual statuses from a YAML file (docs/definitions.md)."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        try:
            saved, overrides = load_commentary_file(file)
        except DefinitionsError as problem:
            for message in problem.errors:
                self.stderr.write(f"  {message}")
            raise CommandError(
                f"{file} was not loaded: {len(problem.errors)} problem(s). Nothing was changed."
            ) from None
        self.stdout.write(self.style.SUCCESS(f"{file}: {saved} commentaries, {overrides} manual statuses."))
