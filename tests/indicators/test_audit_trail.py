"""Every change to the catalogue and to people on the record: who, when, each field's old and new value."""

import pytest
from django.contrib.auth.models import Group

from accounts import roles
from indicators.definitions import load_definitions
from indicators.models import AuditEvent, Measure, Scorecard, ScorecardMeasure, Section

from ..helpers import person


@pytest.fixture
def admin_client(demo, client):
    officer = person("catalogue-officer", roles.PERFORMANCE_OFFICER, is_staff=True)
    client.force_login(officer)
    return client, officer


def measure_form(measure, **changed):
    data = {
        "code": measure.code,
        "title": measure.title,
        "short_title": measure.short_title,
        "definition": measure.definition,
        "frameworks": [f.pk for f in measure.frameworks.all()],
        "unit": measure.unit,
        "unit_label": measure.unit_label,
        "multiplier": measure.multiplier,
        "decimal_places": measure.decimal_places,
        "polarity": measure.polarity,
        "frequency": measure.frequency,
        "accumulation": measure.accumulation,
        "owner": measure.owner,
        "responsible_officer": measure.responsible_officer,
        "source": measure.source,
        "faq": measure.faq,
        "people_noun": measure.people_noun,
    }
    for prefix in ("targets", "benchmarks"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    return {**data, **changed}


def test_an_admin_edit_is_recorded_with_each_fields_old_and_new_value(admin_client):
    client, officer = admin_client
    measure = Measure.objects.get(code="CS09")
    response = client.post(
        f"/admin/indicators/measure/{measure.pk}/change/", measure_form(measure, polarity="lower", decimal_places=2)
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    event = AuditEvent.objects.filter(action=AuditEvent.Action.CATALOGUE, measure="CS09").latest("at")
    assert event.user == officer
    assert {"field": "polarity", "old": "higher", "new": "lower"} in event.details["changes"]
    assert {"field": "decimal_places", "old": "0", "new": "2"} in event.details["changes"]
    assert "polarity higher \u2192 lower" in event.summary
    page = client.get("/scorecards/cabinet-scorecard/2020-09/measures/CS09/").content.decode()
    assert "Changes to this measure on the record" in page and "polarity higher \u2192 lower" in page


def test_scorecards_sections_and_membership_changes_are_recorded(demo):
    scorecard = Scorecard.objects.get(slug="cabinet-scorecard")
    scorecard.title = "Cabinet scorecard (renamed)"
    scorecard.save()
    entry = ScorecardMeasure.objects.filter(scorecard=scorecard).first()
    entry.section = Section.objects.filter(scorecard=scorecard).exclude(pk=entry.section_id).first()
    entry.save()
    summaries = list(AuditEvent.objects.filter(scorecard="cabinet-scorecard").values_list("summary", flat=True))
    assert any("title Adult Social Care Cabinet Scorecard \u2192 Cabinet scorecard (renamed)" in s for s in summaries)
    assert any(s.startswith(f"{entry.measure.code} on Cabinet scorecard (renamed) changed: section") for s in summaries)


def test_a_change_of_role_is_recorded(db):
    roles.ensure_roles()
    user = person("role-change", roles.MANAGER)
    user.groups.add(Group.objects.get(name=roles.PERFORMANCE_OFFICER))
    event = AuditEvent.objects.filter(action=AuditEvent.Action.PEOPLE).latest("at")
    assert event.summary.startswith("User role-change changed: groups")
    assert roles.PERFORMANCE_OFFICER in event.details["changes"][0]["new"]


def test_a_definitions_load_is_one_event_listing_its_changes_and_history_is_kept(db):
    load_definitions("measures:\n  - {code: X1, title: First}\n")
    before = AuditEvent.objects.count()
    load_definitions("measures:\n  - {code: X1, title: Second}\n", source="x.yaml")
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.latest("at")
    assert event.action == "definitions" and event.details["changes"][0]["new"] == "Second"
    assert [h.title for h in Measure.objects.get(code="X1").history.order_by("history_date")] == ["First", "Second"]
