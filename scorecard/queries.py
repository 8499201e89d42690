"""The query functions behind every scorecard page, the JSON API, the downloads and the working month's
pages, so none can disagree: loading what a report needs, caching it per data version, and who may see
which periods.

`scorecard_report` reads a scorecard for one period in a fixed number of queries, however many
measures it has; the figures are worked out by `indicators.report`, with the plain rules.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q

from config.cache import process_cache
from config.collection import paused_collection
from indicators import periods, report
from indicators.models import (
    AuditEvent,
    Commentary,
    DataPoint,
    DataVersion,
    Measure,
    Scorecard,
    ScorecardMeasure,
    ScorecardPeriod,
    StoredPeriod,
)
from indicators.report import MeasureRow

from . import published, report_inputs
from .reports import ScorecardReport
from .working import working_report

# A scorecard, its periods with figures (newest first) and the ids of those published.
ScorecardPeriods = tuple[Scorecard, list[StoredPeriod], set[int]]


def scorecard_periods(scorecard: Scorecard) -> list[StoredPeriod]:
    """The scorecard's periods that have figures, newest first: the months of the revisions loaded for
    its measures, or for a quarterly scorecard the quarters they fall in."""
    measure_ids = ScorecardMeasure.objects.filter(scorecard=scorecard).values("measure_id")
    period_ids = DataPoint.objects.filter(measure_id__in=measure_ids).values("revision__reporting_period_id").distinct()
    months = list(StoredPeriod.objects.filter(id__in=period_ids).order_by("-start"))
    return in_scorecard_periods(scorecard, months)


def addressed_by(scorecard: Scorecard) -> periods.PeriodKind:
    """The kind of the scorecard's own periods: quarters for a quarterly scorecard, months for any other
    (an annual report is read month by month through its year)."""
    return (
        periods.PeriodKind.QUARTER if scorecard.period_kind is periods.PeriodKind.QUARTER else periods.PeriodKind.MONTH
    )


def in_scorecard_periods(scorecard: Scorecard, months: list[StoredPeriod]) -> list[StoredPeriod]:
    """The reporting months as the scorecard's own periods, newest first: a quarterly scorecard's are
    the quarters the months fall in (Q3 2017/18 is addressed 2017-18-q3), any other's the months."""
    if addressed_by(scorecard) is not periods.PeriodKind.QUARTER:
        return months
    quarters = {periods.Period.containing(periods.PeriodKind.QUARTER, m.start) for m in months}
    rows = {p.code: p for p in StoredPeriod.objects.filter(code__in=[q.code for q in quarters])}
    for quarter in quarters - {periods.parse_period(code) for code in rows}:
        rows[quarter.code] = StoredPeriod.for_value(quarter)
    return sorted(rows.values(), key=lambda p: p.start, reverse=True)


def list_scorecards(
    drafts: bool = True, public_only: bool = False
) -> list[tuple[Scorecard, list[StoredPeriod], set[int]]]:
    """Every scorecard with its periods (only the published ones unless `drafts`) and the ids of
    those published, in three queries."""
    scorecards = list(Scorecard.objects.filter(is_public=True) if public_only else Scorecard.objects.all())
    scorecards.sort(key=lambda s: s.title)
    rows = (
        DataPoint.objects.filter(measure__entries__scorecard__in=scorecards)
        .values_list("measure__entries__scorecard_id", "revision__reporting_period_id")
        .distinct()
    )
    by_scorecard: dict[int, set[int]] = {}
    for scorecard_id, period_id in rows:
        by_scorecard.setdefault(scorecard_id, set()).add(period_id)
    published: dict[int, set[int]] = {}
    for scorecard_id, period_id in ScorecardPeriod.objects.filter(
        scorecard__in=scorecards, published_at__isnull=False
    ).values_list("scorecard_id", "period_id"):
        published.setdefault(scorecard_id, set()).add(period_id)
    all_ids = set().union(*by_scorecard.values()) if by_scorecard else set()
    period_by_id = {p.id: p for p in StoredPeriod.objects.filter(id__in=all_ids)}
    listed = []
    for s in scorecards:
        months = sorted((period_by_id[i] for i in by_scorecard.get(s.id, ())), key=lambda p: p.start, reverse=True)
        held = in_scorecard_periods(s, months)
        if not drafts:
            held = [p for p in held if p.id in published.get(s.id, set())]
        listed.append((s, held, published.get(s.id, set())))
    return listed


report_cache = process_cache  # config.cache's, shared with the national figures


