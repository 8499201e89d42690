"""Build the demo: the four scorecards transcribed from the seed papers, each file taken through the same
upload path a council's files take (so they are in the upload history and the audit log), the papers'
months published through the same service as the publish page, and one log-in per role."""

import datetime as dt
import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts import roles
from cld import example as cld_example
from demo import areas_example, example_history
from imports import services as uploads
from imports.models import Upload
from indicators.models import (
    Area,
    Commentary,
    DataVersion,
    Measure,
    Scorecard,
    ScorecardPeriod,
    Section,
    SpcMark,
    StoredPeriod,
)
from indicators.periods import PeriodKind, parse_period
from indicators.problems import FileError
from workflow import services as workflow

DEMO_DIR = Path(__file__).resolve().parents[2]
DEMOS = [
    "monthly-dashboard",
    "cabinet-scorecard",
    "annual-outcomes",
    "quarterly-report",
    "ascof-appendix",
    "example-history",
    "client-level",
]
# Real national figures for every council (sources and licence in demo/national/README.md): Oflog's values
# first, then ASCOF's own files, whose counts give intervals (a values-only file never hides them).
NATIONAL = "national"
NATIONAL_FILES = [
    DEMO_DIR / NATIONAL / name
    for name in (
        "oflog-adult-social-care-2015-16-to-2022-23.csv",
        "ascof-open-data-2014-15-to-2018-19.csv.gz",
        "ascof-open-data-2020-21.csv.gz",
        "ascof-outcomes-2017-18-to-2023-24.csv.gz",
    )
]
# Published as the papers were; the monthly dashboard's September 2024 is left as this month's draft,
# with commentary due, for the demo manager to write and the officer to publish.
DEMO_PUBLISHED = {
    "monthly-asc-dashboard": ["2024-07", "2024-08"],
    "cabinet-scorecard": ["2020-08", "2020-09"],
    "adults-and-communities": ["2021-11"],
    "quarterly-performance": ["2020/21 Q2"],  # a quarterly scorecard: its periods are quarters
    "ascof-appendix": ["2022/23 Q3"],
    "example-history": ["2024-03"],
    "ascof-client-level": ["2024/25 Q4"],
}
CLD_PEOPLE = 3000  # the made-up council's people in its client-level data
CLD_WARDS = "Wards, December 2022"  # the boundaries the made-up council's people are placed on
DEMO_DRAFT = ("monthly-asc-dashboard", "2024-09")
DEMO_USERS = [
    # user name, password, role, full name, is_staff
    ("officer", "demo-officer-pass", roles.PERFORMANCE_OFFICER, "Performance Officer", True),
    ("manager", "demo-manager-pass", roles.MANAGER, "Service Manager", False),
    ("councillor", "demo-councillor-pass", roles.COUNCILLOR, "Cabinet Member", False),
    ("admin", "demo-admin-pass", roles.ADMINISTRATOR, "System Administrator", True),
]


