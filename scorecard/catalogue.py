"""The measures a reader can look up: every measure on a scorecard they may open, with what it
measures, how it is worked out and where it is reported, found by code, title, definition or owner.
A fixed number of queries however many measures there are."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, Q

from indicators.facts import MeasureFacts
from indicators.models import Framework, Measure, Scorecard, ScorecardMeasure, StoredPeriod

from . import queries

MOST_WORDS = 100  # a search longer than this is cut: nobody types a definition to find it


@dataclass
class CatalogueEntry:
    measure: MeasureFacts
    owner_name: str  # the owner's role title, or the person's name when only a person is set
    shown_on: list[tuple[Scorecard, StoredPeriod]]  # each scorecard with its latest period this reader sees


def catalogue(drafts: bool, search: str = "") -> list[CatalogueEntry]:
    """The measures on the scorecards this reader may open (published ones only unless `drafts`),
    by code, narrowed to those whose code, title, definition or owner holds `search`."""
    latest = {
        scorecard.id: (scorecard, periods[0]) for scorecard, periods, _ in queries.list_scorecards(drafts) if periods
    }
    shown_on: dict[int, list[tuple[Scorecard, StoredPeriod]]] = {}
    for measure_id, scorecard_id in ScorecardMeasure.objects.filter(scorecard_id__in=latest).values_list(
        "measure_id", "scorecard_id"
    ):
        shown_on.setdefault(measure_id, []).append(latest[scorecard_id])
    measures = Measure.objects.filter(id__in=shown_on).select_related("owner_user")
    words = search.strip()[:MOST_WORDS]
    if words:
        measures = measures.filter(
            Q(code__icontains=words)
            | Q(title__icontains=words)
            | Q(short_title__icontains=words)
            | Q(definition__icontains=words)
            | Q(owner__icontains=words)
            | Q(responsible_officer__icontains=words)
            | Q(owner_user__first_name__icontains=words)
            | Q(owner_user__last_name__icontains=words)
        )
    measures = measures.prefetch_related(Prefetch("frameworks", queryset=Framework.objects.all())).order_by("code")
    return [
        CatalogueEntry(
            MeasureFacts.of(m),
            m.owner or (m.owner_user.get_full_name() if m.owner_user else ""),
            sorted(shown_on[m.id], key=lambda pair: pair[0].title),
        )
        for m in measures
    ]
