"""Celery tasks: thin wrappers around the import services. Without REDIS_URL they run in process."""

from celery import shared_task

from indicators.periods import parse_period

from .extract import import_extract_file


@shared_task(name="imports.import_extract")
def import_extract(path: str, reporting_period: str | None = None) -> dict:
    """Import one extract file; returns the counts (JSON-serialisable)."""
    reporting = parse_period(reporting_period) if reporting_period else None
    check, result = import_extract_file(path, reporting)
    if result is None:
        return {"ok": False, "errors": [str(e) for e in check.errors]}
    return {
        "ok": True,
        "revision": result.revision.pk if result.revision else None,
        "new": result.new,
        "revised": result.revised,
        "unchanged": result.unchanged,
    }
