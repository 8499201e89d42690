import pytest

from indicators.commentary_file import load_commentary
from indicators.definitions import DefinitionsError
from indicators.models import Commentary, StatusOverride

from .factories import MeasureFactory

GOOD = """
commentary:
  - {measure: SAT1, period: 2024-09, state: published, author: Head of Safeguarding, data: Fewer concerns.}
status_overrides:
  - {measure: SAT1, period: Sep 24, status: green, reason: Forecast to meet target.}
"""


@pytest.fixture
def sat1(db):
    return MeasureFactory(code="SAT1")


def test_loads_commentary_and_a_manual_status(sat1):
    assert load_commentary(GOOD) == (1, 1)
    note = Commentary.objects.get()
    assert (note.period.code, note.state, note.data, note.author_title) == (
        "2024-09",
        "published",
        "Fewer concerns.",
        "Head of Safeguarding",
    )
    assert StatusOverride.objects.get().status == "GREEN"


def test_loading_again_keeps_one_commentary_and_adds_no_repeated_status(sat1):
    load_commentary(GOOD)
    assert load_commentary(GOOD) == (1, 0)
    assert (Commentary.objects.count(), StatusOverride.objects.count()) == (1, 1)


def test_a_changed_status_is_added_so_the_history_is_kept(sat1):
    load_commentary(GOOD)
    load_commentary(GOOD.replace("status: green", "status: amber"))
    assert list(StatusOverride.objects.values_list("status", flat=True)) == ["GREEN", "AMBER"]


@pytest.mark.parametrize(
    "change, message",
    [
        (
            ("measure: SAT1, period: 2024-09", "measure: SAT9, period: 2024-09"),
            'commentary[0] (measure "SAT9") > measure: no measure has the code "SAT9"',
        ),
        (("period: 2024-09", "period: someday"), 'commentary[0] (measure "SAT1") > period:'),
        (("state: published", "state: shouted"), 'commentary[0] (measure "SAT1") > state:'),
        ((", data: Fewer concerns.", ""), 'commentary[0] (measure "SAT1"): Write the commentary'),
        (("reason: Forecast to meet target.", "reason: ''"), 'status_overrides[0] (measure "SAT1") > reason:'),
        (("status: green", "status: purple"), 'status_overrides[0] (measure "SAT1") > status:'),
        (("author: Head", "writer: Head"), 'commentary[0] (measure "SAT1") > writer: unknown field'),
    ],
)
def test_bad_entries_are_refused_whole(sat1, change, message):
    with pytest.raises(DefinitionsError) as refused:
        load_commentary(GOOD.replace(*change))
    assert any(e.startswith(message) for e in refused.value.errors), refused.value.errors
    assert (Commentary.objects.count(), StatusOverride.objects.count()) == (0, 0)
