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

import datetime as dt
import hashlib
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files.base import ContentFile, File
from django.db import connection, transaction
from django.utils import timezone

from indicators import periods
from indicators.formatting import counted
from indicators.models import StoredPeriod
from indicators.problems import FileError

from . import kinds, opening, signals
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
    data: bytes | File,
    file_name: str,
    *,
    user=None,
    kind: str = Upload.Kind.EXTRACT,
    reporting_period: periods.Period | None = None,
    sheet: str = "",
    source: str = Upload.Source.WEB,
    queue_check: bool = True,
) -> Upload:
    """Keep the file and queue its check (after this transaction commits, so the worker finds it). `data`
    is the file's bytes, or for a large file an open `File`, copied to the store in chunks."""
    kinds.get(kind)  # an unknown kind is a programming error, found before anything is kept
    if isinstance(data, bytes):
        size, checksum, content = len(data), hashlib.sha256(data).hexdigest(), ContentFile(data)
    else:
        size, checksum, content = _measured(data)
    upload = Upload(
        kind=kind,
        source=source,
        file_name=file_name[-255:],
        size=size,
        checksum=checksum,
        sheet=sheet,
        uploaded_by=user,
        created_at=timezone.now(),
        reporting_period=StoredPeriod.for_value(reporting_period) if reporting_period else None,
    )
    upload.file.save(stored_name(file_name), content, save=False)
    upload.move_to(Upload.State.RECEIVED)
    upload.save()
    if queue_check:
        queue(upload.pk, "check")
    return upload


def _measured(handle: File) -> tuple[int, str, File]:
    """A file's size and SHA-256, read in chunks, and the file put back at its start to be stored."""
    digest, size = hashlib.sha256(), 0
    handle.seek(0)
    for chunk in handle.chunks():
        digest.update(chunk)
        size += len(chunk)
    handle.seek(0)
    return size, digest.hexdigest(), handle


def stored_name(file_name: str, longest: int = 100) -> str:
    """A name the file store can keep: the end of a long name cut to fit, with its extension."""
    name = Path(file_name).name or "upload"
    if len(name) <= longest:
        return name
    suffix = Path(name).suffix[:10]
    return name[: longest - len(suffix)] + suffix


QUEUE_FAILED = (
    "The background worker that {step} files could not be reached, so this file was not {done}; nothing was "
    "imported. Try again in a few minutes; if it happens again, tell your system administrator."
)


def queue(upload_id: int, step: str) -> None:
    """Send the upload's next step (check or commit) to the worker once this transaction has committed. If
    the broker cannot be reached the upload ends at once as failed, with a message, not waiting for ever."""
    from . import tasks

    task = tasks.check_upload if step == "check" else tasks.commit_upload

    def send() -> None:
        try:
            task.delay(upload_id)
        except Exception:  # noqa: BLE001 - kombu, redis and socket errors all mean the same to the officer
            logger.exception("Could not queue the %s of upload %s", step, upload_id)
            words = (
                {"step": "checks", "done": "checked"} if step == "check" else {"step": "imports", "done": "imported"}
            )
            Upload.objects.filter(pk=upload_id, state__in=Upload.WORKING).update(
                state=Upload.State.FAILED, message=QUEUE_FAILED.format(**words), state_changed_at=timezone.now()
            )

    transaction.on_commit(send)


def _read(upload: Upload, kind) -> bytes:
    """What a kind's check and commit are given: the file's bytes, or the stored file itself for a kind
    that reads large files as a stream (`kinds.streamed`)."""
    if kinds.streamed(kind):
        return upload.file
    with upload.file.open("rb") as handle:
        return handle.read()


def _refuse(upload: Upload, problem: FileError) -> None:
    upload.move_to(Upload.State.REFUSED)
    upload.error_count = problem.count
    upload.errors = [p.as_dict() for p in problem.problems[:ERROR_LIMIT]]
    upload.warnings = []
    if problem.count == 1 and problem.problems[0].row is None and not problem.problems[0].entry:
        upload.message = str(problem.problems[0])  # the file as a whole: unreadable, no table, too large
        return
    rows = {p.row for p in problem.problems if p.row is not None}
    in_rows = f" in {counted(len(rows), 'row')}" if rows and problem.count == len(problem.problems) else ""
    upload.message = (
        f"{counted(problem.count, 'problem')}{in_rows}: nothing has been imported. Put "
        f"{'it' if problem.count == 1 else 'them'} right in the file and upload it again."
    )


STEP_LOCK = {"check": 4_101, "commit": 4_102}  # the first key of each step's advisory lock


