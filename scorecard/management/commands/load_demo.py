"""Build the demo: the four scorecards transcribed from the seed papers, loaded through the same
definitions, extract and commentary loaders a council uses, plus one log-in per role."""

import datetime as dt
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from imports.extract import ExtractError, import_extract_file
from indicators.commentary_file import load_commentary_file
from indicators.definitions import DefinitionsError, load_definitions_file
from indicators.models import Measure, Period, Revision, Scorecard, ScorecardPeriod, Section
from indicators.periods import PeriodKind, parse_period
from scorecard import roles, workflow

DEMO_DIR = Path(settings.BASE_DIR) / "demo"
DEMOS = ["monthly-dashboard", "cabinet-scorecard", "annual-outcomes", "quarterly-report"]
# Published as the papers were; the monthly dashboard's September 2024 is left as this month's draft,
# with commentary due, for the demo manager to write and the officer to publish.
DEMO_PUBLISHED = {
    "monthly-asc-dashboard": ["2024-07", "2024-08"],
    "cabinet-scorecard": ["2020-08", "2020-09"],
    "adults-and-communities": ["2021-11"],
    "quarterly-performance": ["2020-09"],
}
DEMO_DRAFT = ("monthly-asc-dashboard", "2024-09")
DEMO_USERS = [
    # user name, password, role, full name, is_staff
    ("officer", "demo-officer-pass", roles.PERFORMANCE_OFFICER, "Performance Officer", True),
    ("manager", "demo-manager-pass", roles.MANAGER, "Service Manager", False),
    ("councillor", "demo-councillor-pass", roles.COUNCILLOR, "Cabinet Member", False),
    ("admin", "demo-admin-pass", roles.ADMINISTRATOR, "System Administrator", True),
]


class Command(BaseCommand):
    help = "Load the demo scorecards (seeds 000, 001, 002 and 004) and, in DEBUG, one demo log-in per role."

    def add_arguments(self, parser):
        parser.add_argument("--no-users", action="store_true", help="do not create the demo log-ins")

    def handle(self, *args, no_users, **options):
        try:
            for name in DEMOS:
                self.load(DEMO_DIR / name)
        except (DefinitionsError, ExtractError) as problem:
            raise CommandError(f"The demo data did not load: {problem}") from None
        self.publish()
        if no_users:
            return
        if not settings.DEBUG:
            self.stdout.write("Demo log-ins are only made when DJANGO_DEBUG is true; none were created.")
            return
        self.make_users()

    def load(self, folder: Path) -> None:
        result = load_definitions_file(folder / "definitions.yaml")
        self.stdout.write(f"{folder.name}: {result.describe()}")
        for path in sorted(folder.glob("extract-*.csv")):
            month = parse_period(path.stem.removeprefix("extract-"), PeriodKind.MONTH)
            check, outcome = import_extract_file(path, month, source=Revision.Source.DEMO)
            if outcome is None:
                raise ExtractError("; ".join(str(e) for e in check.errors))
            self.stdout.write(f"  {path.name}: {outcome.describe()}")
        commentary = folder / "commentary.yaml"
        if commentary.exists():
            saved, overrides = load_commentary_file(commentary)
            self.stdout.write(f"  {commentary.name}: {saved} commentaries, {overrides} new manual statuses")

    @transaction.atomic
    def publish(self) -> None:
        """Publish the demo's papers through the same service the publish page uses."""
        for slug, months in DEMO_PUBLISHED.items():
            scorecard = Scorecard.objects.get(slug=slug)
            for month in months:
                period = Period.objects.get(code=month)
                if not ScorecardPeriod.objects.filter(scorecard=scorecard, period=period, published_at__isnull=False):
                    workflow.publish(None, scorecard, period, confirm_missing=True, check_permission=False)
        slug, month = DEMO_DRAFT
        cycle, _ = ScorecardPeriod.objects.get_or_create(
            scorecard=Scorecard.objects.get(slug=slug), period=Period.objects.get(code=month)
        )
        if cycle.commentary_deadline is None:
            cycle.commentary_deadline = timezone.localdate() + dt.timedelta(days=3)
            cycle.save()
        self.stdout.write(f"Published {sum(map(len, DEMO_PUBLISHED.values()))} periods; {slug} {month} is a draft.")

    def make_users(self) -> None:
        roles.ensure_roles()
        User = get_user_model()
        self.stdout.write(self.style.SUCCESS("\nDemo log-ins (for the demo only):"))
        for username, password, role, full_name, is_staff in DEMO_USERS:
            user, _ = User.objects.get_or_create(username=username)
            first, _, last = full_name.partition(" ")
            user.first_name, user.last_name = first, last
            user.is_staff = is_staff
            user.is_superuser = role == roles.ADMINISTRATOR
            user.set_password(password)
            user.save()
            user.groups.set([Group.objects.get(name=role)])
            self.stdout.write(f"  {role:<20} user name: {username:<11} password: {password}")
        # The demo manager owns the monthly dashboard's first section and answers for Shared Lives.
        manager = User.objects.get(username="manager")
        first = Section.objects.filter(scorecard__slug=DEMO_DRAFT[0]).order_by("order").first()
        Measure.objects.filter(entries__section=first).update(owner_user=manager)
        Measure.objects.filter(code="CS09").update(responsible_user=manager)
