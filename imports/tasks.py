"""Celery tasks: thin wrappers around `services`. Both are idempotent (the upload's state and a row
lock make a second delivery do nothing), so they are acknowledged late and re-queued if a worker dies.
Without REDIS_URL they run in process."""

from celery import shared_task

from . import services

TASK_OPTIONS = {"acks_late": True, "reject_on_worker_lost": True, "max_retries": 0}


@shared_task(name="imports.check_upload", **TASK_OPTIONS)
def check_upload(upload_id: int) -> str:
    return services.check(upload_id).state


@shared_task(name="imports.commit_upload", **TASK_OPTIONS)
def commit_upload(upload_id: int) -> str:
    return services.commit(upload_id).state
