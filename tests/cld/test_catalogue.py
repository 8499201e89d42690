"""Client-level figures become the catalogue's figures: each linked measure gets them as a revision through
the same commit as every other figure, no revision when nothing changed, the next quarter revising the last."""

import datetime as dt

import pytest
from django.core.management import call_command

from cld import catalogue
from cld.models import QuarterFigure
from indicators.models import DataPoint, Measure, Revision

from ..factories import MeasureFactory
from .files import community
from .test_submissions import submission

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def key(settings):
    settings.CLD_PSEUDONYM_KEY = "a-secret-of-forty-characters-for-tests-00"


def direct_payments(**fields) -> Measure:
    return MeasureFactory(
        code=fields.pop("code", "DP"),
        frequency=fields.pop("frequency", Measure.Frequency.QUARTERLY),
        client_level_code="3D2A",
        client_level_group="Total",
        **fields,
    )


def people(first: int, count: int, delivery: str) -> list[dict]:
    """`count` people with long-term community support, ids from `first`, each with that delivery."""
    return [community(str(number), delivery=delivery) for number in range(first, first + count)]


def test_a_linked_measure_gets_each_quarter_as_a_revision_and_the_same_file_again_changes_nothing(tmp_path):
    direct_payments()
    rows = people(1, 6, "Direct payment") + people(7, 8, "CASSR commissioned support")
    path = submission(tmp_path, "q4.csv", rows)
    call_command("import_cld", str(path))
    point = DataPoint.objects.get(measure__code="DP")
    assert (point.numerator, point.denominator) == (6, 14)  # the value is worked out from them, as for any file
    assert point.period.code == "2024/25 Q4"
    assert point.note == "Worked out from client-level data to 31 March 2025"
    assert point.revision.source == Revision.Source.CLIENT_LEVEL
    call_command("import_cld", str(submission(tmp_path, "again.csv", rows)))  # resubmitted unchanged
    assert Revision.objects.count() == 1


def test_the_next_quarter_revises_the_last_and_an_annual_measure_takes_the_year_to_march(tmp_path):
    direct_payments()
    direct_payments(code="DP-YEAR", frequency=Measure.Frequency.ANNUAL)
    call_command("import_cld", str(submission(tmp_path, "q4.csv", people(1, 6, "Direct payment") + people(7, 6, ""))))
    call_command(
        "import_cld",
        str(submission(tmp_path, "q1.csv", people(1, 12, "Direct payment"), start="2024-07-01", end="2025-06-30")),
    )
    quarters = {
        p.period.code: (p.numerator, p.denominator)
        for p in DataPoint.objects.filter(measure__code="DP").order_by("revision")
    }
    # the later file covers 2024/25 Q4 too and is the one read for it: people 7 to 12 had one all along
    assert quarters == {"2024/25 Q4": (12, 12), "2025/26 Q1": (12, 12)}
    years = {p.period.code for p in DataPoint.objects.filter(measure__code="DP-YEAR")}
    assert years == {"2024/25"}  # only the 12 months to 31 March are a financial year


def test_a_rate_without_a_population_gives_no_figure():
    figure = QuarterFigure(quarter_end=dt.date(2025, 3, 31), code="2C", group="65 and above", numerator=3, per=100_000)
    rate = MeasureFactory(code="ADM", unit=Measure.Unit.RATE, client_level_code="2C", client_level_group="65 and above")
    assert catalogue.rows([figure], [rate]) == []


def test_a_figure_that_gives_away_fewer_than_6_people_is_written_as_no_figure_with_the_reason(tmp_path):
    direct_payments()
    call_command("import_cld", str(submission(tmp_path, "q4.csv", people(1, 3, "Direct payment") + people(4, 9, ""))))
    point = DataPoint.objects.get(measure__code="DP")
    assert (point.numerator, point.denominator, point.value) == (None, None, None)
    assert point.no_value_reason == (
        "Fewer than 6 people: not shown, to protect their privacy (worked out from client-level data to 31 March 2025)"
    )
    held = QuarterFigure.objects.get(code="3D2A", group="Total")
    assert (held.numerator, held.denominator) == (3, 12)  # kept whole for the officers' client-level pages