class Command(BaseCommand):
    help = (
        "Load the demo scorecards (seeds 000, 001, 002 and 004, and an ASCOF appendix of example figures); "
        "with --log-ins, one demo log-in per role with "
        "its password printed (only where DJANGO_HTTPS is false: a demo on one machine)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--log-ins", action="store_true", help="make a demo log-in per role, with known passwords (demo only)"
        )

    def handle(self, *args, log_ins, **options):
        officer = None
        if log_ins:
            if settings.HTTPS:
                raise CommandError(
                    "Demo log-ins have published passwords, so they are only made on a demo machine "
                    "(DJANGO_HTTPS=false); none were made and nothing was loaded."
                )
            officer = self.make_users()
        try:
            self.stdout.write("national:")  # first, so the scorecards' national benchmarks are there when published
            for path in NATIONAL_FILES:
                self.take(path, officer, Upload.Kind.NATIONAL)
            self.take(DEMO_DIR / NATIONAL / "comparator-groups.csv", officer, Upload.Kind.GROUPS)
            self.stdout.write("areas:")
            for name, data in areas_example.releases():
                self.take_bytes(data, name, officer, Upload.Kind.BOUNDARIES)
            for name in DEMOS:
                self.load(DEMO_DIR / name, officer)
        except FileError as problem:
            raise CommandError(f"The demo data did not load: {problem}") from None
        self.publish(officer)
        if officer is not None:
            self.give_the_manager_measures()

    def take(self, path: Path, officer, kind: str, month=None) -> None:
        upload = uploads.take_path(path, kind=kind, user=officer, source=Upload.Source.DEMO, reporting_period=month)
        if upload.state == Upload.State.REFUSED:
            details = "; ".join(f"{e['where']}: {e['message']}" for e in upload.errors[:5])
            raise FileError(f"{path.name}: {upload.message} {details}".strip())
        self.stdout.write(f"  {path.name}: {upload.message}")

    def take_bytes(self, data: bytes, name: str, officer, kind: str, month=None) -> None:
        upload = uploads.take_file(
            data, name, kind=kind, user=officer, source=Upload.Source.DEMO, reporting_period=month
        )
        if upload.state == Upload.State.REFUSED:
            details = "; ".join(f"{e['where']}: {e['message']}" for e in upload.errors[:5])
            raise FileError(f"{name}: {upload.message} {details}".strip())
        self.stdout.write(f"  {name}: {upload.message}")

    def take_example_history(self, officer) -> None:
        """Four years of example figures (demo/example_history.py), and two SPC marks an officer might make."""
        data = example_history.extract()
        month = parse_period("2024-03")
        upload = uploads.take_file(
            data,
            "example-history-2024-03.csv",
            kind=Upload.Kind.EXTRACT,
            user=officer,
            source=Upload.Source.DEMO,
            reporting_period=month,
        )
        if upload.state == Upload.State.REFUSED:
            raise FileError(f"example history: {upload.message}")
        self.stdout.write(f"  example-history-2024-03.csv: {upload.message}")
        marks = [
            ("EX06", "2022-10", SpcMark.Kind.EXCLUDE, "Example: a duplicate load counted October's assessments twice."),
            (
                "EX07",
                "2022-12",
                SpcMark.Kind.RECALCULATE,
                "Example: the new assessment service began in December 2022.",
            ),
        ]
        for code, period, kind, reason in marks:
            SpcMark.objects.get_or_create(
                measure=Measure.objects.get(code=code),
                period=StoredPeriod.objects.get(code=period),
                kind=kind,
                defaults={"reason": reason, "set_by": officer},
            )

    def take_client_level(self, officer) -> None:
        """Two years of a made-up council's quarterly client-level submissions (`cld.example`), each through
        the upload path as a council's own: pseudonymised on arrival, the file itself deleted. A postcode
        lookup goes first, placing the made-up postcodes in Birmingham's 69 wards (the wards the demo has
        a map of), so each person's postcode becomes their ward on arrival and the figures are given by ward."""
        wards = Area.objects.filter(release__name=CLD_WARDS, kind=Area.Kind.MAPPED).order_by("code")
        with tempfile.TemporaryDirectory(prefix="demo-cld-") as folder:
            lookup = Path(folder) / "example-postcodes-to-wards.csv"
            lookup.write_bytes(cld_example.postcode_lookup(list(wards.values_list("code", flat=True))))
            self.take(lookup, officer, Upload.Kind.POSTCODES)
            for path in cld_example.submissions(Path(folder), CLD_PEOPLE, 8, dt.date(2023, 6, 30)):
                self.take(path, officer, Upload.Kind.CLD)

    def load(self, folder: Path, officer) -> None:
        self.stdout.write(f"{folder.name}:")
        self.take(folder / "definitions.yaml", officer, Upload.Kind.DEFINITIONS)
        for path in sorted(folder.glob("extract-*.csv")):
            month = parse_period(path.stem.removeprefix("extract-"), PeriodKind.MONTH)
            self.take(path, officer, Upload.Kind.EXTRACT, month)
        if folder.name == "cabinet-scorecard":  # example figures by constituency behind its ticks
            month = parse_period("2020-09")
            self.take_bytes(areas_example.extract(), "by-constituency-2020-09.csv", officer, Upload.Kind.EXTRACT, month)
        if folder.name == "example-history":  # made up from a seed, not kept as a file
            self.take_example_history(officer)
        if folder.name == "client-level":  # made up from a seed, uploaded as a council's files would be
            self.take_client_level(officer)
        commentary = folder / "commentary.yaml"
        if commentary.exists():
            self.take_commentary(commentary)

    def take_commentary(self, path: Path) -> None:
        """The papers' commentary as its authors submitted it, then approved by a second person through the
        approval step (a file never approves: four eyes). Both stand for the people who wrote and cleared
        the published papers; neither can sign in."""
        author, reviewer = paper_people()
        self.take(path, author, Upload.Kind.COMMENTARY)
        waiting = Commentary.objects.filter(author=author, state=Commentary.State.SUBMITTED).select_related(
            "measure", "period"
        )
        for commentary in waiting:
            workflow.approve(reviewer, commentary)

    @transaction.atomic
    def publish(self, officer) -> None:
        """Publish the demo's papers through the same service the publish page uses."""
        published = 0
        for slug, months in DEMO_PUBLISHED.items():
            scorecard = Scorecard.objects.filter(slug=slug).first()
            if scorecard is None:
                continue
            for month in months:
                period = StoredPeriod.objects.get(code=month)
                if not ScorecardPeriod.objects.filter(scorecard=scorecard, period=period, published_at__isnull=False):
                    workflow.publish(officer, scorecard, period, confirm_missing=True, check_permission=False)
                published += 1
        slug, month = DEMO_DRAFT
        scorecard = Scorecard.objects.filter(slug=slug).first()
        if scorecard is not None:
            cycle, _ = ScorecardPeriod.objects.get_or_create(
                scorecard=scorecard, period=StoredPeriod.objects.get(code=month)
            )
            if cycle.commentary_deadline is None:
                cycle.commentary_deadline = timezone.localdate() + dt.timedelta(days=3)
                cycle.save()
        self.stdout.write(f"Published {published} periods; {slug} {month} is a draft.")

    def make_users(self):
        roles.ensure_roles()
        User = get_user_model()
        self.stdout.write(self.style.SUCCESS("Demo log-ins (for the demo only):"))
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
        return User.objects.get(username="officer")

    def give_the_manager_measures(self) -> None:
        """The demo manager owns the monthly dashboard's first section and answers for Shared Lives."""
        manager = get_user_model().objects.get(username="manager")
        first = Section.objects.filter(scorecard__slug=DEMO_DRAFT[0]).order_by("order").first()
        Measure.objects.filter(entries__section=first).update(owner_user=manager)
        Measure.objects.filter(code="CS09").update(responsible_user=manager)
        DataVersion.bump()  # update() sends no signals; the reports show who owns each measure


PAPER_PEOPLE = (
    ("papers-author", "Commentary", "author (demo papers)", roles.MANAGER),
    ("papers-reviewer", "Commentary", "reviewer (demo papers)", roles.PERFORMANCE_OFFICER),
)


def paper_people():
    """The two people behind the demo papers' commentary: one wrote it, the other approved it. They have no
    password, so no one can sign in as them."""
    roles.ensure_roles()
    User = get_user_model()
    people = []
    for username, first, last, role in PAPER_PEOPLE:
        person, made = User.objects.get_or_create(username=username, defaults={"first_name": first, "last_name": last})
        if made:
            person.set_unusable_password()
            person.save()
        person.groups.set([Group.objects.get(name=role)])
        people.append(User.objects.get(pk=person.pk))  # permissions read afresh
    return people
