"""Every change moves one of the two numbers of `models.DataVersion` on: the figures version for a change
to the figures or to what judges them, the words version for commentary and publication. Bulk inserts
(COPY, bulk_create) send no signals, but each comes with a Revision saved in the same transaction, which
does. A new period row changes nothing anyone reads until figures refer to it, so it moves neither."""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from . import models

FIGURES = [
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
    models.StatusOverride,
    models.SpcMethod,
    models.SpcMark,
]
WORDS = [
    models.Commentary,
    models.ScorecardPeriod,
    models.PublishedVersion,
]


def _bump_once(words: bool) -> None:
    """Bump once per transaction: readers see the new version only when it commits, with every change.
    The bump is remembered against the innermost atomic block it ran in; if that block is rolled back
    (or ends), the next change bumps again, so a bump is never lost with a rolled-back savepoint."""
    connection = transaction.get_connection()
    blocks = connection.atomic_blocks
    mark = "_words_version_block" if words else "_data_version_block"
    marked = getattr(connection, mark, None)
    if marked is not None and any(block is marked for block in blocks):
        return
    models.DataVersion.bump(words=words)
    setattr(connection, mark, blocks[-1] if blocks else None)


def _figures_changed(sender, **kwargs):
    if not kwargs.get("raw"):
        _bump_once(words=False)


def _words_changed(sender, **kwargs):
    if not kwargs.get("raw"):
        _bump_once(words=True)


def connect() -> None:
    for models_of, handler in ((FIGURES, _figures_changed), (WORDS, _words_changed)):
        for model in models_of:
            post_save.connect(handler, sender=model, dispatch_uid=f"data-version-save-{model.__name__}")
            post_delete.connect(handler, sender=model, dispatch_uid=f"data-version-delete-{model.__name__}")
    m2m_changed.connect(
        _figures_changed, sender=models.Measure.frameworks.through, dispatch_uid="data-version-frameworks"
    )
