"""The one path every upload takes, whoever starts it (the web page, the command line, the worker):

    receive  -> keep the file and its checksum; the check is queued once the upload is saved
    check    -> read and check the file, store the preview and every error; changes no figures
    confirm  -> an officer accepts the preview; the commit is queued
    commit   -> import in one transaction, exactly once however often the task is delivered

Celery tasks (`tasks.py`) and the `import_extract` command are thin wrappers around these.
"""

from __future__ import annotations

import hashlib
import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from indicators import periods
from indicators.definitions import DefinitionsError, load_definitions
from indicators.models import AuditEvent, Period, Revision

from .extract import ExtractError, check_extract, classify, commit_extract, resolve_reporting_period
from .models import Upload
from .readers import ReadError, read_table

logger = logging.getLogger(__name__)
PREVIEW_LIMIT = 1000
ERROR_LIMIT = 10000


class UploadError(Exception):
    """The upload cannot go ahead (wrong state, or a file that could not be stored)."""


def receive(
    data: bytes,
    file_name: str,
    *,
    user=None,
    kind: str = Upload.Kind.EXTRACT,
    reporting_period: periods.Period | None = None,
    sheet: str = "",
    source: str = Upload.Source.WEB,
    queue_check: bool = True,
) -> Upload:
    """Keep the file and queue its check (after this transaction commits, so the worker finds it)."""
    upload = Upload(
        kind=kind,
        source=source,
        file_name=file_name[-255:],
        size=len(data),
        checksum=hashlib.sha256(data).hexdigest(),
        sheet=sheet,
        uploaded_by=user,
        created_at=timezone.now(),
        reporting_period=Period.for_value(reporting_period) if reporting_period else None,
    )
    upload.file.save(file_name, ContentFile(data), save=False)
    upload.save()
    if queue_check:
        from .tasks import check_upload

        check_upload.delay_on_commit(upload.pk)
    return upload


def _read(upload: Upload) -> bytes:
    with upload.file.open("rb") as handle:
        return handle.read()


def check(upload_id: int) -> Upload:
    """Check the file and store the preview. Safe to run again: it only rewrites the preview."""
    with transaction.atomic():
        upload = Upload.objects.select_for_update().get(pk=upload_id)
        if upload.state not in (Upload.State.RECEIVED, Upload.State.CHECKING):
            return upload
        upload.state = Upload.State.CHECKING
        upload.save(update_fields=["state"])
    try:
        if upload.kind == Upload.Kind.DEFINITIONS:
            _check_definitions(upload)
        else:
            _check_extract(upload)
    except (ReadError, ExtractError) as problem:
        upload.state, upload.message = Upload.State.REFUSED, str(problem)
    except Exception:
        logger.exception("Checking upload %s failed", upload_id)
        upload.state = Upload.State.REFUSED
        upload.message = "The file could not be checked because of an error in the system; it has been logged."
    upload.checked_at = timezone.now()
    upload.save()
    return upload


def _check_extract(upload: Upload) -> None:
    table = read_table(_read(upload), upload.file_name, upload.sheet or None)
    upload.layout, upload.sheet_used = table.layout, table.sheet
    checked = check_extract(table.frame)
    upload.rows_total = len(checked.rows) + len({e.row for e in checked.errors})
    upload.error_count = len(checked.errors)
    upload.errors = [{"row": e.row, "column": e.column, "message": e.message} for e in checked.errors[:ERROR_LIMIT]]
    if checked.errors:
        upload.state = Upload.State.REFUSED
        upload.message = (
            f"{len(checked.errors)} error(s) in {len({e.row for e in checked.errors})} row(s): nothing can be "
            "imported until they are put right."
        )
        return
    reporting = resolve_reporting_period(checked, upload.reporting_period.value if upload.reporting_period else None)
    if upload.reporting_period is None:
        upload.reporting_period = Period.for_value(reporting)
    changes = classify(checked, reporting)
    counts = {status: sum(1 for c in changes if c.status == status) for status in ("new", "revised", "unchanged")}
    upload.rows_new, upload.rows_revised, upload.rows_unchanged = counts["new"], counts["revised"], counts["unchanged"]
    ordered = sorted((c for c in changes if c.status != "unchanged"), key=lambda c: (c.status != "revised", c.row.row))
    upload.preview = [c.as_preview() for c in ordered[:PREVIEW_LIMIT]]
    if counts["new"] or counts["revised"]:
        upload.state = Upload.State.READY
        upload.message = (
            f"{counts['new']} new, {counts['revised']} revised and {counts['unchanged']} unchanged figures for "
            f"{reporting.long_label}. Nothing has changed yet: confirm to import."
        )
    else:
        upload.state = Upload.State.NO_CHANGES
        upload.message = f"No changes: all {counts['unchanged']} figures are already as in this file."


