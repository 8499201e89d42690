"""Typing one figure: checked, previewed and confirmed as an upload is, and kept as a revision."""

import pytest

from imports.models import Upload
from indicators.models import DataPoint

from ..helpers import text


def test_a_typed_figure_is_checked_previewed_and_kept_as_a_revision(demo, signed_in, post):
    before = DataPoint.objects.filter(measure__code="SAT1", period__code="2024-09").latest("revision_id")
    response = post(
        signed_in,
        "/imports/one-figure/",
        {"measure": "SAT1", "period": "2024-09", "value": "112", "note": "Two late concerns added"},
    )
    upload = Upload.objects.latest("created_at")
    assert response["Location"] == f"/imports/{upload.pk}/"
    assert upload.source == Upload.Source.TYPED and upload.reporting_period.code == "2024-09"
    page = text(signed_in.get(response["Location"]))
    assert "110" in page and "112" in page  # the preview: held now, and the typed figure
    assert "The figure you typed: SAT1, September 2024" in page and "typed-SAT1" not in page.split("About this")[0]
    assert "The figure you typed is a change to the figure held for September 2024's scorecard" in page
    assert DataPoint.objects.filter(measure__code="SAT1", period__code="2024-09").latest("revision_id") == before
    post(signed_in, f"/imports/{upload.pk}/confirm/")
    latest = DataPoint.objects.filter(measure__code="SAT1", period__code="2024-09").latest("revision_id")
    assert latest.value == 112 and latest.revision_id != before.revision_id
    assert DataPoint.objects.filter(pk=before.pk).exists()  # the earlier revision stays


def test_a_reason_for_no_figure_is_kept_as_the_reason(demo, signed_in, post):
    post(
        signed_in,
        "/imports/one-figure/",
        {
            "measure": "SAT1",
            "period": "2024-10",
            "reporting_period": "2024-10",
            "reason": "System outage: figures follow next month",
        },
    )
    upload = Upload.objects.latest("created_at")
    assert upload.state == Upload.State.READY, upload.message
    assert "System outage" in text(signed_in.get(f"/imports/{upload.pk}/"))


@pytest.mark.parametrize(
    "fields, problem",
    [
        ({"measure": "SAT1", "period": "2024-09"}, "Give the numerator and denominator, or the value, or the reason"),
        ({"measure": "SAT1", "period": "2024-09", "value": "3", "reason": "x"}, "Give one of these only"),
        ({"measure": "2E", "period": "2024-09", "numerator": "3"}, "Give both."),
        ({"measure": "NOPE", "period": "2024-09", "value": "3"}, "Choose a measure in the list"),
        ({"measure": "SAT1", "period": "2024-09", "numerator": "3", "denominator": "4"}, "SAT1 is a count"),
        ({"measure": "SAT1", "period": "Septober", "value": "3"}, "Period the figure is for"),
        (
            {"measure": "SAT1", "period": "2030-01", "value": "3"},
            "January 2030 has not started yet (this month is",
        ),
        (
            {"measure": "SAT1", "period": "2024-09", "reporting_period": "2099-12", "value": "3"},
            "December 2099 has not started yet",
        ),
    ],
)
def test_a_form_that_cannot_be_checked_says_what_to_fix_and_keeps_nothing(demo, signed_in, post, fields, problem):
    count = Upload.objects.count()
    page = text(post(signed_in, "/imports/one-figure/", fields))
    assert "There is a problem" in page and problem in page
    assert Upload.objects.count() == count


def test_a_figure_the_checks_refuse_is_refused_with_the_field_named(demo, signed_in, post):
    post(
        signed_in,
        "/imports/one-figure/",
        {"measure": "2E", "period": "2024-09", "numerator": "900", "denominator": "45"},
    )
    upload = Upload.objects.latest("created_at")
    assert upload.state == Upload.State.REFUSED
    assert "numerator" in text(signed_in.get(f"/imports/{upload.pk}/")).lower()


def test_only_those_who_upload_can_type_a_figure(people, client):
    client.force_login(people["manager"])
    assert client.get("/imports/one-figure/").status_code == 403


def test_the_measure_is_chosen_first_from_a_list_grouped_by_scorecard(demo, signed_in):
    html = signed_in.get("/imports/one-figure/").content.decode()
    assert '<optgroup label="Monthly Adult Social Care dashboard">' in html
    assert '<option value="SAT1">SAT1: ' in html and 'name="period"' not in html  # one thing at a time
    wrong = signed_in.get("/imports/one-figure/", {"measure": "NOPE"})
    assert wrong.status_code == 400 and "Measure: Choose a measure in the list" in text(wrong)


@pytest.mark.parametrize(
    "code, parts",
    [("SAT1", False), ("2E", True)],  # a count has no numerator or denominator; a percentage has both
)
def test_the_figure_form_offers_a_numerator_and_denominator_only_where_the_measure_has_them(
    demo, signed_in, code, parts
):
    html = signed_in.get("/imports/one-figure/", {"measure": code}).content.decode()
    assert f'<input type="hidden" name="measure" value="{code}">' in html and 'name="period"' in html
    assert ('name="numerator"' in html) is parts and ('name="denominator"' in html) is parts
    assert ("The figure" in text(signed_in.get("/imports/one-figure/", {"measure": code}))) is (not parts)


def test_the_preview_shows_each_figure_beside_the_period_before(demo, signed_in, post):
    """The typed September figure is shown beside August's as held (one query, however many figures)."""
    from indicators.formatting import format_value

    august = DataPoint.objects.filter(measure__code="SAT1", period__code="2024-08").latest("revision_id")
    post(signed_in, "/imports/one-figure/", {"measure": "SAT1", "period": "2024-09", "value": "112"})
    upload = Upload.objects.latest("created_at")
    expected = format_value(august.value, august.measure.unit, august.measure.decimal_places)
    assert [c["last"] for c in upload.preview] == [expected]
    page = text(signed_in.get(f"/imports/{upload.pk}/"))
    assert "Period before" in page and f"September 2024 {expected} 110 112" in page


def test_a_typed_correction_is_in_the_audit_log_naming_the_figure_it_revised(demo, signed_in, post):
    from indicators.models import AuditEvent

    post(signed_in, "/imports/one-figure/", {"measure": "SAT1", "period": "2024-09", "value": "112"})
    upload = Upload.objects.latest("created_at")
    post(signed_in, f"/imports/{upload.pk}/confirm/")
    event = AuditEvent.objects.filter(action=AuditEvent.Action.UPLOAD).latest("at")
    assert "Revised: SAT1 September 2024 110 → 112." in event.summary
    assert event.details["revised"] == [{"code": "SAT1", "period": "2024-09", "old": "110", "new": "112"}]
    assert "Revised: SAT1 September 2024 110 → 112." in text(signed_in.get("/audit/", {"action": "upload"}))
