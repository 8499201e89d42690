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


def test_a_linked_measure_gets_each_quarter_as_a_revision_and_the_same_file_again_changes_nothing(tmp_path):
    direct_payments()
    rows = [community("1", delivery="Direct payment"), community("2", delivery="CASSR commissioned support")]
    path = submission(tmp_path, "q4.csv", rows)
    call_command("import_cld", str(path))
    point = DataPoint.objects.get(measure__code="DP")
    assert (point.numerator, point.denominator) == (1, 2)  # the value is worked out from them, as for any file
    assert point.period.code == "2024/25 Q4"
    assert point.note == "Worked out from client-level data to 31 March 2025"
    assert point.revision.source == Revision.Source.CLIENT_LEVEL
    call_command("import_cld", str(submission(tmp_path, "again.csv", rows)))  # resubmitted unchanged
    assert Revision.objects.count() == 1


def test_the_next_quarter_revises_the_last_and_an_annual_measure_takes_the_year_to_march(tmp_path):
    direct_payments()
    direct_payments(code="DP-YEAR", frequency=Measure.Frequency.ANNUAL)
    call_command(
        "import_cld", str(submission(tmp_path, "q4.csv", [community("1", delivery="Direct payment"), community("2")]))
    )
    call_command(
        "import_cld",
        str(
            submission(
                tmp_path,
                "q1.csv",
                [community("1", delivery="Direct payment"), community("2", delivery="Direct payment")],
                start="2024-07-01",
                end="2025-06-30",
            )
        ),
    )
    quarters = {
        p.period.code: (p.numerator, p.denominator)
        for p in DataPoint.objects.filter(measure__code="DP").order_by("revision")
    }
    assert quarters == {"2024/25 Q4": (2, 2), "2025/26 Q1": (2, 2)}  # the later file: person 2 had one all along
    years = {p.period.code for p in DataPoint.objects.filter(measure__code="DP-YEAR")}
    assert years == {"2024/25"}  # only the 12 months to 31 March are a financial year


def test_a_rate_without_a_population_gives_no_figure():
    figure = QuarterFigure(quarter_end=dt.date(2025, 3, 31), code="2C", group="65 and above", numerator=3, per=100_000)
    rate = MeasureFactory(code="ADM", unit=Measure.Unit.RATE, client_level_code="2C", client_level_group="65 and above")
    assert catalogue.rows([figure], [rate]) == []
