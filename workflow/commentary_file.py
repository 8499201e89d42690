"""Commentary and manual statuses from a YAML file (docs/definitions.md, "The commentary file"): a
council moving its past commentary in, or the demo. Like the definitions file it is all or nothing and
every problem names its entry and field; each commentary goes through the same workflow step as one
typed on the page (`services.load_from_file`), so it is in its history and the audit log, and published
commentary stays frozen.

The file's commentary may stand as a draft or be submitted; approval is a person's act, by someone other
than its author, on the approval page, always (four eyes), so a file can never approve commentary."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from indicators import periods
from indicators.models import AuditEvent, Commentary, Measure, StatusOverride, StoredPeriod
from indicators.problems import FileError, Problem
from indicators.yaml_files import read_yaml, validation_errors

from . import services

COMMENTARY_FIELDS = {"measure", "period", "data", "review", "action", "text", "state", "author"}
OVERRIDE_FIELDS = {"measure", "period", "status", "reason"}
FILE_STATES = (Commentary.State.DRAFT, Commentary.State.SUBMITTED)


@dataclass
class LoadResult:
    commentaries: int = 0
    statuses: int = 0

    def describe(self) -> str:
        return f"{self.commentaries} commentaries and {self.statuses} new statuses set by judgement"


def load_commentary(text: str | bytes, user=None, dry_run: bool = False) -> LoadResult:
    """Check and load the file; with `dry_run`, check only. Raises FileError, changing nothing."""
    data = read_yaml(text)
    if not isinstance(data, dict) or set(data) - {"commentary", "status_overrides"}:
        raise FileError("The file must be a mapping with 'commentary' and/or 'status_overrides'.")
    errors: list[Problem] = []
    measures = {m.code: m for m in Measure.objects.all()}
    result = LoadResult()

    def entry_context(kind: str, i: int, entry) -> tuple[str, Measure | None, periods.Period | None]:
        code = str(entry.get("measure", "")).strip() if isinstance(entry, dict) else ""
        where = f'{kind}[{i}] (measure "{code}")'
        if not isinstance(entry, dict):
            errors.append(Problem("each entry must be a mapping of field: value", entry=where))
            return where, None, None
        allowed = COMMENTARY_FIELDS if kind == "commentary" else OVERRIDE_FIELDS
        for key in set(entry) - allowed:
            errors.append(
                Problem(f"unknown field; expected one of {', '.join(sorted(allowed))}", entry=f"{where} > {key}")
            )
        measure = measures.get(code)
        if measure is None:
            errors.append(Problem(f'no measure has the code "{code}"', entry=f"{where} > measure", code=code))
        try:
            period = periods.parse_period(entry.get("period", ""), periods.PeriodKind.MONTH)
        except ValueError as problem:
            errors.append(Problem(str(problem), entry=f"{where} > period"))
            period = None
        return where, measure, period

    with transaction.atomic():
        for i, entry in enumerate(data.get("commentary") or []):
            where, measure, period = entry_context("commentary", i, entry)
            if measure is None or period is None:
                continue
            state = str(entry.get("state") or Commentary.State.DRAFT).strip()
            if state not in FILE_STATES:
                errors.append(
                    Problem(
                        f'"{state}" cannot be loaded: use draft or submitted. Commentary is approved on the '
                        "approval page by someone other than its author, never by a file; it is published when "
                        "its period is published.",
                        entry=f"{where} > state",
                    )
                )
                continue
            words = {name: entry.get(name) for name in Commentary.TEXT_FIELDS}
            try:
                changed = services.load_from_file(
                    user, measure, StoredPeriod.for_value(period), words, state, str(entry.get("author") or "").strip()
                )
            except services.WorkflowError as problem:
                errors.append(Problem(str(problem), entry=where))
                continue
            result.commentaries += changed
        for i, entry in enumerate(data.get("status_overrides") or []):
            where, measure, period = entry_context("status_overrides", i, entry)
            if measure is None or period is None:
                continue
            override = StatusOverride(
                measure=measure,
                period=StoredPeriod.for_value(period),
                status=str(entry.get("status", "")).strip().upper(),
                reason=str(entry.get("reason") or "").strip(),
                set_by=user,
            )
            problems = validation_errors(where, override, exclude=["measure", "period", "set_by"])
            if problems:
                errors.extend(problems)
                continue
            latest = StatusOverride.objects.filter(measure=measure, period=override.period).last()
            if latest is None or (latest.status, latest.reason) != (override.status, override.reason):
                override.save()
                AuditEvent.status_set(override, user, source="commentary file")
                result.statuses += 1
        if errors:
            transaction.set_rollback(True)
            raise FileError(errors)
        if dry_run:
            transaction.set_rollback(True)
    return result


class CommentaryFile:
    """Commentary files on the one upload path (`imports.kinds`)."""

    name = "commentary"
    suffixes = (".yaml", ".yml")

    def check(self, upload, data: bytes) -> None:
        result = load_commentary(data, dry_run=True)
        upload.state = upload.State.READY
        upload.message = f"The file would load {result.describe()}. Nothing has changed yet: confirm to load."

    def commit(self, upload, data: bytes) -> None:
        result = load_commentary(data, user=upload.confirmed_by or upload.uploaded_by)
        upload.state = upload.State.COMMITTED
        upload.message = f"Loaded {result.describe()}."
