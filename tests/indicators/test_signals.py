"""The data version moves on with every change, once per transaction."""


def test_a_change_inside_a_rolled_back_savepoint_does_not_lose_the_next_bump(demo):
    from django.db import transaction

    from indicators.models import DataPoint, DataVersion, Revision

    before = DataVersion.current()
    point = DataPoint.objects.get(measure__code="CS09", period__code="2020-09")

    def new_figure(value):  # figures are never changed: a new revision carries the new one
        later = Revision.objects.create(reporting_period=point.revision.reporting_period)
        DataPoint.objects.create(revision=later, measure=point.measure, period=point.period, value=value)

    try:
        with transaction.atomic():
            new_figure(1)
            raise RuntimeError
    except RuntimeError:
        pass
    assert DataVersion.current() == before  # the bump went with the rolled-back savepoint
    new_figure(106)
    assert DataVersion.current() != before
