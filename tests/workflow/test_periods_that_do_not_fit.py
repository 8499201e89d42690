"""A period that does not fit is refused from every way in, saying what the scorecard's periods are and
how to write one: never published, uploaded or typed in quietly."""

import pytest
from django.core.management import CommandError, call_command

from imports import services as imports
from imports.models import Upload
from indicators import periods
from indicators.models import Scorecard, ScorecardPeriod, StoredPeriod
from workflow import services

from ..helpers import EXTRACT_HEADER


def test_a_month_for_a_quarterly_scorecard_is_refused_with_how_to_write_a_quarter(demo):
    with pytest.raises(CommandError) as refused:
        call_command("publish_period", "quarterly-performance", "2020-09", "--confirm-missing")
    title = Scorecard.objects.get(slug="quarterly-performance").title
    assert str(refused.value) == f"Period: {title} is quarterly: write a quarter, such as 2020/21 Q2."
    assert not ScorecardPeriod.objects.filter(scorecard__slug="quarterly-performance", period__code="2020-09").exists()


def test_the_service_refuses_a_period_of_the_wrong_kind_from_every_way_in(demo):
    scorecard = Scorecard.objects.get(slug="quarterly-performance")
    month = StoredPeriod.for_value(periods.parse_period("2020-09"))
    with pytest.raises(services.WorkflowError, match=r"is quarterly: write a quarter, such as 2020/21 Q2"):
        services.publish(None, scorecard, month, confirm_missing=True, check_permission=False)


def test_a_month_with_no_figures_is_never_published(demo):
    refused = imports.take_file(
        (EXTRACT_HEADER + "NOPE,2017-06,,,1,\n").encode(),
        "june.csv",
        reporting_period=periods.parse_period("2017-06"),
    )
    assert refused.state == Upload.State.REFUSED and StoredPeriod.objects.filter(code="2017-06").exists()
    with pytest.raises(CommandError) as refusal:
        call_command("publish_period", "monthly-asc-dashboard", "2017-06", "--confirm-missing")
    assert "has no figures for June 2017, so there is nothing to publish: upload its figures first" in str(
        refusal.value
    )
    assert not ScorecardPeriod.objects.filter(period__code="2017-06", published_at__isnull=False).exists()


def test_an_upload_for_a_month_that_has_not_started_is_refused(demo):
    upload = imports.take_file(
        (EXTRACT_HEADER + "SAT1,2024-09,,,110,\n").encode(),
        "late.csv",
        reporting_period=periods.parse_period("2099-12"),
    )
    assert upload.state == Upload.State.REFUSED
    assert upload.message.startswith("The scorecard month: December 2099 has not started yet (this month is ")


def test_the_upload_page_refuses_it_at_the_field(demo, signed_in):
    from django.core.files.uploadedfile import SimpleUploadedFile

    count = Upload.objects.count()
    page = signed_in.post(
        "/imports/",
        {
            "file": SimpleUploadedFile("late.csv", (EXTRACT_HEADER + "SAT1,2024-09,,,110,\n").encode()),
            "reporting_period": "2099-12",
        },
    ).content.decode()
    assert "December 2099 has not started yet" in page and Upload.objects.count() == count
