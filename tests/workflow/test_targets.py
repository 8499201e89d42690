"""Changing a target from its own page: only the chosen rule's fields, a reason and the year it applies
from, and the draft months whose status would move, shown before anything is saved."""

import pytest

from indicators.models import AuditEvent, Target

from ..helpers import text

CHANGE = "/targets/2C/2024/tolerance/"
TIGHT = {"target": "9999", "tolerance": "", "tolerance_type": "absolute", "label": "", "reason": "Agreed at Cabinet"}


@pytest.mark.parametrize(
    "rule, asked, not_asked",
    [
        ("tolerance", ["target", "tolerance", "tolerance_type"], ["minimum", "stretch", "band_low"]),
        ("min_stretch", ["minimum", "stretch"], ["target", "tolerance", "band_low"]),
        ("band", ["band_low", "band_high", "tolerance"], ["target", "minimum"]),
        ("direction", [], ["target", "minimum", "band_low", "tolerance"]),
    ],
)
def test_only_the_chosen_rules_fields_are_asked(demo, signed_in, rule, asked, not_asked):
    page = signed_in.get(f"/targets/2C/2024/{rule}/").content.decode()
    assert 'name="reason"' in page
    assert all(f'name="{name}"' in page for name in asked)
    assert not any(f'name="{name}"' in page for name in not_asked)


def test_the_rule_step_lists_the_targets_held_and_leads_to_the_rules_fields(demo, signed_in):
    page = text(signed_in.get("/targets/2C/"))
    assert "2024/25" in page and "Minimum 315" in page
    response = signed_in.get("/targets/2C/", {"year": "2024", "rule": "band"})
    assert response.status_code == 302 and response["Location"] == "/targets/2C/2024/band/"
    wrong = signed_in.get("/targets/2C/", {"year": "1990", "rule": "band"})
    assert wrong.status_code == 400 and "Applies from: Choose a year in the list" in text(wrong)


def test_the_check_shows_which_draft_months_would_change_status_and_saves_nothing(demo, signed_in):
    before = Target.objects.get(measure__code="2C", financial_year=2024)
    page = text(signed_in.post(CHANGE, TIGHT))
    assert "Check the target of 2C from 2024/25" in page
    assert "Draft months whose status would change" in page
    assert "Monthly Adult Social Care dashboard September 2024" in page
    assert Target.objects.get(pk=before.pk).rule == "min_stretch"  # nothing kept yet


def test_saving_keeps_the_target_with_its_reason_and_old_and_new_values_in_the_audit_log(demo, signed_in):
    checked = signed_in.post(CHANGE, TIGHT).context["checked"]
    response = signed_in.post(CHANGE, {**TIGHT, "confirm": "yes", "checked": checked})
    assert response.status_code == 302 and response["Location"] == "/targets/2C/"
    target = Target.objects.get(measure__code="2C", financial_year=2024)
    assert (target.rule, target.target, target.minimum) == ("tolerance", 9999, None)
    event = AuditEvent.objects.filter(action=AuditEvent.Action.TARGET).latest("at")
    assert "rule min_stretch \u2192 tolerance" in event.summary and "Reason: Agreed at Cabinet" in event.summary
    assert event.details["reason"] == "Agreed at Cabinet"
    assert "The target of 2C from 2024/25 is now" in text(signed_in.get("/targets/2C/"))


def test_figures_edited_on_the_check_page_are_checked_again_before_they_are_saved(demo, signed_in):
    checked = signed_in.post(CHANGE, TIGHT).context["checked"]
    again = signed_in.post(CHANGE, {**TIGHT, "target": "2", "confirm": "yes", "checked": checked})
    assert again.status_code == 200 and "Check the target" in text(again)
    assert Target.objects.get(measure__code="2C", financial_year=2024).rule == "min_stretch"


def test_a_year_without_a_target_gets_its_own_and_earlier_years_keep_theirs(demo, signed_in):
    checked = signed_in.post("/targets/2C/2025/tolerance/", TIGHT).context["checked"]
    signed_in.post("/targets/2C/2025/tolerance/", {**TIGHT, "confirm": "yes", "checked": checked})
    years = dict(Target.objects.filter(measure__code="2C").values_list("financial_year", "rule"))
    assert years == {2024: "min_stretch", 2025: "tolerance"}


def test_a_form_with_problems_follows_the_error_pattern_and_changes_nothing(demo, signed_in):
    response = signed_in.post(CHANGE, {**TIGHT, "target": "lots", "reason": ""})
    page = response.content.decode()
    assert response.status_code == 400 and "<title>Error: " in page
    assert 'href="#id_target">Target: Enter the target as a number, like 75 or 23.5' in page
    assert 'href="#id_reason">Why the target changes: Say why the target changes' in page
    assert Target.objects.get(measure__code="2C", financial_year=2024).rule == "min_stretch"


def test_a_rule_or_year_in_the_address_that_cannot_be_is_not_found(demo, signed_in):
    assert signed_in.get("/targets/2C/2024/stretchy/").status_code == 404
    assert signed_in.get("/targets/2C/1990/tolerance/").status_code == 404
    assert signed_in.get("/targets/NOPE/").status_code == 404
