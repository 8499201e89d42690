"""Loading commentary and manual statuses from a YAML file (docs/definitions.md, "Commentary file").
Like the definitions file: all or nothing, and every error names its entry and field."""

from __future__ import annotations

from pathlib import Path

from django.db import transaction

from . import periods
from .definitions import DefinitionsError, read_yaml, validation_errors
from .models import AuditEvent, Commentary, CommentaryEvent, Measure, Period, StatusOverride

COMMENTARY_FIELDS = {"measure", "period", "data", "review", "action", "text", "state", "author"}
OVERRIDE_FIELDS = {"measure", "period", "status", "reason"}


def load_commentary_file(path: str | Path) -> tuple[int, int]:
    try:
        text = Path(path).read_bytes()
    except OSError as error:
        raise DefinitionsError([f"Cannot read {path}: {error.strerror}"]) from None
    return load_commentary(text)


def load_commentary(text: str | bytes) -> tuple[int, int]:
    """Returns (commentaries saved, statuses set). Raises DefinitionsError, changing nothing."""
    data = read_yaml(text)
    if not isinstance(data, dict) or set(data) - {"commentary", "status_overrides"}:
        raise DefinitionsError(["The file must be a mapping with 'commentary' and/or 'status_overrides'."])
    errors: list[str] = []
    measures = {m.code: m for m in Measure.objects.all()}
    saved = overrides = 0

    def entry_context(kind: str, i: int, entry) -> tuple[str, Measure | None, periods.Period | None]:
        code = str(entry.get("measure", "")).strip() if isinstance(entry, dict) else ""
        where = f'{kind}[{i}] (measure "{code}")'
        if not isinstance(entry, dict):
            errors.append(f"{where}: each entry must be a mapping of field: value")
            return where, None, None
        allowed = COMMENTARY_FIELDS if kind == "commentary" else OVERRIDE_FIELDS
        for key in set(entry) - allowed:
            errors.append(f"{where} > {key}: unknown field; expected one of {', '.join(sorted(allowed))}")
        measure = measures.get(code)
        if measure is None:
            errors.append(f'{where} > measure: no measure has the code "{code}"')
        try:
            period = periods.parse_period(entry.get("period", ""), periods.PeriodKind.MONTH)
        except ValueError as problem:
            errors.append(f"{where} > period: {problem}")
            period = None
        return where, measure, period

    def check(where: str, obj) -> bool:
        problems = validation_errors(where, obj, exclude=["measure", "period", "author", "set_by"])
        errors.extend(problems)
        return not problems

    with transaction.atomic():
        for i, entry in enumerate(data.get("commentary") or []):
            where, measure, period = entry_context("commentary", i, entry)
            if measure is None or period is None:
                continue
            period_row = Period.for_value(period)
            note = Commentary.objects.filter(measure=measure, period=period_row).first() or Commentary(
                measure=measure, period=period_row
            )
            for name in ("data", "review", "action", "text"):
                setattr(note, name, str(entry.get(name) or "").strip())
            note.state = str(entry.get("state") or Commentary.State.DRAFT)
            note.author_title = str(entry.get("author") or "").strip()
            if check(where, note):
                note.save()
                CommentaryEvent.record(note, CommentaryEvent.Action.LOADED)
                saved += 1
        for i, entry in enumerate(data.get("status_overrides") or []):
            where, measure, period = entry_context("status_overrides", i, entry)
            if measure is None or period is None:
                continue
            override = StatusOverride(
                measure=measure,
                period=Period.for_value(period),
                status=str(entry.get("status", "")).strip().upper(),
                reason=str(entry.get("reason") or "").strip(),
            )
            if check(where, override):
                latest = StatusOverride.objects.filter(measure=measure, period=override.period).last()
                if latest is None or (latest.status, latest.reason) != (override.status, override.reason):
                    override.save()
                    AuditEvent.status_set(override, source="commentary file")
                    overrides += 1
        if errors:
            transaction.set_rollback(True)
            raise DefinitionsError(errors)
    return saved, overrides
