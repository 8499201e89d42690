import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from workflow import reminders


class Command(BaseCommand):
    help = "E-mail owners whose commentary is missing as a scorecard's deadline approaches (what beat runs daily)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="run as if today were this date (YYYY-MM-DD)")
        parser.add_argument("--days", type=int, help="remind this many days before the deadline (default: setting)")

    def handle(self, *args, date=None, days=None, **options):
        try:
            today = dt.date.fromisoformat(date) if date else None
        except ValueError:
            raise CommandError(f"--date '{date}' is not a date; write it as 2024-10-03.") from None
        self.stdout.write(reminders.send_commentary_reminders(today, days).describe())
