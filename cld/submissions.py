"""Client-level data submissions kept and withdrawn, and the figures worked out from them: the steps the
`cld` file kind, the pages and the commands share.

A file's check reads it on arrival (`arrival`), keeps its pseudonymised events as Parquet in the file
store, deletes the file as uploaded and says so, and previews its data-quality report. Its commit keeps
the submission and works every figure out again from all the submissions not withdrawn.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import asdict
from pathlib import Path

from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from config import bulk
from indicators.formatting import counted
from indicators.models import AuditEvent
from indicators.problems import FileError, Problem

from . import arrival, by_area, catalogue, measures, populations, pseudonyms, quarters
from .models import PostcodeLookup, QuarterFigure, Submission

KEPT_NOTE = (
    "The file as uploaded was deleted once it was checked: only its pseudonymised events are kept (no names, "
    "NHS numbers, local ids, postcodes or days of birth)."
)


@contextmanager
def local_path(stored) -> Iterator[Path]:
    """A stored file as a path on this machine: its own where the store is a folder, else a copy made in
    chunks (an S3 bucket) and removed afterwards."""
    try:
        yield Path(stored.path)
        return
    except NotImplementedError:
        pass
    with tempfile.TemporaryDirectory(prefix="cld-") as folder:
        copy = Path(folder) / "file"
        with stored.open("rb") as source, copy.open("wb") as target:
            shutil.copyfileobj(source, target, 1024 * 1024)
        yield copy


def period_of(quality: arrival.Quality, file_name: str) -> tuple[dt.date, dt.date, str]:
    """The 12 months the file covers, as DHSC reads them: ending with the quarter of its latest event end
    date (the stated period is often wider than the data), or the stated period where no event has ended.
    With a note when the two differ. A file that states several periods, or none and has no end dates, is
    refused: it cannot be placed."""
    if len(quality.stated_periods) > 1:
        stated = "; ".join(f"{s:%-d %b %Y} to {e:%-d %b %Y}" for s, e in sorted(quality.stated_periods)[:3])
        raise FileError(
            f"{file_name} states {len(quality.stated_periods)} reporting periods ({stated}). A submission covers "
            "one: send each quarter's submission as a file of its own."
        )
    stated = next(iter(quality.stated_periods), None)
    if quality.latest_end is None and stated is None:
        raise FileError(
            f"{file_name} states no reporting period and no event in it has ended, so the quarter it is for "
            "cannot be told. Fill in 'Reporting Period Start Date' and 'Reporting Period End Date'."
        )
    if stated:
        end = quarters.end_of(stated[1])
        if quality.latest_end and quality.latest_end > end:
            end = quarters.end_of(quality.latest_end)  # events ending after the stated period: it is wrong
    else:
        end = quarters.end_of(quality.latest_end)
    start = quarters.year_to(end)
    note = ""
    if stated and stated != (start, end):
        shown = f"{stated[0]:%-d %B %Y} to {stated[1]:%-d %B %Y}"
        last = f"; its events end up to {quality.latest_end:%-d %B %Y}" if quality.latest_end else ""
        note = f"The file states {shown}{last}: it is read as the 12 months to {end:%-d %B %Y}."
    return start, end, note


def quality_report(quality: arrival.Quality, unusable: int) -> dict:
    """The data-quality report as JSON, for the preview and the submission's page."""
    report = asdict(quality)
    report["fields"] = {name: dict(counts) for name, counts in quality.fields.items()}
    report["stated_periods"] = [[s.isoformat(), e.isoformat()] for s, e in sorted(quality.stated_periods)]
    for name in ("earliest_end", "latest_end"):
        report[name] = report[name].isoformat() if report[name] else None
    report["open_by_type"] = dict(quality.open_by_type)
    report["unusable"] = unusable
    report["field_rows"] = [  # the same, as a table's rows
        {"field": name, **{reading.replace(" ", "_"): count for reading, count in counts.items()}}
        for name, counts in quality.fields.items()
    ]
    return report


def reablement_quality(events: Path, start: dt.date, end: dt.date) -> dict:
    """Of the file's reablement (ST-Max) episodes ending in its 12 months that 2A would count or leave
    out, how many have an outcome that cannot be classified (read from this file alone)."""
    history = measures.History([measures.Part(events, start, end)])
    try:
        total = next(f for f in measures.short_term(history, start, end) if f.group == "Total")
    finally:
        history.close()
    episodes = (total.denominator or 0) + sum(total.left_out.values())
    return {"episodes": episodes, "unable_to_classify": total.left_out.get("unable to classify", 0)}


