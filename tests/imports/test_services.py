"""The one upload path: receive, check, confirm, commit."""

import pytest

from imports import services
from imports.models import Upload
from indicators.models import DataPoint

from ..helpers import web_upload


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