@contextmanager
def step_lease(upload_id: int, step: str) -> Iterator[bool]:
    """Whether this delivery of a step is the one that runs it. A broker may hand one task out several
    times at once (Redis does after a visibility timeout): the first delivery holds a PostgreSQL advisory
    lock for as long as it runs, and the others stand back without counting a start. The lock belongs to
    the database session, so a worker that dies lets it go, and the next delivery runs (and counts).
    Without PostgreSQL, steps run in the process that asked for them, one at a time."""
    if connection.vendor != "postgresql":
        yield True
        return
    key = (STEP_LOCK[step], upload_id)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", key)
        held = bool(cursor.fetchone()[0])
    try:
        yield held
    finally:
        if held:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", key)


def _started(upload_id: int, from_states: tuple, working: str, step: str) -> Upload | None:
    """Count one more start of a step, in a transaction of its own (so a worker killed during the step
    cannot undo the count). After `UPLOAD_MAX_ATTEMPTS` starts that never finished, the upload fails."""
    with transaction.atomic():
        upload = Upload.objects.select_for_update().get(pk=upload_id)
        if upload.state not in from_states:
            return None
        upload.attempts += 1
        if upload.attempts > settings.UPLOAD_MAX_ATTEMPTS:
            upload.move_to(Upload.State.FAILED, STOPPED[step].format(times=upload.attempts - 1))
        else:
            upload.move_to(working)
        upload.save()
        return upload if upload.state == working else None


STOPPED = {
    "check": (
        "This file could not be checked: the check was started {times} times and stopped each time without "
        "finishing, so the file is probably too large or malformed. Nothing was imported. Check the file (or "
        "split it) and upload it again."
    ),
    "commit": (
        "The import was started {times} times and stopped each time without finishing. Nothing was imported. "
        "Upload the file again; if it happens again, tell your system administrator."
    ),
}


def _failed(upload: Upload, step: str, error: Exception) -> None:
    """The step ended in an error that is not the file's fault: the upload fails, saying so."""
    doing = "Checking the file" if step == "check" else "Importing the figures"
    if isinstance(error, SoftTimeLimitExceeded):
        minutes = round(settings.CELERY_TASK_SOFT_TIME_LIMIT / 60)
        why = f"{doing} took longer than the {minutes} minutes allowed, so it was stopped"
    elif isinstance(error, MemoryError):
        why = f"{doing} needed more memory than a file is allowed, so it was stopped"
    else:
        logger.exception("%s for upload %s failed", doing, upload.pk)
        why = f"{doing} failed because of an error in the system (it has been logged)"
    upload.move_to(Upload.State.FAILED, f"{why}. Nothing was imported.")


def check(upload_id: int) -> Upload:
    """Check the file and store the preview. Safe to run again: it only rewrites the preview. Ends in a
    final state whatever happens; an upload cancelled meanwhile keeps its cancellation. A delivery that
    finds the check running already stands back (`step_lease`)."""
    with step_lease(upload_id, "check") as ours:
        if not ours:
            return Upload.objects.get(pk=upload_id)
        return _check(upload_id)


def _check(upload_id: int) -> Upload:
    upload = _started(upload_id, (Upload.State.RECEIVED, Upload.State.CHECKING), Upload.State.CHECKING, "check")
    if upload is None:
        return Upload.objects.get(pk=upload_id)
    try:
        kind = kinds.get(upload.kind)
        kind.check(upload, _read(upload, kind))
    except FileError as problem:
        _refuse(upload, problem)
    except opening.DAMAGED as error:  # a damaged file found by a reader that does not say so itself
        _refuse(upload, opening.damaged(upload.file_name, error))
    except Exception as error:  # noqa: BLE001 - every other failure ends the upload with a message
        _failed(upload, "check", error)
    upload.checked_at = timezone.now()
    upload.state_changed_at = timezone.now()
    with transaction.atomic():
        now = Upload.objects.select_for_update().get(pk=upload_id)
        if now.state != Upload.State.CHECKING:
            return now  # cancelled, or failed by the sweeper, while it was being checked
        upload.save()
    return upload


def confirm(upload: Upload, user, queue_commit: bool = True) -> Upload:
    """Accept the preview and queue the import."""
    with transaction.atomic():
        upload = Upload.objects.select_for_update().get(pk=upload.pk)
        if upload.state != Upload.State.READY:
            raise UploadError(f"This upload is {upload.get_state_display().lower()}, so it cannot be confirmed.")
        upload.move_to(Upload.State.COMMITTING)
        upload.confirmed_by, upload.attempts = user, 0
        upload.save(update_fields=["state", "state_changed_at", "confirmed_by", "attempts"])
        if queue_commit:
            queue(upload.pk, "commit")
    return upload


