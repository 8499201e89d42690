"""Every change to the catalogue and to people on the record: each historical record django-simple-history
keeps (measures, scorecards, sections, membership, targets and profiles, benchmarks, users and roles)
is written to the audit log with who, when and each field's old and new value.

A definitions load records its own audit event listing every field it changed (`indicators.definitions`),
so while it runs the history is kept but not written to the log twice (`quietly`).
"""

from __future__ import annotations

import contextlib
import contextvars

from django.dispatch import receiver
from simple_history.signals import post_create_historical_record

from . import periods
from .field_changes import shown
from .models import AuditEvent

_quiet = contextvars.ContextVar("audit_trail_quiet", default=False)
_reason = contextvars.ContextVar("audit_trail_reason", default="")

VERBS = {"+": "added", "~": "changed", "-": "deleted"}
HIDDEN = {"id", "history_id", "history_date", "history_user", "history_type", "history_change_reason"}


@contextlib.contextmanager
def quietly():
    """Keep history without writing each record to the audit log (the caller records the change)."""
    token = _quiet.set(True)
    try:
        yield
    finally:
        _quiet.reset(token)


@contextlib.contextmanager
def because(reason: str):
    """Write `reason` beside each change recorded while it is open (a target changed from its page)."""
    token = _reason.set(reason)
    try:
        yield
    finally:
        _reason.reset(token)


def _value(value) -> str:
    """A field's value as the log writes it (`field_changes.shown`); a many-to-many field's related rows by
    name (each through row names this record, then the related one)."""
    if isinstance(value, list):
        return shown(sorted(str(list(v.values())[-1]) if isinstance(v, dict) else str(v) for v in value))
    return shown(value)


def describe(instance) -> tuple[str, str, str, str]:
    """What a record is called in the log, its audit action, and the measure and scorecard it concerns."""
    name = type(instance).__name__
    if name == "Measure":
        return f"Measure {instance.code}", AuditEvent.Action.CATALOGUE, instance.code, ""
    if name == "Target":
        year = periods.financial_year_label(instance.financial_year)
        return f"{instance.measure.code}: target for {year}", AuditEvent.Action.TARGET, instance.measure.code, ""
    if name == "TargetProfile":
        target = instance.target
        year = periods.financial_year_label(target.financial_year)
        what = f"{target.measure.code}: monthly profile for {year}, month {instance.month}"
        return what, AuditEvent.Action.TARGET, target.measure.code, ""
    if name == "Benchmark":
        year = periods.financial_year_label(instance.financial_year)
        return f"{instance.measure.code}: benchmark for {year}", AuditEvent.Action.BENCHMARK, instance.measure.code, ""
    if name == "Scorecard":
        return f"Scorecard {instance.title}", AuditEvent.Action.CATALOGUE, "", instance.slug
    if name == "Section":
        return f"Section {instance.title}", AuditEvent.Action.CATALOGUE, "", instance.scorecard.slug
    if name == "ScorecardMeasure":
        what = f"{instance.measure.code} on {instance.scorecard.title}"
        return what, AuditEvent.Action.CATALOGUE, instance.measure.code, instance.scorecard.slug
    if name == "SpcMethod":
        return f"{instance.measure.code}: SPC method", AuditEvent.Action.CATALOGUE, instance.measure.code, ""
    if name == "SpcMark":
        what = (
            f"{instance.measure.code}: SPC mark at {instance.period.label} "
            f"({instance.get_kind_display().lower()}: {instance.reason})"
        )
        return what, AuditEvent.Action.CATALOGUE, instance.measure.code, ""
    if name == "User":
        return f"User {instance.username}", AuditEvent.Action.PEOPLE, "", ""
    return str(instance), AuditEvent.Action.CATALOGUE, "", ""


def changes_of(record) -> list[dict]:
    """Each field the record changed against the one before: field, old, new."""
    before = record.prev_record
    if before is None:
        return []
    delta = record.diff_against(before, foreign_keys_are_objs=True)
    return [
        {"field": change.field, "old": _value(change.old), "new": _value(change.new)}
        for change in delta.changes
        if change.field not in HIDDEN
    ]


@receiver(post_create_historical_record)
def record_in_the_audit_log(sender, instance, history_instance, history_user=None, **kwargs):
    if _quiet.get():
        return
    kind = history_instance.history_type
    changes = changes_of(history_instance) if kind == "~" else []
    if kind == "~" and not changes:
        return  # saved with nothing changed (a sign-in, a save of the same values)
    what, action, measure, scorecard = describe(instance)
    summary = f"{what} {VERBS[kind]}"
    if changes:
        summary += ": " + "; ".join(f"{c['field']} {c['old']} \u2192 {c['new']}" for c in changes)
    details = {"record": type(instance).__name__, "id": instance.pk, "type": VERBS[kind], "changes": changes}
    if _reason.get():
        summary += f". Reason: {_reason.get()}"
        details["reason"] = _reason.get()
    AuditEvent.record(
        action,
        summary,
        history_user or history_instance.history_user,
        measure=measure[:32],
        scorecard=scorecard[:80],
        details=details,
    )
