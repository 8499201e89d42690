"""Celery tasks for the working month: thin wrappers around its services."""

from celery import shared_task

from . import alerts, reminders


# Idempotent per person, month and day (see reminders), so safe to deliver twice.
@shared_task(name="workflow.send_commentary_reminders", acks_late=True, reject_on_worker_lost=True, max_retries=0)
def send_commentary_reminders() -> str:
    return reminders.send_commentary_reminders().describe()


# Idempotent per measure, latest figure and kind (see alerts), so safe to deliver twice.
# Its summary is kept as the task's result (uploads keep theirs on the upload, so ignore theirs).
@shared_task(
    name="workflow.send_spc_alerts", acks_late=True, reject_on_worker_lost=True, max_retries=0, ignore_result=False
)
def send_spc_alerts() -> str:
    return alerts.send_spc_alerts().describe()