def _check_definitions(upload: Upload) -> None:
    try:
        result = load_definitions(_read(upload), dry_run=True)
    except DefinitionsError as problem:
        upload.state = Upload.State.REFUSED
        upload.error_count = len(problem.errors)
        upload.errors = [{"row": None, "column": "", "message": m} for m in problem.errors[:ERROR_LIMIT]]
        upload.message = f"{len(problem.errors)} problem(s): nothing can be loaded until they are put right."
        return
    upload.state = Upload.State.READY
    upload.message = f"The file would load {result.describe()}. Nothing has changed yet: confirm to load."


def confirm(upload: Upload, user) -> Upload:
    """Accept the preview and queue the import."""
    with transaction.atomic():
        upload = Upload.objects.select_for_update().get(pk=upload.pk)
        if upload.state != Upload.State.READY:
            raise UploadError(f"This upload is {upload.get_state_display().lower()}, so it cannot be confirmed.")
        upload.state, upload.confirmed_by = Upload.State.COMMITTING, user
        upload.save(update_fields=["state", "confirmed_by"])
        from .tasks import commit_upload

        commit_upload.delay_on_commit(upload.pk)
    return upload


def cancel(upload: Upload) -> Upload:
    with transaction.atomic():
        upload = Upload.objects.select_for_update().get(pk=upload.pk)
        if upload.state not in (Upload.State.READY, Upload.State.RECEIVED):
            raise UploadError(f"This upload is {upload.get_state_display().lower()}, so it cannot be cancelled.")
        upload.state = Upload.State.CANCELLED
        upload.save(update_fields=["state"])
    return upload


def commit(upload_id: int) -> Upload:
    """Import a confirmed upload in one transaction. The row lock and the state make it run once: a
    retried or duplicated task finds the upload already imported and does nothing."""
    with transaction.atomic():
        upload = Upload.objects.select_for_update().get(pk=upload_id)
        if upload.state != Upload.State.COMMITTING:
            return upload
        try:
            if upload.kind == Upload.Kind.DEFINITIONS:
                result = load_definitions(
                    _read(upload), user=upload.confirmed_by or upload.uploaded_by, source=upload.file_name
                )
                upload.message = f"Loaded {result.describe()}."
                upload.state = Upload.State.COMMITTED
            else:
                _commit_extract(upload)
                AuditEvent.record(
                    AuditEvent.Action.UPLOAD,
                    f"{upload.file_name}: {upload.message}",
                    upload.confirmed_by or upload.uploaded_by,
                    period=upload.reporting_period.code if upload.reporting_period else "",
                    details={"upload": upload.pk, "sha256": upload.checksum, "revision": upload.revision_id},
                )
        except (ReadError, ExtractError, DefinitionsError) as problem:
            # The catalogue or the figures changed since the check: nothing was imported.
            upload.state = Upload.State.REFUSED
            upload.message = f"Not imported: {problem}"
        upload.committed_at = timezone.now()
        upload.save()
    return upload


def _commit_extract(upload: Upload) -> None:
    table = read_table(_read(upload), upload.file_name, upload.sheet or None)
    checked = check_extract(table.frame)
    if not checked.ok:
        raise ExtractError(f"{len(checked.errors)} error(s) found on a second check: {checked.errors[0]}")
    result = commit_extract(
        checked,
        upload.reporting_period.value if upload.reporting_period else None,
        source=Revision.Source.UPLOAD if upload.source == Upload.Source.WEB else Revision.Source.COMMAND,
        file_name=upload.file_name,
        checksum=upload.checksum,
        user=upload.confirmed_by or upload.uploaded_by,
    )
    upload.revision = result.revision
    upload.rows_new, upload.rows_revised, upload.rows_unchanged = result.new, result.revised, result.unchanged
    upload.state = Upload.State.COMMITTED if result.changed else Upload.State.NO_CHANGES
    upload.message = f"Imported {result.describe()}." if result.changed else result.describe()
