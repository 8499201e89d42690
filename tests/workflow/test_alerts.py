"""Alerts on SPC signals: once per signal, to the owner and the responsible officer, even with two runs."""

import time

import pytest
from django.core import mail

from accounts import roles
from indicators.models import AuditEvent, Measure
from workflow import alerts
from workflow.models import SpcAlert

from ..helpers import person


def test_each_signal_is_emailed_once_to_the_owner_and_responsible_officer(demo, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    owner = person("alert-owner", roles.MANAGER)
    officer = person("alert-officer", roles.PERFORMANCE_OFFICER)
    Measure.objects.filter(code="EX03").update(owner_user=owner, responsible_user=officer)
    Measure.objects.filter(code="EX05").update(owner_user=owner)
    from indicators.models import DataVersion

    DataVersion.bump()
    first = alerts.send_spc_alerts()
    by_code = {(a.measure.code, a.kind) for a in SpcAlert.objects.select_related("measure")}
    assert ("EX03", "concern") in by_code and ("EX05", "fail") in by_code
    concern = next(m for m in mail.outbox if "EX03" in m.subject)
    assert sorted(concern.to) == ["alert-officer@council.example", "alert-owner@council.example"]
    assert "Special cause: concern (higher than expected)." in concern.body
    assert "/scorecards/example-history/" in concern.body and "/measures/EX03/" in concern.body
    sent = len(mail.outbox)
    second = alerts.send_spc_alerts()
    assert len(mail.outbox) == sent and second.sent == 0 and second.already_sent == first.sent
    assert AuditEvent.objects.filter(action=AuditEvent.Action.SIGNAL, measure="EX03").count() == 1


def test_the_signals_page_puts_concern_first(demo, signed_in):
    from ..helpers import text

    page = text(signed_in.get("/scorecards/example-history/2024-03/signals/"))
    assert "Signals across every measure" in page
    first_row = page.split("Last three figures")[1]
    assert first_row.strip().startswith("EX03") and "Jan 24: 48; Feb 24: 51; Mar 24: 54" in first_row


def test_my_measures_lists_the_signals_on_my_measures(demo, client, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    owner = person("signal-owner", roles.MANAGER)
    Measure.objects.filter(code="EX03").update(owner_user=owner)
    alerts.send_spc_alerts()
    client.force_login(owner)
    page = client.get("/my-measures/").content.decode()
    assert "Signals" in page and "Special cause concern" in page and "EX03" in page


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_two_runs_on_a_real_worker_send_one_email_per_signal(real_worker, settings):
    from imports import services as uploads
    from indicators.definitions import load_definitions
    from workflow.tasks import send_spc_alerts

    roles.ensure_roles()
    owner = person("worker-owner", roles.MANAGER)
    load_definitions(
        "measures:\n  - {code: W1, title: Waiting list, unit: count, multiplier: 1, decimal_places: 0, "
        "polarity: lower}\n"
        "scorecards:\n  - {slug: w, title: W, sections: [{title: S, measures: [W1]}]}\n"
    )
    Measure.objects.filter(code="W1").update(owner_user=owner)
    values = [50, 52, 49, 51, 50, 48, 51, 50, 49, 52, 50, 51, 49, 50, 51, 53, 56, 59, 62, 65, 68, 71]
    months = [f"{2022 + (3 + i) // 12}-{(3 + i) % 12 + 1:02d}" for i in range(len(values))]
    rows = "".join(f"W1,{m},,,{v},\n" for m, v in zip(months, values, strict=True))
    uploads.take_file(f"code,period,numerator,denominator,value,note\n{rows}".encode(), "w.csv", kind="extract")
    results = [send_spc_alerts.delay(), send_spc_alerts.delay()]
    deadline = time.time() + 60
    while time.time() < deadline and not all(r.ready() for r in results):
        real_worker.check_running()
        time.sleep(0.2)
    assert all(r.ready() for r in results), "the worker did not run the alerts"
    assert SpcAlert.objects.filter(measure__code="W1", kind="concern").count() == 1
    output = real_worker.stop()
    assert output.count("Subject: W1 Waiting list: special cause concern") == 1
