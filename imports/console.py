"""What the file commands print: the same preview, problems and outcome the upload page shows."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from indicators.problems import FileError

from .models import Upload
from .services import take_path


def take_and_report(command: BaseCommand, file: str, **options) -> Upload:
    """Take a file named on the command line through the upload path and print what the upload page
    would show; raise CommandError (exit status 1) when it could not be read, was refused or could not be
    finished. A file whose figures are all as held ("No changes") and a dry run exit 0."""
    try:
        upload = take_path(file, **options)
    except FileError as problem:
        command.stderr.write(f"  {problem}")
        raise CommandError(f"{file} was not loaded: {problem}") from None
    out, err = command.stdout, command.stderr
    for problem in upload.errors:
        err.write(f"  {problem['where']}: {problem['message']}" if problem.get("where") else f"  {problem['message']}")
    for warning in upload.warnings:
        out.write(f"  warning: {warning['message']}")
    if upload.read_note:
        out.write(f"  {upload.read_note}")
    for change in upload.preview:
        if change["status"] == "cld":  # a client-level data file: its data-quality report in brief
            _quality(out, change)
            continue
        if change["status"] == "field":  # a definitions file
            if change["field"] == "added":
                out.write(f"  added    {change['what']}")
            else:
                out.write(f"  changed  {change['what']} {change['field']}: {change['old']} -> {change['new']}")
            continue
        if change["status"] == "area":  # a figure for one area
            out.write(f"  {change['change']:<8} {change['code']} {change['period']} {change['area']}: {change['new']}")
            continue
        old = f"{change['old']} -> " if change["status"] == "revised" else ""
        gives = f" ({change['gives']})" if change.get("gives") else ""
        out.write(f"  {change['status']:<8} {change['code']} {change['period']}: {old}{change['new']}{gives}")
    if upload.state == Upload.State.REFUSED:
        raise CommandError(f"{file} was refused: {upload.message} Nothing was changed.")
    if upload.state not in (Upload.State.COMMITTED, Upload.State.NO_CHANGES, Upload.State.CANCELLED):
        # could not be finished (or anything else that imported nothing): a script must not carry on
        raise CommandError(f"{file} was not imported: {upload.message}")
    if upload.state == Upload.State.CANCELLED:
        out.write(f"{file}: {upload.message}")
        out.write("Dry run: nothing was imported.")
        return upload
    out.write(command.style.SUCCESS(f"{file}: {upload.message}"))
    return upload


def _quality(out, entry: dict) -> None:
    quality = entry["quality"]
    out.write(f"  events: {entry['events']:,}; people: {entry['people']:,}; LA code {entry['la_code']}")
    out.write(f"  read as {entry['period_start']} to {entry['period_end']}. {entry['period_note']}".rstrip())
    out.write(
        f"  rows without an NHS number: {quality['no_nhs_number']:,}; dates of birth over 115 years before the "
        f"period's end: {quality['dummy_births']:,}; events never closed: "
        + (", ".join(f"{n:,} {kind}" for kind, n in sorted(quality["open_by_type"].items())) or "none")
    )
    for field, counts in quality["fields"].items():
        odd = {k: v for k, v in counts.items() if k in ("invalid", "release 1")}
        if odd:
            out.write(f"  {field}: " + ", ".join(f"{v:,} {k}" for k, v in odd.items()))
