"""The Celery tasks: the same services in process, and with a real worker on Redis and PostgreSQL."""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from imports.models import Upload
from indicators.models import DataPoint, Revision

from ..factories import MeasureFactory
from ..helpers import EXTRACT_HEADER


def test_celery_tasks_run_the_same_services_in_process(catalogue):
    from imports import services
    from imports.tasks import check_upload, commit_upload

    upload = services.receive(EXTRACT_HEADER.encode() + b"SAT1,2024-09,,,3,\n", "x.csv", queue_check=False)
    assert check_upload.apply(args=[upload.pk]).get() == "ready"
    upload.refresh_from_db()
    services.confirm(upload, None)
    assert commit_upload.apply(args=[upload.pk]).get() == "committed"
    assert commit_upload.apply(args=[upload.pk]).get() == "committed"  # delivered twice, imported once
    assert Revision.objects.count() == 1 and DataPoint.objects.count() == 1


def wait_for(upload: Upload, states: set[str], worker, seconds: int = 90) -> Upload:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        upload.refresh_from_db()
        if upload.state in states:
            return upload
        worker.check_running()
        time.sleep(0.2)
    pytest.fail(f"the upload stayed {upload.state}; the worker said: {worker.stop()[-3000:]}")


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_an_upload_is_checked_and_imported_by_a_real_worker(client, officer, real_worker):
    MeasureFactory(code="SAT1", unit="count", multiplier=1, decimal_places=0)
    client.force_login(officer)
    data = b"code,period,numerator,denominator,value,note\nSAT1,2024-09,,,110,\n"
    response = client.post("/imports/", {"file": SimpleUploadedFile("sep.csv", data), "kind": "extract"})
    assert response.status_code == 302, response.content.decode()[:2000]
    upload = wait_for(Upload.objects.get(), {"ready", "refused"}, real_worker)
    assert upload.state == "ready", upload.message
    assert not DataPoint.objects.exists()
    client.post(f"/imports/{upload.pk}/confirm/")
    upload = wait_for(upload, {"committed", "refused"}, real_worker)
    assert upload.state == "committed", upload.message
    assert DataPoint.objects.get().value == 110
