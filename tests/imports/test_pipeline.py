"""No failure leaves an upload in a working state: every error ends it with a message, a step started too
often fails, any upload not yet imported can be stopped, the sweeper finds those that stopped moving, and
a worker that cannot be reached is said so at once."""

import datetime as dt

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.db import DataError
from django.utils import timezone

from imports import file_kinds, revisions, services, tasks
from imports.models import Upload
from indicators.models import DataPoint, Measure

from ..factories import MeasureFactory
from ..helpers import text

FILE = b"code,period,value\nSAT1,2024-09,110\n"


@pytest.fixture
def catalogue(db):
    MeasureFactory(code="SAT1", unit=Measure.Unit.COUNT, multiplier=1, decimal_places=0)


def received() -> Upload:
    return services.receive(FILE, "sep.csv", queue_check=False)


def ready() -> Upload:
    upload = services.check(received().pk)
    assert upload.state == Upload.State.READY
    return upload


@pytest.mark.parametrize(
    "error, message",
    [
        (RuntimeError("boom"), "Checking the file failed because of an error in the system (it has been logged)."),
        (SoftTimeLimitExceeded(), "Checking the file took longer than the 10 minutes allowed, so it was stopped."),
        (MemoryError(), "Checking the file needed more memory than a file is allowed, so it was stopped."),
    ],
)
def test_a_check_that_fails_ends_the_upload_saying_why(catalogue, monkeypatch, error, message):
    def fail(*args, **kwargs):
        raise error

    monkeypatch.setattr(file_kinds, "check_extract", fail)
    upload = services.check(received().pk)
    assert (upload.state, upload.message) == (Upload.State.FAILED, f"{message} Nothing was imported.")


@pytest.mark.parametrize("error", [DataError("value out of range"), RuntimeError("boom")])
def test_an_import_that_fails_ends_the_upload_with_nothing_imported(catalogue, monkeypatch, error):
    upload = ready()
    services.confirm(upload, None, queue_commit=False)

    real = revisions.insert_figures

    def fail(revision, rows):
        real(revision, rows)  # the figures are written, then the database refuses something
        assert DataPoint.objects.exists()
        raise error

    monkeypatch.setattr(revisions, "insert_figures", fail)
    upload = services.commit(upload.pk)
    assert upload.state == Upload.State.FAILED
    assert upload.message == (
        "Importing the figures failed because of an error in the system (it has been logged). Nothing was imported."
    )
    assert not DataPoint.objects.exists() and upload.revision is None


def test_a_step_started_too_often_fails_instead_of_coming_round_for_ever(catalogue, settings):
    upload = received()
    Upload.objects.filter(pk=upload.pk).update(attempts=settings.UPLOAD_MAX_ATTEMPTS)  # killed that many times
    upload = services.check(upload.pk)
    assert upload.state == Upload.State.FAILED
    assert upload.message.startswith("This file could not be checked: the check was started 3 times and stopped each")
    assert tasks.check_upload.apply(args=[upload.pk]).get() == "failed"  # a late delivery changes nothing


def test_the_count_starts_again_for_the_import(catalogue):
    upload = ready()
    assert upload.attempts == 1
    upload = services.confirm(upload, None, queue_commit=False)
    assert upload.attempts == 0
    assert services.commit(upload.pk).attempts == 1


@pytest.mark.parametrize("state", [Upload.State.RECEIVED, Upload.State.READY, Upload.State.COMMITTING])
def test_any_upload_not_yet_imported_can_be_stopped(catalogue, state):
    upload = ready() if state != Upload.State.RECEIVED else received()
    if state == Upload.State.COMMITTING:
        services.confirm(upload, None, queue_commit=False)
    upload = services.cancel(Upload.objects.get(pk=upload.pk))
    assert upload.state == Upload.State.CANCELLED
    assert services.commit(upload.pk).state == Upload.State.CANCELLED  # the queued import does nothing
    assert not DataPoint.objects.exists()


def test_an_upload_stopped_while_it_is_checked_stays_stopped(catalogue, monkeypatch):
    upload = received()
    real = file_kinds.ExtractFile.check

    def check_then_find_it_stopped(self, upload, data):
        real(self, upload, data)
        services.cancel(Upload.objects.get(pk=upload.pk))  # the officer stops it meanwhile

    monkeypatch.setattr(file_kinds.ExtractFile, "check", check_then_find_it_stopped)
    assert services.check(upload.pk).state == Upload.State.CANCELLED


