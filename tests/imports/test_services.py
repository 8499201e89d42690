"""The one upload path: receive, check, confirm, commit."""

import pytest

from imports import services
from imports.models import Upload
from indicators.models import DataPoint
from indicators.periods import Period

from ..helpers import MONTHLY_DASHBOARD, web_upload


def test_commit_runs_once_however_often_the_task_is_delivered(july_and_august):
    data = b"code,period,value\nSAT1,2024-09,110\n"
    item = services.check(services.receive(data, "x.csv", queue_check=False).pk)
    item.state = Upload.State.COMMITTING
    item.save()
    services.commit(item.pk)
    services.commit(item.pk)  # a redelivered task
    assert DataPoint.objects.filter(period__code="2024-09").count() == 1
    assert web_upload().state == Upload.State.COMMITTED


def test_confirm_only_from_ready(july_and_august):
    item = services.check(services.receive(b"code,period,value\nSAT1,2024-09,x\n", "x.csv", queue_check=False).pk)
    with pytest.raises(services.UploadError, match="refused: the file has errors, so it cannot be confirmed"):
        services.confirm(item, None)


def test_the_commit_copies_in_what_was_checked_when_nothing_has_changed_since(db, monkeypatch):
    from imports import file_kinds
    from indicators.models import DataPoint, Measure

    from ..factories import MeasureFactory

    MeasureFactory(code="SAT1", unit=Measure.Unit.COUNT, multiplier=1, decimal_places=0)
    upload = services.receive(b"code,period,value\nSAT1,2024-09,110\nSAT1,2024-08,c. 98\n", "x.csv", queue_check=False)
    upload = services.check(upload.pk)
    assert upload.state == Upload.State.READY and upload.staged and upload.checked_version

    def not_again(*args, **kwargs):
        raise AssertionError("the file was checked again")

    monkeypatch.setattr(file_kinds, "check_extract", not_again)
    services.confirm(upload, None, queue_commit=False)
    upload = services.commit(upload.pk)
    assert upload.state == Upload.State.COMMITTED, upload.message
    assert sorted(DataPoint.objects.values_list("period__code", "value", "note")) == [
        ("2024-08", 98, "approximate"),
        ("2024-09", 110, ""),
    ]


@pytest.mark.django_db(transaction=True)  # each step commits, as the page, the officer and the worker do
def test_a_change_after_the_check_means_the_file_is_checked_again_at_commit():
    from indicators.models import DataPoint, Measure

    from ..factories import MeasureFactory

    MeasureFactory(code="SAT1", unit=Measure.Unit.COUNT, multiplier=1, decimal_places=0)
    MeasureFactory(code="NEW1", unit=Measure.Unit.COUNT, multiplier=1, decimal_places=0)
    upload = services.receive(b"code,period,value\nSAT1,2024-09,110\nNEW1,2024-09,5\n", "x.csv", queue_check=False)
    upload = services.check(upload.pk)
    assert upload.state == Upload.State.READY
    Measure.objects.get(code="NEW1").delete()  # the catalogue changes before the officer confirms
    services.confirm(upload, None, queue_commit=False)
    upload = services.commit(upload.pk)
    assert upload.state == Upload.State.REFUSED
    assert upload.message.startswith('Not imported: cell A3 (NEW1, code): "NEW1" is not a measure in the catalogue')
    assert not DataPoint.objects.exists()


def test_an_import_keeps_the_xmr_charts_of_the_scorecards_it_touched(july_and_august):
    """The first reader after an import reads kept charts instead of waiting for them to be worked out."""
    from indicators.models import KeptChart, Scorecard

    assert KeptChart.objects.filter(as_of="2024-08").count() == Scorecard.objects.get().entries.count()
    services.take_path(MONTHLY_DASHBOARD / "extract-2024-09.csv", reporting_period=Period.month(2024, 9))
    assert KeptChart.objects.filter(as_of="2024-09").count() == Scorecard.objects.get().entries.count()