def scorecard_with_periods(slug: str) -> tuple[Scorecard | None, list[StoredPeriod], set[int], str]:
    """The scorecard, its periods (newest first), the ids of those published and the data version:
    one query when already known."""
    version = DataVersion.current()
    key = ("periods", slug, version)
    found = report_cache.get(key)
    if found is None:
        scorecard = Scorecard.objects.filter(slug=slug).first()
        held = scorecard_periods(scorecard) if scorecard else []
        published = published_period_ids(scorecard) if scorecard else set()
        found = (scorecard, held, published)
        report_cache.put(key, found)
    return (*found, version)


def published_period_ids(scorecard: Scorecard) -> set[int]:
    return set(
        ScorecardPeriod.objects.filter(scorecard=scorecard, published_at__isnull=False).values_list(
            "period_id", flat=True
        )
    )


@dataclass
class Reading:
    """One reader's view of a scorecard: the periods they may open and whether they see drafts. Staff
    see every period with figures; councillors and the public only the published ones."""

    scorecard: Scorecard | None
    periods: list[StoredPeriod]
    published: set[int]
    version: str
    drafts: bool

    def is_published(self, period: StoredPeriod) -> bool:
        return period.id in self.published

    @property
    def kind_of_figures(self) -> str:
        """'figures', or 'published figures' for a reader who sees only those (for 'has no …' messages)."""
        return "figures" if self.drafts else "published figures"


def reading(slug: str, drafts: bool) -> Reading:
    """The pages' and the API's one way to find what a reader may see of a scorecard."""
    scorecard, held, published, version = scorecard_with_periods(slug)
    visible = held if drafts else [p for p in held if p.id in published]
    return Reading(scorecard, visible, published, version, drafts)


def period_of(periods_held: list[StoredPeriod], value: periods.Period) -> StoredPeriod | None:
    """The scorecard's own period row for `value`, or None when the scorecard has no figures for it."""
    return next((p for p in periods_held if p.code == value.code), None)


def cached_scorecard_report(
    scorecard: Scorecard,
    period: StoredPeriod,
    version: str | None = None,
    edition: int | None = None,
    staff: bool = False,
) -> ScorecardReport:
    """`scorecard_report`, built once per change of the data: one query when it is already built.
    `edition` picks an earlier published version of the period; the latest otherwise."""
    version = DataVersion.current() if version is None else version
    key = ("report", scorecard.pk, period.pk, version, edition, staff)
    report = report_cache.get(key)
    if report is None:
        report = scorecard_report(scorecard, period, edition, staff)
        report.version = version
        report_cache.put(key, report)
        if not report.is_published:  # a draft reads the same for staff and readers: built once for both
            report_cache.put((*key[:-1], not staff), report)
    return report


def whole_row(report: ScorecardReport, code: str) -> MeasureRow | None:
    """A measure's row with every period held (a measure page's chart, the API's series): the report's
    own row when it holds the whole history (a published version does), else the measure worked out
    alone, once per change of the data. None when the measure is not on the scorecard."""
    row = next((r for r in report.rows if r.measure.code == code), None)
    if row is None or report.whole_history:
        return row
    key = ("whole row", report.scorecard.pk, report.period.pk, report.version, code)
    found = report_cache.get(key) if report.version else None
    if found is None:
        alone = working_report(report.scorecard, report.period, report.cycle, whole_history=True, only=code)
        found = alone.rows[0]
        if report.version:
            report_cache.put(key, found)
    return found


def scorecard_report(
    scorecard: Scorecard, period: StoredPeriod, edition: int | None = None, staff: bool = False
) -> ScorecardReport:
    """Everything a scorecard shows for one period. A published period is read from what was published
    (its latest version, or `edition`), never worked out again; a draft is worked out from the
    catalogue and the figures as they stand."""
    cycle = ScorecardPeriod.objects.filter(scorecard=scorecard, period=period).first()
    if cycle is not None and cycle.is_published:
        return published_report(scorecard, period, cycle, edition, staff)
    return working_report(scorecard, period, cycle)


class NoSuchEdition(LookupError):
    """A published version asked for that the period does not have."""