def test_an_imported_upload_cannot_be_stopped(catalogue):
    upload = ready()
    services.confirm(upload, None, queue_commit=False)
    upload = services.commit(upload.pk)
    with pytest.raises(services.UploadError, match="This upload is imported, so it cannot be cancelled"):
        services.cancel(upload)


def test_the_sweeper_sends_a_stopped_upload_on_once_then_fails_it(
    catalogue, settings, django_capture_on_commit_callbacks
):
    upload = received()
    long_ago = timezone.now() - dt.timedelta(minutes=settings.UPLOAD_STUCK_MINUTES + 1)
    Upload.objects.filter(pk=upload.pk).update(state=Upload.State.CHECKING, attempts=1, state_changed_at=long_ago)
    with django_capture_on_commit_callbacks(execute=True):
        swept = services.sweep()
    assert swept.requeued == [upload.pk] and swept.failed == []
    assert Upload.objects.get(pk=upload.pk).state == Upload.State.READY  # tasks run in process here: it finished

    Upload.objects.filter(pk=upload.pk).update(
        state=Upload.State.CHECKING, attempts=settings.UPLOAD_MAX_ATTEMPTS, state_changed_at=long_ago
    )
    swept = services.sweep()
    assert swept.failed == [upload.pk]
    upload.refresh_from_db()
    assert upload.state == Upload.State.FAILED and "started 3 times" in upload.message
    assert services.sweep().failed == []  # nothing stays to sweep


def test_the_sweeper_leaves_uploads_that_are_still_moving(catalogue):
    upload = received()
    Upload.objects.filter(pk=upload.pk).update(state=Upload.State.CHECKING, state_changed_at=timezone.now())
    assert services.sweep().requeued == [] and Upload.objects.get(pk=upload.pk).state == Upload.State.CHECKING


def test_a_worker_that_cannot_be_reached_is_said_so_at_once(
    catalogue, signed_in, monkeypatch, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from kombu.exceptions import OperationalError

    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to redis:6379. Connection refused.")

    monkeypatch.setattr(tasks.check_upload, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post("/imports/", {"file": SimpleUploadedFile("sep.csv", FILE), "kind": "extract"})
    upload = Upload.objects.get()
    assert upload.state == Upload.State.FAILED
    assert upload.message.startswith("The background worker that checks files could not be reached")
    page = text(signed_in.get(response["Location"]))
    assert "Could not be finished" in page and "could not be reached" in page


def test_the_uploads_page_lists_every_upload_with_its_state(catalogue, signed_in):
    ready()
    stopped = services.cancel(received())
    page = text(signed_in.get("/imports/all/"))
    assert "Uploads, newest first (2)" in page and "Cancelled" in page and "Checked: ready to confirm" in page
    page = text(signed_in.get("/imports/all/?state=cancelled"))
    assert "Uploads, newest first (1)" in page and stopped.message in page
    assert "There is no page" in text(signed_in.get("/imports/all/?page=9", follow=True))


def test_a_long_file_name_is_kept_and_stored_safely(catalogue):
    name = "monthly figures " * 20 + ".csv"
    upload = services.check(services.receive(FILE, name, queue_check=False).pk)
    assert upload.state == Upload.State.READY and upload.file_name == name[-255:]
    assert upload.file.name.endswith(".csv") and len(upload.file.name) <= 300


def test_the_sweep_command_and_task(catalogue, capsys):
    from django.core.management import call_command

    call_command("sweep_uploads")
    assert capsys.readouterr().out.strip() == "0 upload(s) sent on again, 0 stopped as failed"
    assert tasks.sweep_uploads.apply().get() == "0 upload(s) sent on again, 0 stopped as failed"


SEND_WITH_REDIS_DOWN = """
import os, time
os.environ["REDIS_URL"] = "redis://127.0.0.1:1/0"  # nothing listens on port 1
os.environ["DATABASE_URL"] = "sqlite:///:memory:"
import django
django.setup()
from imports import tasks
started = time.monotonic()
try:
    tasks.check_upload.delay(1)
except Exception as error:
    print(type(error).__name__)
print(round(time.monotonic() - started, 2))
"""


def test_sending_a_step_with_redis_down_fails_within_seconds():
    """The deployment guide promises uploads are refused at once when the broker is down: the real Celery
    app, sending to a Redis that is not there, gives up in seconds (it took 19 s, retrying the result
    store 20 times)."""
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", SEND_WITH_REDIS_DOWN], capture_output=True, text=True, timeout=60, check=True
    )
    failed, seconds = done.stdout.split()[-2:]
    assert failed == "OperationalError" and float(seconds) < 3, done.stdout + done.stderr[-2000:]