def check(upload, stored) -> None:
    """The `cld` kind's check: read the stored file, keep its events as Parquet, delete the file as
    uploaded (whatever the outcome), and preview the data-quality report. Raises FileError naming the rows
    that cannot be used, or what else keeps the file from being used."""
    try:
        secret = pseudonyms.key()
    except pseudonyms.KeyProblem as problem:
        raise FileError(f"Client-level data cannot be read on this system yet: {problem}") from None
    if not stored:  # a check started again after the file was checked and deleted
        raise FileError(f"{upload.file_name} is no longer kept (a file is deleted once checked): upload it again.")
    same = Submission.objects.in_use().filter(upload__checksum=upload.checksum).first() if upload.checksum else None
    if same is not None:
        _forget_original(upload)
        upload.state = upload.State.NO_CHANGES
        upload.read_note = KEPT_NOTE
        upload.message = (
            f"This same file was kept as submission {same.pk} on {same.created_at:%-d %B %Y}: loading it again "
            "changes nothing."
        )
        return
    lookup = PostcodeLookup.objects.in_use()
    try:
        with ExitStack() as stack:
            source = stack.enter_context(local_path(stored))
            folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="cld-")))
            postcodes = stack.enter_context(local_path(lookup.lookup_file)) if lookup else None
            arrived = arrival.read_path(source, upload.file_name, secret, folder, postcodes)
            if arrived.unusable:
                raise FileError(
                    [Problem(p.split(": ", 1)[1], row=_row(p)) for p in arrived.problems], count=arrived.unusable
                )
            start, end, note = period_of(arrived.quality, upload.file_name)
            people, la_codes = arrived.people, arrived.la_codes
            if len(la_codes) > 1:
                raise FileError(
                    f"{upload.file_name} holds the events of {len(la_codes)} LA codes ({', '.join(la_codes[:5])}); "
                    "a submission is one council's."
                )
            reablement = reablement_quality(arrived.events_path, start, end)
            with arrived.events_path.open("rb") as handle:
                name = default_storage.save(f"cld/events/upload-{upload.pk}.parquet", File(handle))
    finally:
        _forget_original(upload)
    upload.state = upload.State.READY
    upload.read_note = KEPT_NOTE
    upload.rows_total = arrived.quality.rows
    upload.preview = [
        {
            "status": "cld",
            "events_file": name,
            "events": arrived.count,
            "people": people,
            "la_code": la_codes[0] if la_codes else "",
            "period_start": start.isoformat(),
            "period_end": end.isoformat(),
            "period_note": note,
            "lookup": lookup.pk if lookup else None,
            "areas_note": _areas_note(arrived.quality, lookup),
            "quality": {**quality_report(arrived.quality, arrived.unusable), "reablement": reablement},
        }
    ]
    upload.message = (
        f"{counted(arrived.count, 'event')} of {counted(people, 'person', 'people')}, read as the 12 months to "
        f"{end:%-d %B %Y}."
        f"{' ' + note if note else ''} Nothing has changed yet: read the data-quality report, then confirm to "
        "keep the submission and work the figures out again."
    )


def _areas_note(quality: arrival.Quality, lookup: PostcodeLookup | None) -> str:
    """What became of the postcodes: replaced by their areas, or not read."""
    if lookup is None:
        return "No postcode lookup is loaded, so postcodes were not read and no figure is given by area."
    counts = quality.fields.get(arrival.POSTCODE, {})
    found, missing, blank = counts.get("valid", 0), counts.get("invalid", 0), counts.get("blank", 0)
    return (
        f"Postcodes were replaced by their {lookup.release.area_type.plural} ({lookup.release.name}) and not "
        f"kept: {counted(found, 'event')} found in the lookup, {missing:,} not in it and {blank:,} blank, counted "
        "as 'Not known'."
    )


def _row(problem: str) -> int | None:
    try:
        return int(problem.split(", row ", 1)[1].split(":", 1)[0].replace(",", ""))
    except (IndexError, ValueError):
        return None


def _forget_original(upload) -> None:
    """The file as uploaded is deleted: it names people, and only its pseudonymised events are kept."""
    if upload.file:
        upload.file.delete(save=False)


def discard(upload) -> None:
    """A checked upload cancelled: its staged events are deleted too."""
    for entry in upload.preview or []:
        if entry.get("status") == "cld" and entry.get("events_file"):
            default_storage.delete(entry["events_file"])


def commit(upload) -> Submission:
    """The `cld` kind's commit: keep the submission and work every figure out again."""
    entry = next(e for e in upload.preview if e.get("status") == "cld")
    submission = Submission.objects.create(
        upload=upload,
        la_code=entry["la_code"],
        period_start=dt.date.fromisoformat(entry["period_start"]),
        period_end=dt.date.fromisoformat(entry["period_end"]),
        events=entry["events"],
        people=entry["people"],
        events_file=entry["events_file"],
        quality=entry["quality"],
        lookup_id=entry.get("lookup"),
    )
    figures = work_out_again(upload.confirmed_by or upload.uploaded_by)
    upload.state = upload.State.COMMITTED
    upload.message = (
        f"Kept as submission {submission.pk} ({counted(submission.events, 'event')}, the 12 months to "
        f"{submission.period_end:%-d %B %Y}); {len(figures):,} figures worked out again for "
        f"{len({f.quarter_end for f in figures})} quarters."
    )
    AuditEvent.upload_kept(upload, cld_submission=submission.pk)
    return submission


