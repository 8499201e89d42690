from django.core.management.base import BaseCommand, CommandError

from indicators.models import Scorecard, StoredPeriod
from indicators.periods import not_of_kind, parse_period
from scorecard.queries import addressed_by
from workflow import services


class Command(BaseCommand):
    help = (
        "Publish a scorecard's period (as the publish page does), keeping what it shows as version 1; "
        "with --correct NOTE, publish a corrected version of a period already published."
    )

    def add_arguments(self, parser):
        parser.add_argument("scorecard", help="the scorecard's slug")
        parser.add_argument("period", help="the scorecard's period: a month (2024-09), or a quarter (2024/25 Q2)")
        parser.add_argument(
            "--confirm-missing", action="store_true", help="publish even where commentary is not approved"
        )
        parser.add_argument("--correct", metavar="NOTE", help="publish a correction, with this note for readers")

    def handle(self, *args, scorecard, period, confirm_missing, correct=None, **options):
        card = Scorecard.objects.filter(slug=scorecard).first()
        if card is None:
            raise CommandError(f"There is no scorecard '{scorecard}'.")
        try:
            wrong = not_of_kind(parse_period(period), addressed_by(card), card.title)
            if wrong:
                raise ValueError(wrong)
            row = StoredPeriod.named(period)
        except ValueError as problem:
            raise CommandError(f"Period: {problem}.") from None
        try:
            if correct is not None:
                version = services.correct(None, card, row, correct, check_permission=False)
                self.stdout.write(
                    f"Published version {version.number} of {card.title}, {row.long_label}; "
                    f"measures changed: {', '.join(version.changed)}."
                )
                return
            cycle = services.publish(None, card, row, confirm_missing, check_permission=False)
        except services.WorkflowError as problem:
            raise CommandError(str(problem)) from None
        self.stdout.write(f"Published {card.title}, {row.long_label}.")
        if cycle.missing_at_publication:
            self.stdout.write("Without approved commentary:\n" + cycle.missing_at_publication)
