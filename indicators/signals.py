"""Every change to the catalogue or the figures moves the data version on (see models.DataVersion).
Bulk inserts (COPY, bulk_create) send no signals, but each comes with a Revision saved in the same
transaction, which does. A new period row changes nothing anyone reads until figures refer to it, so it does
not move the version on."""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from . import models

WATCHED = [
    models.Framework,
    models.Measure,
    models.Scorecard,
    models.Section,
    models.ScorecardMeasure,
    models.Target,
    models.TargetProfile,
    models.Benchmark,
    models.Revision,
    models.DataPoint,
    models.Commentary,
    models.StatusOverride,
    models.ScorecardPeriod,
    models.PublishedVersion,
    models.SpcMethod,
    models.SpcMark,
]


def _changed(sender, **kwargs):
    """Bump once per transaction: readers see the new version only when it commits, with every change.
    The bump is remembered against the innermost atomic block it ran in; if that block is rolled back
    (or ends), the next change bumps again, so a bump is never lost with a rolled-back savepoint."""
    if kwargs.get("raw"):
        return
    connection = transaction.get_connection()
    blocks = connection.atomic_blocks
    marked = getattr(connection, "_data_version_block", None)
    if marked is not None and any(block is marked for block in blocks):
        return
    models.DataVersion.bump()
    connection._data_version_block = blocks[-1] if blocks else None


def connect() -> None:
    for model in WATCHED:
        post_save.connect(_changed, sender=model, dispatch_uid=f"data-version-save-{model.__name__}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"data-version-delete-{model.__name__}")
    m2m_changed.connect(_changed, sender=models.Measure.frameworks.through, dispatch_uid="data-version-frameworks")
