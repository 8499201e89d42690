"""Celery tasks: thin wrappers around `services`. Both upload tasks are idempotent (the upload's state and
a row lock make a second delivery do nothing), so they are acknowledged late and sent again if a worker
dies; `services` counts each start, so a file that kills its worker cannot come round for ever. The
time limits are settings (CELERY_TASK_SOFT_TIME_LIMIT, CELERY_TASK_TIME_LIMIT). Without REDIS_URL the
tasks run in process."""

from celery import shared_task

from . import services

TASK_OPTIONS = {"acks_late": True, "reject_on_worker_lost": True, "max_retries": 0}


@shared_task(name="imports.check_upload", **TASK_OPTIONS)
def check_upload(upload_id: int) -> str:
    return services.check(upload_id).state


@shared_task(name="imports.commit_upload", **TASK_OPTIONS)
def commit_upload(upload_id: int) -> str:
    return services.commit(upload_id).state


@shared_task(name="imports.sweep_uploads", acks_late=True, max_retries=0)
def sweep_uploads() -> str:
    return services.sweep().describe()