@paused_collection()
def published_report(
    scorecard: Scorecard,
    period: StoredPeriod,
    cycle: ScorecardPeriod,
    edition: int | None = None,
    staff: bool = False,
) -> ScorecardReport:
    """A published period as it was published: sections, rows and summary read from the stored version,
    with a figure that a later upload changed marked beside it as recalculated. Readers see a
    recalculation from an upload for this month or an earlier one, or from a later month's extract once
    that month is published; `staff` see every one at once, those not yet published marked as drafts.
    Five queries."""
    versions = list(cycle.versions.select_related("published_by").order_by("number"))
    chosen = versions[-1] if edition is None else next((v for v in versions if v.number == edition), None)
    if chosen is None:
        raise NoSuchEdition(f"{scorecard.title}, {period.long_label} has no version {edition}.")
    sections, summary = published.report_of(chosen.content)
    rows = [row for section in sections for row in section.rows]
    reporting = period.value
    recent = report_inputs.Window.of(reporting, whole=False)
    shown_from = min([recent.shown_from] + [row.current.period.start for row in rows if row.current])
    cutoffs = {  # this scorecard's later published months: what their publication let readers see
        code: cutoff or 0
        for code, cutoff in ScorecardPeriod.objects.filter(
            scorecard=scorecard, published_at__isnull=False, period__start__gt=period.end
        ).values_list("period__code", "revision_cutoff")
    }
    latest = StoredPeriod.objects.filter(revisions__isnull=False).order_by("-end").first() or period
    bound = latest if latest.end > period.end else period
    figures_now = report_inputs.loaded_figures(  # as they stand now, from the earliest figure shown
        {row.measure.id: row.measure.multiplier for row in rows}, bound, recent._replace(shown_from=shown_from)
    )

    def readers_see(figure) -> bool:
        if figure.reported_in.end <= reporting.end:
            return True
        return figure.revision_id <= cutoffs.get(figure.reported_in.code, -1)

    for row in rows:
        held = figures_now.get(row.measure.id, [])
        report.mark_recalculated(row, held if staff else [f for f in held if readers_see(f)], bound.value, readers_see)
    return ScorecardReport(
        published.scorecard_as_published(scorecard, chosen.content),
        period,
        sections,
        summary,
        cycle=cycle,
        editions=[published.edition_of(v) for v in versions],
        edition=published.edition_of(chosen),
        comparison=chosen.content.get("comparison", "auto"),
    )


def work_out_after_import(revision_id: int) -> int:
    """Work out the latest period of each scorecard showing a measure the revision carried, when it is a
    draft: its report is cached and its XmR charts kept (`KeptChart`). Returns how many were worked out."""
    slugs = (
        Scorecard.objects.filter(entries__measure__data_points__revision_id=revision_id)
        .distinct()
        .values_list("slug", flat=True)
    )
    worked_out = 0
    for slug in slugs:
        scorecard, held, published, version = scorecard_with_periods(slug)
        if held and held[0].id not in published:
            cached_scorecard_report(scorecard, held[0], version)
            worked_out += 1
    return worked_out


@dataclass
class MyScorecard:
    """A manager's measures on one scorecard, for its latest period."""

    scorecard: Scorecard
    period: StoredPeriod
    rows: list[MeasureRow]
    cycle: ScorecardPeriod | None

    @property
    def deadline(self) -> dt.date | None:
        return self.cycle.commentary_deadline if self.cycle else None

    @property
    def is_published(self) -> bool:
        return self.cycle is not None and self.cycle.is_published

    @property
    def to_do(self) -> list[MeasureRow]:
        """Commentary missing, still a draft, or sent back."""
        return [r for r in self.rows if r.commentary is None or r.commentary.state in Commentary.WITH_AUTHOR]


def my_measures(user) -> list[MyScorecard]:
    """The measures a person owns or is the responsible officer for, on each scorecard that shows them,
    for the scorecard's latest period: a few queries per scorecard, however many measures."""
    mine = set(Measure.objects.filter(Q(owner_user=user) | Q(responsible_user=user)).values_list("id", flat=True))
    if not mine:
        return []
    cards = []
    slugs = Scorecard.objects.filter(entries__measure_id__in=mine).distinct().order_by("title")
    for slug in slugs.values_list("slug", flat=True):
        scorecard, held, _published, version = scorecard_with_periods(slug)
        if not held:
            continue
        report = cached_scorecard_report(scorecard, held[0], version)
        rows = [row for row in report.rows if row.measure.id in mine]
        cards.append(MyScorecard(scorecard, held[0], rows, report.cycle))
    return cards


def scorecards_showing(measure: Measure, period: StoredPeriod) -> list[tuple[Scorecard, ScorecardPeriod | None]]:
    """The scorecards a measure is on, with their cycle for the period (deadline, publication)."""
    scorecards = list(Scorecard.objects.filter(entries__measure=measure).distinct().order_by("title"))
    cycles = {c.scorecard_id: c for c in ScorecardPeriod.objects.filter(scorecard__in=scorecards, period=period)}
    return [(s, cycles.get(s.id)) for s in scorecards]


def catalogue_changes(code: str, limit: int = 20) -> list:
    """The latest changes on the record to a measure: its definition, targets, benchmarks, place on a
    scorecard, statuses set by judgement and definitions loads that named it. One query."""
    wanted = [
        AuditEvent.Action.CATALOGUE,
        AuditEvent.Action.TARGET,
        AuditEvent.Action.BENCHMARK,
        AuditEvent.Action.STATUS_OVERRIDE,
    ]
    return list(AuditEvent.objects.filter(measure=code, action__in=wanted).select_related("user")[:limit])
