"""The Celery tasks: the same services in process, and with a real worker on Redis and PostgreSQL."""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from imports.models import Upload
from indicators.models import DataPoint, Revision
from scorecard.speed import database_url

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


ROOT = Path(__file__).resolve().parents[2]


def wait_for(upload: Upload, states: set[str], worker: subprocess.Popen, seconds: int = 90) -> Upload:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        upload.refresh_from_db()
        if upload.state in states:
            return upload
        if worker.poll() is not None:
            pytest.fail(f"the worker stopped: {worker.communicate()[0]}")
        time.sleep(0.2)
    pytest.fail(f"the upload stayed {upload.state}")


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_an_upload_is_checked_and_imported_by_a_real_worker(client, officer, settings):
    if not os.environ.get("REDIS_URL") or connection.vendor != "postgresql":
        pytest.skip("needs REDIS_URL and a PostgreSQL DATABASE_URL")
    MeasureFactory(code="SAT1", unit="count", multiplier=1, decimal_places=0)
    queue = f"test-{uuid.uuid4().hex[:8]}"
    settings.CELERY_TASK_DEFAULT_QUEUE = queue
    from config.celery import app

    app.conf.task_default_queue = queue
    env = {
        **os.environ,
        "DATABASE_URL": database_url(connection.settings_dict),
        "DJANGO_MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "-Q",
            queue,
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=WARNING",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        client.force_login(officer)
        data = b"code,period,numerator,denominator,value,note\nSAT1,2024-09,,,110,\n"
        client.post("/imports/", {"file": SimpleUploadedFile("sep.csv", data), "kind": "extract"})
        upload = wait_for(Upload.objects.get(), {"ready", "refused"}, worker)
        assert upload.state == "ready", upload.message
        assert not DataPoint.objects.exists()
        client.post(f"/imports/{upload.pk}/confirm/")
        upload = wait_for(upload, {"committed", "refused"}, worker)
        assert upload.state == "committed", upload.message
        assert DataPoint.objects.get().value == 110
    finally:
        app.conf.task_default_queue = "celery"
        worker.terminate()
        worker.communicate(timeout=30)