def cancel(upload: Upload, message: str = "Cancelled: nothing was imported.") -> Upload:
    """Stop an upload that has not been imported: waiting, being checked, checked, or waiting to be imported.
    One being imported at this moment finishes first (its lock is waited for), then cannot be cancelled."""
    with transaction.atomic():
        upload = Upload.objects.select_for_update().get(pk=upload.pk)
        if not upload.cancellable:
            raise UploadError(f"This upload is {upload.get_state_display().lower()}, so it cannot be cancelled.")
        upload.move_to(Upload.State.CANCELLED, message)
        upload.save(update_fields=["state", "state_changed_at", "message"])
    kinds.discard(kinds.get(upload.kind), upload)  # what the kind kept for the commit, once it is cancelled
    return upload


def commit(upload_id: int) -> Upload:
    """Keep what a confirmed upload holds, in one transaction. The row lock and the state make it run
    once: a retried or duplicated task finds the upload already imported and does nothing, and one
    delivered while the import runs stands back (`step_lease`). Every failure ends in a final state with
    a message, and nothing half-imported."""
    with step_lease(upload_id, "commit") as ours:
        if not ours:
            return Upload.objects.get(pk=upload_id)
        return _commit(upload_id)


def _commit(upload_id: int) -> Upload:
    if _started(upload_id, (Upload.State.COMMITTING,), Upload.State.COMMITTING, "commit") is None:
        return Upload.objects.get(pk=upload_id)
    with transaction.atomic():
        upload = Upload.objects.select_for_update().get(pk=upload_id)
        if upload.state != Upload.State.COMMITTING:
            return upload  # cancelled since it was started
        try:
            with transaction.atomic():
                kind = kinds.get(upload.kind)
                kind.commit(upload, _read(upload, kind))
        except FileError as problem:
            # The catalogue or the figures changed since the check: nothing was kept.
            upload.move_to(Upload.State.REFUSED, f"Not imported: {problem}")
        except Exception as error:  # noqa: BLE001 - every other failure ends the upload with a message
            _failed(upload, "commit", error)
        else:
            upload.state_changed_at = timezone.now()
        upload.committed_at = timezone.now()
        upload.save()
    if upload.state == Upload.State.COMMITTED and upload.revision_id:
        _announce(upload.revision_id)
    return upload


def _announce(revision_id: int) -> None:
    """Tell whoever listens (the reading side works out the drafts the import touched) that figures were
    committed. A listener's failure is logged and never fails the import: the figures are kept."""
    for receiver, outcome in signals.figures_committed.send_robust(sender=Upload, revision_id=revision_id):
        if isinstance(outcome, Exception):
            logger.error("After revision %s, %s failed: %r", revision_id, receiver, outcome, exc_info=outcome)


@dataclass
class Swept:
    requeued: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)

    def describe(self) -> str:
        return f"{len(self.requeued)} upload(s) sent on again, {len(self.failed)} stopped as failed"


def sweep(now: dt.datetime | None = None) -> Swept:
    """Uploads that stopped moving (a worker killed, a message lost): each is sent on once more, or, if it
    has been started as often as allowed, fails with a message. Run by Celery beat every few minutes."""
    now = now or timezone.now()
    since = now - dt.timedelta(minutes=settings.UPLOAD_STUCK_MINUTES)
    result = Swept()
    stuck = Upload.objects.filter(state__in=Upload.WORKING, state_changed_at__lt=since).values_list("pk", flat=True)
    for upload_id in list(stuck):
        with transaction.atomic():
            upload = Upload.objects.select_for_update().get(pk=upload_id)
            if upload.state not in Upload.WORKING or upload.state_changed_at >= since:
                continue
            step = "commit" if upload.state == Upload.State.COMMITTING else "check"
            if upload.attempts >= settings.UPLOAD_MAX_ATTEMPTS:
                upload.move_to(Upload.State.FAILED, STOPPED[step].format(times=upload.attempts))
                result.failed.append(upload_id)
            else:
                upload.move_to(upload.state)  # noted as moving again, so it is not swept twice
                queue(upload_id, step)
                result.requeued.append(upload_id)
            upload.save(update_fields=["state", "state_changed_at", "message"])
    if result.requeued or result.failed:
        logger.warning("Uploads that had stopped: %s", result.describe())
    return result


def take_file(
    data: bytes | File,
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
        return cancel(upload, message=upload.message)  # what the check found stays readable
    confirm(upload, user, queue_commit=False)
    return commit(upload.pk)


def take_path(path: str | Path, **options) -> Upload:
    """`take_file` for a file named on the command line (or one of the demo's). A kind that reads large
    files as a stream is given the open file, never its bytes."""
    if kinds.streamed(kinds.get(options.get("kind", Upload.Kind.EXTRACT))):
        try:
            handle = Path(path).open("rb")
        except OSError as error:
            raise FileError(f"Cannot read {path}: {error.strerror}") from None
        with handle:
            return take_file(File(handle), Path(path).name, **options)
    return take_file(read_file(path), Path(path).name, **options)
