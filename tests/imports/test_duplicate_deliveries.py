"""A broker that hands one step out several times at once (Redis after a visibility timeout): one delivery
runs the step and the others stand back, so the duplicates never count as failed starts."""

import threading
import time

import pytest
from django.db import close_old_connections, connection

from imports import file_kinds, services
from imports.models import Upload
from indicators.models import DataPoint

from ..factories import MeasureFactory
from ..helpers import EXTRACT_HEADER

DELIVERIES = 5  # more than UPLOAD_MAX_ATTEMPTS: counted as starts, they would fail the upload


def at_once(step, upload_id: int) -> list[Upload]:
    results, errors = [], []
    gate = threading.Barrier(DELIVERIES)

    def deliver():
        try:
            gate.wait()
            results.append(step(upload_id))
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=deliver) for _ in range(DELIVERIES)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors
    return results


def slowed(monkeypatch, name: str):
    real = getattr(file_kinds.ExtractFile, name)

    def slow(self, upload, data):
        time.sleep(0.5)  # long enough for every other delivery to arrive while it runs
        return real(self, upload, data)

    monkeypatch.setattr(file_kinds.ExtractFile, name, slow)


@pytest.fixture
def received(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent deliveries need PostgreSQL (without it, steps run in process, one at a time)")
    MeasureFactory(code="SAT1", unit="count", multiplier=1, decimal_places=0)
    rows = "".join(f"SAT1,{year}-{month:02d},,,{month},\n" for year in (2022, 2023) for month in range(1, 13))
    return services.receive((EXTRACT_HEADER + rows).encode(), "extract.csv", queue_check=False)


@pytest.mark.services
def test_a_check_delivered_five_times_at_once_runs_once_and_counts_once(received, monkeypatch):
    slowed(monkeypatch, "check")
    at_once(services.check, received.pk)
    upload = Upload.objects.get(pk=received.pk)
    assert (upload.state, upload.attempts) == (Upload.State.READY, 1), upload.message


@pytest.mark.services
def test_a_commit_delivered_five_times_at_once_imports_once(received, monkeypatch):
    services.check(received.pk)
    services.confirm(Upload.objects.get(pk=received.pk), None, queue_commit=False)
    slowed(monkeypatch, "commit")
    at_once(services.commit, received.pk)
    upload = Upload.objects.get(pk=received.pk)
    assert (upload.state, upload.attempts) == (Upload.State.COMMITTED, 1), upload.message
    assert DataPoint.objects.count() == 24


@pytest.mark.services
def test_a_start_that_died_still_counts(received):
    Upload.objects.filter(pk=received.pk).update(state=Upload.State.CHECKING, attempts=1)  # a worker killed
    upload = services.check(received.pk)
    assert (upload.state, upload.attempts) == (Upload.State.READY, 2)
