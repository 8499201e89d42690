"""The one path every file takes, whoever sends it (the upload page, a command, the worker, the demo)
and whatever it holds (extracts, definitions, commentary: see `kinds`):

    receive  -> keep the file and its checksum; the check is queued once the upload is saved
    check    -> read and check the file, store the preview and every problem; changes nothing else
    confirm  -> an officer accepts the preview; the commit is queued
    commit   -> keep what the file holds in one transaction, exactly once however often the task is
                delivered

Celery tasks (`tasks.py`) and the commands are thin wrappers around these; `take_file` and
`take_path` run the whole path in process for the command line and the demo.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from indicators import periods
from indicators.models import StoredPeriod
from indicators.problems import FileError

from . import kinds
from .models import Upload

logger = logging.getLogger(__name__)
ERROR_LIMIT = 10000


class UploadError(Exception):
    """The upload cannot go ahead (wrong state, or a file that could not be stored)."""


def read_file(path: str | Path) -> bytes:
    """A file named on the command line. Raises FileError with the reason it cannot be read."""
    try:
        return Path(path).read_bytes()
    except OSError as error:
        raise FileError(f"Cannot read {path}: {error.strerror}") from None


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
    kinds.get(kind)  # an unknown kind is a programming error, found before anything is kept
    upload = Upload(
        kind=kind,
        source=source,
        file_name=file_name[-255:],
        size=len(data),
        checksum=hashlib.sha256(data).hexdigest(),
        sheet=sheet,
        uploaded_by=user,
        created_at=timezone.now(),
        reporting_period=StoredPeriod.for_value(reporting_period) if reporting_period else None,
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


def _plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def _refuse(upload: Upload, problem: FileError) -> None:
    upload.state = Upload.State.REFUSED
    upload.error_count = problem.count
    upload.errors = [p.as_dict() for p in problem.problems[:ERROR_LIMIT]]
    upload.warnings = []
    if problem.count == 1 and problem.problems[0].row is None and not problem.problems[0].entry:
        upload.message = str(problem.problems[0])  # the file as a whole: unreadable, no table, too large
        return
    rows = {p.row for p in problem.problems if p.row is not None}
    in_rows = f" in {_plural(len(rows), 'row')}" if rows and problem.count == len(problem.problems) else ""
    upload.message = (
        f"{_plural(problem.count, 'problem')}{in_rows}: nothing has been imported. Put "
        f"{'it' if problem.count == 1 else 'them'} right in the file and upload it again."
    )


def check(upload_id: int) -> Upload:
    """Check the file and store the preview. Safe to run again: it only rewrites the preview."""
    with transaction.atomic():
        upload = Upload.objects.select_for_update().get(pk=upload_id)
        if upload.state not in (Upload.State.RECEIVED, Upload.State.CHECKING):
            return upload
        upload.state = Upload.State.CHECKING
        upload.save(update_fields=["state"])
    try:
        kinds.get(upload.kind).check(upload, _read(upload))
    except FileError as problem:
        _refuse(upload, problem)
    except Exception:
        logger.exception("Checking upload %s failed", upload_id)
        upload.state = Upload.State.REFUSED
        upload.message = "The file could not be checked because of an error in the system; it has been logged."
    upload.checked_at = timezone.now()
    upload.save()
    return upload


def confirm(upload: Upload, user, queue_commit: bool = True) -> Upload:
    """Accept the preview and queue the import."""
    with transaction.atomic():
        upload = Upload.objects.select_for_update().get(pk=upload.pk)
        if upload.state != Upload.State.READY:
            raise UploadError(f"This upload is {upload.get_state_display().lower()}, so it cannot be confirmed.")
        upload.state, upload.confirmed_by = Upload.State.COMMITTING, user
        upload.save(update_fields=["state", "confirmed_by"])
        if queue_commit:
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
    """Keep what a confirmed upload holds, in one transaction. The row lock and the state make it run
    once: a retried or duplicated task finds the upload already imported and does nothing."""
    with transaction.atomic():
        upload = Upload.objects.select_for_update().get(pk=upload_id)
        if upload.state != Upload.State.COMMITTING:
            return upload
        try:
            with transaction.atomic():
                kinds.get(upload.kind).commit(upload, _read(upload))
        except FileError as problem:
            # The catalogue or the figures changed since the check: nothing was kept.
            upload.state = Upload.State.REFUSED
            upload.message = f"Not imported: {problem}"
        upload.committed_at = timezone.now()
        upload.save()
    return upload


def take_file(
    data: bytes,
    file_name: str,
    *,
    kind: str = Upload.Kind.EXTRACT,
    user=None,
    source: str = Upload.Source.COMMAND,
    reporting_period: periods.Period | None = None,
    sheet: str = "",
    dry_run: bool = False,
) -> Upload:
    """The whole path in this process, for the command line and the demo: receive, check and, unless
    `dry_run` or the file is refused, confirm and commit. The upload says what happened."""
    upload = receive(
        data,
        file_name,
        user=user,
        kind=kind,
        reporting_period=reporting_period,
        sheet=sheet,
        source=source,
        queue_check=False,
    )
    upload = check(upload.pk)
    if upload.state != Upload.State.READY:
        return upload
    if dry_run:
        return cancel(upload)
    confirm(upload, user, queue_commit=False)
    return commit(upload.pk)


def take_path(path: str | Path, **options) -> Upload:
    """`take_file` for a file named on the command line (or one of the demo's)."""
    return take_file(read_file(path), Path(path).name, **options)
