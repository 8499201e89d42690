"""Fixtures shared by this package's tests."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from imports import services
from imports.models import Upload
from indicators.models import Measure
from indicators.periods import Period

from ..factories import MeasureFactory
from ..helpers import MONTHLY_DASHBOARD


@pytest.fixture
def july_and_august(db):
    """The catalogue with July and August loaded, September not yet."""
    services.take_path(MONTHLY_DASHBOARD / "definitions.yaml", kind=Upload.Kind.DEFINITIONS)
    for month in ("2024-07", "2024-08"):
        services.take_path(
            MONTHLY_DASHBOARD / f"extract-{month}.csv", reporting_period=Period.month(*map(int, month.split("-")))
        )


@pytest.fixture
def post(django_capture_on_commit_callbacks):
    """POST as the browser does, then run what was queued for after the commit (the Celery tasks)."""

    def send(client, url, data=None):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data or {})

    return send


@pytest.fixture
def upload(post):
    def send(client, data: bytes, name: str, **fields):
        fields.setdefault("kind", "extract")
        return post(client, "/imports/", {"file": SimpleUploadedFile(name, data), **fields})

    return send


@pytest.fixture
def catalogue(db):
    MeasureFactory(code="3D part 2a", decimal_places=2)
    MeasureFactory(code="SAT1", unit=Measure.Unit.COUNT, multiplier=1, decimal_places=0, polarity="none")
    MeasureFactory(code="CS02", frequency=Measure.Frequency.QUARTERLY)
