"""Commentary reminders: one e-mail per person per month per day."""

import datetime as dt
import io
import threading

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection

from accounts import roles
from indicators.models import Measure, ScorecardPeriod
from workflow import reminders
from workflow import services as workflow
from workflow.models import CommentaryReminder
from workflow.tasks import send_commentary_reminders

from ..helpers import WORDS, month, person

TODAY = dt.date(2024, 10, 1)


@pytest.fixture
def owners(demo):
    first = person("first-owner", roles.MANAGER)
    second = person("second-owner", roles.MANAGER)
    answerer = person("answerer", roles.MANAGER)
    Measure.objects.filter(code__in=["2C", "2B"]).update(owner_user=first)
    Measure.objects.filter(code="2A").update(owner_user=second)
    Measure.objects.filter(code="EC1").update(responsible_user=answerer)  # no owner: the officer is reminded
    cycle = ScorecardPeriod.objects.get(scorecard__slug="monthly-asc-dashboard", period__code="2024-09")
    cycle.commentary_deadline = dt.date(2024, 10, 4)
    cycle.save()
    return first, second, answerer


def test_a_run_twice_in_one_day_sends_each_missing_owner_one_email(owners):
    first, second, answerer = owners
    workflow.save(second, Measure.objects.get(code="2A"), month("2024-09"), WORDS, submit=True)  # not missing
    outcome = reminders.send_commentary_reminders(TODAY)
    assert outcome.sent == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["answerer@council.example", "first-owner@council.example"]
    message = next(m for m in mail.outbox if m.to == ["first-owner@council.example"])
    assert message.subject == "Commentary due for September 2024: 2 measure(s)"
    assert "2B " in message.body and "2C " in message.body and "due Friday 04 October 2024" in message.body
    assert "/commentary/2C/2024-09/" in message.body

    again = reminders.send_commentary_reminders(TODAY)
    assert (again.sent, again.already_sent, len(mail.outbox)) == (0, 2, 2)
    # the next day they are reminded again
    assert reminders.send_commentary_reminders(TODAY + dt.timedelta(days=1)).sent == 2


def test_no_reminders_outside_the_window_or_once_published(owners):
    assert reminders.send_commentary_reminders(dt.date(2024, 9, 20)).sent == 0  # deadline 14 days off
    assert reminders.send_commentary_reminders(dt.date(2024, 10, 5)).sent == 0  # deadline passed
    ScorecardPeriod.objects.filter(period__code="2024-09").update(published_at=dt.datetime(2024, 10, 2, tzinfo=dt.UTC))
    assert reminders.send_commentary_reminders(TODAY).sent == 0
    assert mail.outbox == []


def test_sent_back_commentary_counts_as_missing_and_approved_does_not(owners):
    first, _, _ = owners
    officer = person("officer-r", roles.PERFORMANCE_OFFICER)
    note = workflow.save(first, Measure.objects.get(code="2C"), month("2024-09"), WORDS, submit=True)
    workflow.send_back(officer, note, "Add the target.")
    note = workflow.save(first, Measure.objects.get(code="2B"), month("2024-09"), WORDS, submit=True)
    workflow.approve(officer, note)
    reminders.send_commentary_reminders(TODAY)
    message = next(m for m in mail.outbox if m.to == ["first-owner@council.example"])
    assert "2C " in message.body and "2B " not in message.body


def test_an_owner_without_an_email_address_is_reported_not_skipped_silently(owners):
    first, _, _ = owners
    first.email = ""
    first.save()
    outcome = reminders.send_commentary_reminders(TODAY)
    assert "no e-mail address for first-owner" in outcome.describe()


def test_the_task_and_the_command_take_the_same_path(owners, settings):
    out = io.StringIO()
    call_command("send_reminders", "--date", "2024-10-01", stdout=out)
    assert "3 reminder(s) sent" in out.getvalue()
    assert send_commentary_reminders.name == "workflow.send_commentary_reminders"
    assert "commentary-reminders" in settings.CELERY_BEAT_SCHEDULE
    with pytest.raises(Exception, match="is not a date"):
        call_command("send_reminders", "--date", "1 Oct", stdout=io.StringIO())


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_still_send_one_email_each(demo):
    """On PostgreSQL two overlapping runs race for the same (person, month, day) row; one wins."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL) for two connections at once")
    owner = person("racer", roles.MANAGER)
    Measure.objects.filter(code="2C").update(owner_user=owner)
    ScorecardPeriod.objects.filter(scorecard__slug="monthly-asc-dashboard", period__code="2024-09").update(
        commentary_deadline=dt.date(2024, 10, 4)
    )
    results = []

    def run():
        try:
            results.append(reminders.send_commentary_reminders(TODAY).sent)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(results) == 1
    assert CommentaryReminder.objects.filter(user=owner).count() == 1
