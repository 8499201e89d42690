"""The data version moves on with every change, once per transaction."""


def test_a_change_inside_a_rolled_back_savepoint_does_not_lose_the_next_bump(demo):
    from django.db import transaction

    from indicators.models import DataPoint, DataVersion

    before = DataVersion.current()
    point = DataPoint.objects.get(measure__code="CS09", period__code="2020-09")
    try:
        with transaction.atomic():
            point.value = 1
            point.save()
            raise RuntimeError
    except RuntimeError:
        pass
    assert DataVersion.current() == before  # the bump went with the rolled-back savepoint
    point.refresh_from_db()
    point.value = 106
    point.save()
    assert DataVersion.current() != before
