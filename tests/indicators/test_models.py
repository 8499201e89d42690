"""Model helpers: periods named by a person."""

import pytest

from indicators.models import StoredPeriod
from indicators.periods import Period, PeriodKind

from ..factories import period


@pytest.mark.parametrize(
    "text, kind, found",
    [("2024-09", None, "2024-09"), ("Sep 24", PeriodKind.MONTH, "2024-09"), ("2024/25 Q2", None, "2024/25 Q2")],
)
def test_a_period_named_by_a_person(db, text, kind, found):
    period("2024-09"), period("2024/25 Q2")
    assert StoredPeriod.named(text, kind).code == found


@pytest.mark.parametrize(
    "text, kind, message",
    [
        ("someday", None, "'someday' is not a period"),
        ("2024/25 Q2", PeriodKind.MONTH, "'2024/25 Q2' is not a month"),
        ("2024-10", None, "no figures have been loaded for October 2024"),
    ],
)
def test_a_period_that_cannot_be_found_says_why(db, text, kind, message):
    StoredPeriod.for_value(Period.month(2024, 9))
    with pytest.raises(ValueError, match=message):
        StoredPeriod.named(text, kind)


def test_revisions_and_figures_are_never_changed_or_deleted(db):
    """Nothing edited in place: neither an object nor a query may change or delete a revision or a figure."""
    from django.core.exceptions import ValidationError

    from indicators.models import DataPoint, Revision

    from ..factories import DataPointFactory

    point = DataPointFactory()
    revision = point.revision
    for attempt in (
        lambda: (setattr(point, "value", 1), point.save()),
        point.delete,
        lambda: DataPoint.objects.filter(pk=point.pk).update(value=2),
        lambda: DataPoint.objects.filter(pk=point.pk).delete(),
        lambda: (setattr(revision, "note", "changed"), revision.save()),
        revision.delete,
        lambda: Revision.objects.update(note="changed"),
        lambda: Revision.objects.all().delete(),
    ):
        with pytest.raises(ValidationError, match="never"):
            attempt()
    point.refresh_from_db()
    revision.refresh_from_db()
    assert (point.value, revision.note) != (2, "changed") and DataPoint.objects.count() == 1