def withdraw(submission: Submission, user, reason: str) -> list[QuarterFigure]:
    """Set a submission aside (kept, never read again), saying why; the figures are worked out again
    without it. Audited."""
    reason = reason.strip()
    if not reason:
        raise ValueError("Say why the submission is withdrawn.")
    with transaction.atomic():
        submission = Submission.objects.select_for_update().get(pk=submission.pk)
        if submission.withdrawn:
            raise ValueError(f"Submission {submission.pk} was withdrawn on {submission.withdrawn_at:%-d %B %Y}.")
        submission.withdrawn_at, submission.withdrawn_by, submission.withdrawn_reason = timezone.now(), user, reason
        submission.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawn_reason"])
        try:
            figures = work_out_again(user)
        except FileError as problem:
            raise ValueError(str(problem)) from None
        AuditEvent.record(
            AuditEvent.Action.CLIENT_LEVEL,
            f"Client-level submission {submission.pk} withdrawn: {reason}",
            user,
            details={"cld_submission": submission.pk, "old": "in use", "new": "withdrawn", "reason": reason},
        )
    return figures


def work_out_again(user) -> list[QuarterFigure]:
    """Every figure worked out again from the submissions in use and written into the linked catalogue
    measures (inside the caller's transaction): after a submission is kept or withdrawn, or populations
    are loaded."""
    figures = work_out_figures()
    _into_catalogue(figures, user)
    return figures


def _into_catalogue(figures: list[QuarterFigure], user) -> None:
    """The catalogue measures linked to client-level figures get them as a revision; a refusal keeps
    nothing here either (the caller's transaction is undone)."""
    written = catalogue.write(figures, user)
    if written is not None and written.state not in (written.State.COMMITTED, written.State.NO_CHANGES):
        found = "; ".join(e["message"] for e in written.errors[:5]) or written.message
        raise FileError(f"The catalogue's measures linked to client-level figures refused them: {found}")


def quarter_ends(submissions: list[Submission]) -> list[dt.date]:
    """Every quarter end whose 12 months the submissions cover, oldest first."""
    if not submissions:
        return []
    first = min(s.period_start for s in submissions)
    last = max(s.period_end for s in submissions)
    ends, end = [], quarters.end_of(first)
    while end <= last:
        if quarters.year_to(end) >= first:
            ends.append(end)
        end = quarters.next_end(end)
    return ends


@contextmanager
def history_in_use(submissions: list[Submission]) -> Iterator[measures.History]:
    """The events of the submissions (oldest first) as one history, open for as long as it is needed."""
    with ExitStack() as stack:
        paths = [stack.enter_context(local_path(s.events_file)) for s in submissions]
        history = measures.History(
            [measures.Part(path, s.period_start, s.period_end) for path, s in zip(paths, submissions, strict=True)]
        )
        stack.callback(history.close)
        yield history


def quarter(history: measures.History, end: dt.date, by_year: dict[int, dict[str, int]] | None = None):
    """Every measure for the 12 months to the quarter end `end`, with the council's population of the
    mid-year the period starts in (`by_year`, from `populations.held`) where it is loaded."""
    start = quarters.year_to(end)
    return measures.every(history, start, end, (by_year or {}).get(start.year))


def _kept(end: dt.date, area: str, f: measures.Figure, used: list[int], now) -> QuarterFigure:
    return QuarterFigure(
        quarter_end=end,
        code=f.code,
        group=f.group,
        area=area,
        numerator=f.numerator,
        denominator=f.denominator,
        per=f.per,
        value=f.value,
        left_out=f.left_out,
        submissions=used,
        worked_at=now,
    )


def work_out_figures() -> list[QuarterFigure]:
    """Every figure for every quarter the submissions in use cover, worked out from their events and kept
    in place of what was held (inside the caller's transaction)."""
    submissions = list(Submission.objects.in_use())
    figures: list[QuarterFigure] = []
    now = timezone.now()
    if submissions:
        by_year = populations.held(populations.council_code())
        with history_in_use(submissions) as history:
            used = [s.pk for s in submissions]
            areas = any(s.lookup_id for s in submissions) and by_area.has_areas(history)
            for end in quarter_ends(submissions):
                if areas:
                    start = quarters.year_to(end)
                    council, worked = by_area.council_and_areas(history, start, end, by_year.get(start.year))
                    figures += [_kept(end, "", f, used, now) for f in council]
                    figures += [_kept(end, area, f, used, now) for area, found in worked.items() for f in found]
                else:
                    figures += [_kept(end, "", f, used, now) for f in quarter(history, end, by_year)]
    QuarterFigure.objects.all().delete()
    _insert(figures)
    return figures


_COPIED = ("quarter_end", "code", "group", "area", "numerator", "denominator", "per", "value", "worked_at")


def _insert(figures: list[QuarterFigure]) -> None:
    """The figures written in one COPY where the database allows (thousands each time: every quarter, every
    area), else in batches."""
    if not bulk.can_copy():
        QuarterFigure.objects.bulk_create(figures)
        return
    rows = (
        (*(getattr(f, name) for name in _COPIED), json.dumps(f.left_out), json.dumps(f.submissions)) for f in figures
    )
    columns = [*(f'"{name}"' for name in _COPIED), "left_out", "submissions"]
    bulk.copy_rows(QuarterFigure._meta.db_table, columns, rows, not_null=['"area"'])
