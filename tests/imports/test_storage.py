"""Uploads kept in S3-compatible object storage, as a council running web servers and workers on several
hosts would (docs/deployment.md): the file the web server received is the one the worker reads, the
staged figures go the same way, and the health page checks the bucket. moto stands in for S3."""

import io
from decimal import Decimal as D

import pytest
from openpyxl import Workbook

from imports import services
from imports.models import Upload
from indicators.models import DataPoint, Measure

from ..factories import MeasureFactory

boto3 = pytest.importorskip("boto3")
moto = pytest.importorskip("moto")
pytest.importorskip("storages")

BUCKET = "council-scorecards"


@pytest.fixture
def bucket(settings):
    with moto.mock_aws():
        boto3.client("s3", region_name="eu-west-2").create_bucket(
            Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-2"}
        )
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {
                "BACKEND": "storages.backends.s3.S3Storage",
                "OPTIONS": {
                    "bucket_name": BUCKET,
                    "region_name": "eu-west-2",
                    "location": "scorecards",
                    "default_acl": "private",
                    "file_overwrite": False,
                },
            },
        }
        yield boto3.client("s3", region_name="eu-west-2")


def keys(s3) -> list[str]:
    return sorted(item["Key"] for item in s3.list_objects_v2(Bucket=BUCKET).get("Contents", []))


def workbook() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["code", "period", "value"])
    sheet.append(["SAT1", "2024-09", 110])
    sheet.append(["PCT1", "2024-09", 0.625])
    sheet["C3"].number_format = "0.0%"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.django_db
def test_an_upload_goes_from_the_bucket_to_the_figures(bucket, admin_user):
    MeasureFactory(code="SAT1", unit=Measure.Unit.COUNT, multiplier=1, decimal_places=0)
    MeasureFactory(code="PCT1", unit=Measure.Unit.PERCENTAGE, multiplier=100, decimal_places=1)

    upload = services.receive(workbook(), "September return.xlsx", queue_check=False)
    assert keys(bucket) == [f"scorecards/{upload.file.name}"]  # nothing on the web server's own disk

    upload = services.check(upload.pk)
    assert upload.state == Upload.State.READY, upload.message
    assert f"scorecards/{upload.staged.name}" in keys(bucket)  # the checked figures, for a fast import

    services.confirm(upload, admin_user, queue_commit=False)
    upload = services.commit(upload.pk)
    assert upload.state == Upload.State.COMMITTED, upload.message
    values = dict(DataPoint.objects.values_list("measure__code", "value"))
    assert values == {"SAT1": D("110"), "PCT1": D("62.5")}


@pytest.mark.django_db
def test_the_health_page_checks_the_bucket(bucket, client, settings):
    settings.REDIS_URL = ""  # tasks in process: only the database, the cache and the bucket to check
    response = client.get("/health/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200, response.content
    assert [answer for name, answer in response.json().items() if name.startswith("Storage")] == ["OK"]
    assert keys(bucket) == []  # the check's own file is cleaned up
