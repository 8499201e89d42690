from django.core.management.base import BaseCommand, CommandError

from indicators.models import Scorecard, StoredPeriod
from workflow import services


class Command(BaseCommand):
    help = "Publish a scorecard's period (as the publish page does), freezing its figures, statuses and commentary."

    def add_arguments(self, parser):
        parser.add_argument("scorecard", help="the scorecard's slug")
        parser.add_argument("period", help="the month, e.g. 2024-09")
        parser.add_argument(
            "--confirm-missing", action="store_true", help="publish even where commentary is not approved"
        )

    def handle(self, *args, scorecard, period, confirm_missing, **options):
        card = Scorecard.objects.filter(slug=scorecard).first()
        if card is None:
            raise CommandError(f"There is no scorecard '{scorecard}'.")
        try:
            row = StoredPeriod.named(period)
        except ValueError as problem:
            raise CommandError(f"Period: {problem}.") from None
        try:
            cycle = services.publish(None, card, row, confirm_missing, check_permission=False)
        except services.WorkflowError as problem:
            raise CommandError(str(problem)) from None
        self.stdout.write(f"Published {card.title}, {row.long_label}.")
        if cycle.missing_at_publication:
            self.stdout.write("Without approved commentary:\n" + cycle.missing_at_publication)
