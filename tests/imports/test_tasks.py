"""The Celery tasks: the same services in process, and with a real worker on Redis and PostgreSQL."""

import datetime as dt
import time
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from imports.models import Upload
from indicators.models import DataPoint, Measure, Revision

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


def _worker_is_writing() -> bool:
    """Whether another session of this database is in a transaction that has written something."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL"
        )
        return cursor.fetchone()[0] > 0


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


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_import_leaves_no_upload_stuck(real_worker, settings, django_capture_on_commit_callbacks):
    """The worker is killed while it imports; nothing is half-imported, the upload is not left "Being
    imported": the sweeper sends it on, and a new worker imports it exactly once."""
    from django.utils import timezone

    from imports import services
    from indicators.models import DataVersion
    from speed.imports import synthetic_extract

    rows = 30_000
    data, month = synthetic_extract(rows, 1500)
    Measure.objects.bulk_create(
        Measure(
            code=f"SPEED{i:05d}",
            title=f"M{i}",
            unit="count" if i % 2 == 0 else "percentage",
            multiplier=Decimal(1) if i % 2 == 0 else Decimal(100),
            polarity="none",
        )
        for i in range(1500)
    )
    settings.IMPORT_MAX_UPLOAD_BYTES = len(data) + 1
    upload = services.check(services.receive(data, "big.csv", reporting_period=month, queue_check=False).pk)
    assert upload.state == Upload.State.READY, upload.message
    DataVersion.bump()  # something changed since the check, so the import reads and checks the file again
    services.confirm(upload, None)  # to the worker

    # killed once the worker has taken the upload (its attempt counted) and its import transaction has
    # written (it has a transaction id): the figures are going in, the derived figures of 1,500 measures
    # still to be worked out in the same transaction
    deadline = time.monotonic() + 60
    while Upload.objects.get(pk=upload.pk).attempts < 1 and time.monotonic() < deadline:
        real_worker.check_running()
        time.sleep(0.01)
    while not _worker_is_writing() and time.monotonic() < deadline:
        real_worker.check_running()
        time.sleep(0.01)
    assert _worker_is_writing(), "the worker never began to write the figures"
    real_worker.kill()
    upload.refresh_from_db()
    assert upload.state == Upload.State.COMMITTING and not DataPoint.objects.exists()  # nothing half-imported

    Upload.objects.filter(pk=upload.pk).update(state_changed_at=timezone.now() - dt.timedelta(hours=1))
    assert services.sweep().requeued == [upload.pk]  # as beat finds it when it has not moved
    real_worker.start()
    upload = wait_for(upload, {"committed", "refused", "failed"}, real_worker, seconds=120)
    assert upload.state == "committed", upload.message
    assert upload.attempts == 2 and DataPoint.objects.count() == rows  # imported exactly once
