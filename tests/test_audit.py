"""The audit log: uploads, target and benchmark changes, manual statuses, commentary and publishing are
recorded with who and when; performance officers read and filter them."""

import pytest

from accounts import roles
from imports import services
from indicators.models import AuditEvent, Measure, Scorecard
from workflow import services as workflow

from .test_scorecard_pages import text
from .test_workflow import WORDS, month, person


@pytest.fixture
def officer_client(demo, client):
    officer = person("auditor", roles.PERFORMANCE_OFFICER, is_staff=True)
    client.force_login(officer)
    return client, officer


def test_each_kind_of_change_is_recorded_with_who_did_it(officer_client, django_capture_on_commit_callbacks):
    client, officer = officer_client
    # an upload through the one upload path
    upload = services.receive(b"code,period,value\n2C,2024-09,9.9\n", "sept.csv", user=officer, queue_check=False)
    services.check(upload.pk)
    with django_capture_on_commit_callbacks(execute=True):
        services.confirm(services.Upload.objects.get(pk=upload.pk), officer)
    # a target changed in the catalogue admin
    measure = Measure.objects.get(code="CS03")
    target = measure.targets.get(financial_year=2020)
    response = client.post(
        f"/admin/indicators/target/{target.pk}/change/",
        {
            "measure": measure.pk,
            "financial_year": 2020,
            "rule": "tolerance",
            "target": "80",
            "tolerance_type": "absolute",
            "profile-TOTAL_FORMS": 0,
            "profile-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, text(response)[:500]
    # a status set by judgement in the admin
    client.post(
        "/admin/indicators/statusoverride/add/",
        {"measure": measure.pk, "period": month("2024-09").pk, "status": "AMBER", "reason": "Forecast to recover"},
    )
    # commentary and publishing
    note = workflow.save(officer, Measure.objects.get(code="2C"), month("2024-09"), WORDS, submit=True)
    workflow.approve(officer, note)
    workflow.publish(officer, Scorecard.objects.get(slug="monthly-asc-dashboard"), month("2024-09"), True)

    recorded = {(e.action, e.user.username if e.user else None) for e in AuditEvent.objects.filter(user=officer)}
    assert {a for a, _ in recorded} >= {"upload", "target", "status", "commentary", "publish"}
    upload_event = AuditEvent.objects.get(action="upload", user=officer)  # the demo's own loads are uploads too
    assert "sept.csv" in upload_event.summary and upload_event.period == "2024-09"
    assert AuditEvent.objects.get(action="target").summary == "CS03: target for 2020/21 changed in the catalogue"


def test_the_audit_page_filters_and_says_what_is_wrong(officer_client):
    client, officer = officer_client
    workflow.publish(officer, Scorecard.objects.get(slug="monthly-asc-dashboard"), month("2024-09"), True)
    page = text(client.get("/audit/"))
    assert "Period published" in page and "Definitions loaded" in page
    only = text(client.get("/audit/?action=publish&user=auditor"))
    assert "Monthly Adult Social Care dashboard, September 2024 published with 41 commentary missing" in only
    assert only.count("Period published") >= 1 and "definitions.yaml" not in only
    bad = text(client.get("/audit/?user=nobody&since=2024-10-05&until=2024-10-01"))
    assert "Who (user name): There is no user called 'nobody'." in bad
    assert "To: The end date is before the start date." in bad and "Nothing in the audit log matches." in bad
    assert "There is no page 'x' of the audit log" in text(client.get("/audit/?page=x"))


def test_loaded_definitions_are_recorded(demo):
    assert AuditEvent.objects.filter(action="definitions", summary__startswith="definitions.yaml").count() == 4
