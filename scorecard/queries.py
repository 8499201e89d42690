"""The query functions behind every scorecard page, the JSON API, the downloads and the working month's
pages, so none can disagree: loading what a report needs, caching it per data version, and who may see
which periods.

`scorecard_report` reads a scorecard for one period in a fixed number of queries, however many
measures it has; the figures are worked out by `indicators.report`, with the plain rules.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from django.db.models import Max, Q

from config.cache import process_cache
from config.collection import paused_collection
from indicators import periods, report
from indicators.models import (
    AreaFigure,
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
from .working import figures_report, with_words, working_report

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


def scorecard_with_periods(slug: str, version: str) -> tuple[Scorecard | None, list[StoredPeriod]]:
    """The scorecard and its periods with figures (newest first), once per figures version."""
    key = ("periods", slug, version)
    found = report_cache.get(key)
    if found is None:
        scorecard = Scorecard.objects.filter(slug=slug).first()
        found = (scorecard, scorecard_periods(scorecard) if scorecard else [])
        report_cache.put(key, found)
    return found


def cycles_of(scorecard: Scorecard | None, words: str | None = None) -> dict[int, ScorecardPeriod]:
    """The scorecard's deadlines and publications by period id, each with the id of its latest published
    version: one query, or none when already read for this words version (they are words: every change
    to a cycle or a publication moves it on)."""
    if scorecard is None:
        return {}
    key = ("cycles", scorecard.pk, words)
    found = report_cache.get(key) if words else None
    if found is None:
        rows = ScorecardPeriod.objects.filter(scorecard=scorecard).annotate(latest_version=Max("versions__id"))
        found = {cycle.period_id: cycle for cycle in rows}
        if words:
            report_cache.put(key, found)
    return found


def publication_stamp(cycles: dict[int, ScorecardPeriod]) -> tuple:
    """What a published period's report depends on besides the figures: which periods are published,
    by which version, and the uploads each publication let readers see (its revision cutoff)."""
    return tuple(sorted((c.period_id, c.latest_version, c.revision_cutoff) for c in cycles.values() if c.is_published))


@dataclass
class Reading:
    """One reader's view of a scorecard: the periods they may open and whether they see drafts. Staff
    see every period with figures; councillors and the public only the published ones. `version` is the
    figures version, `words` the words version (`DataVersion`), both read with the cycles per request."""

    scorecard: Scorecard | None
    periods: list[StoredPeriod]
    cycles: dict[int, ScorecardPeriod]
    version: str
    words: str
    drafts: bool

    @property
    def published(self) -> set[int]:
        return {period_id for period_id, cycle in self.cycles.items() if cycle.is_published}

    def is_published(self, period: StoredPeriod) -> bool:
        cycle = self.cycles.get(period.id)
        return cycle is not None and cycle.is_published

    @property
    def cache_key(self) -> str:
        """What a page fragment or download showing figures and words is kept under, known before any
        report is built."""
        return f"{self.version}/{self.words}"

    @property
    def kind_of_figures(self) -> str:
        """'figures', or 'published figures' for a reader who sees only those (for 'has no …' messages)."""
        return "figures" if self.drafts else "published figures"


def reading(slug: str, drafts: bool) -> Reading:
    """The pages' and the API's one way to find what a reader may see of a scorecard: one query (the
    versions) when its periods and cycles are already read for them."""
    version, words = DataVersion.both()
    scorecard, held = scorecard_with_periods(slug, version)
    cycles = cycles_of(scorecard, words)
    visible = held if drafts else [p for p in held if p.id in cycles and cycles[p.id].is_published]
    return Reading(scorecard, visible, cycles, version, words, drafts)


def period_of(periods_held: list[StoredPeriod], value: periods.Period) -> StoredPeriod | None:
    """The scorecard's own period row for `value`, or None when the scorecard has no figures for it."""
    return next((p for p in periods_held if p.code == value.code), None)


def report_for_reading(reading: Reading, period: StoredPeriod, edition: int | None = None) -> ScorecardReport:
    """The period's report as the reader sees it (`cached_scorecard_report`), from what `reading` read."""
    return cached_scorecard_report(
        reading.scorecard, period, edition, reading.drafts, (reading.version, reading.words), reading.cycles
    )


def cached_scorecard_report(
    scorecard: Scorecard,
    period: StoredPeriod,
    edition: int | None = None,
    staff: bool = False,
    versions: tuple[str, str] | None = None,
    cycles: dict[int, ScorecardPeriod] | None = None,
) -> ScorecardReport:
    """`scorecard_report`, worked out once per figures version and kept; the words (commentary, the
    deadline, the publication) are laid over it on each request, so saving commentary leaves it warm.
    A published period's report is kept per figures version and publication (`publication_stamp`).
    The words laid over are kept too, per both versions, so a warm page reads neither again.
    `edition` picks an earlier published version of the period; the latest otherwise."""
    version, words = DataVersion.both() if versions is None else versions
    cycles = cycles_of(scorecard, words) if cycles is None else cycles
    cycle = cycles.get(period.id)
    if cycle is not None and cycle.is_published:
        key = ("published", scorecard.pk, period.pk, version, publication_stamp(cycles), edition, staff)
        report = report_cache.get(key)
        if report is None:
            report = published_report(scorecard, period, cycle, edition, staff)
            report.version = version
            report_cache.put(key, report)
        return dataclasses.replace(report, cycle=cycle, words=words)
    worded = report_cache.get(("with words", scorecard.pk, period.pk, version, words))
    if worded is not None:
        return worded
    key = ("worked out", scorecard.pk, period.pk, version)
    report = report_cache.get(key)
    if report is None:
        report = figures_report(scorecard, period)
        report.version = version
        report_cache.put(key, report)
    worded = with_words(report, cycle, words)
    report_cache.put(("with words", scorecard.pk, period.pk, version, words), worded)
    return worded


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
        found = figures_report(report.scorecard, report.period, whole_history=True, only=code).rows[0]
        if report.version:
            report_cache.put(key, found)
    return dataclasses.replace(found, commentary=row.commentary)


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
        found = reading(slug, drafts=True)
        if found.periods and not found.is_published(found.periods[0]):
            report_for_reading(found, found.periods[0])
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
        found = reading(slug, drafts=True)
        if not found.periods:
            continue
        report = report_for_reading(found, found.periods[0])
        rows = [row for row in report.rows if row.measure.id in mine]
        cards.append(MyScorecard(found.scorecard, found.periods[0], rows, report.cycle))
    return cards


def scorecards_showing(measure: Measure, period: StoredPeriod) -> list[tuple[Scorecard, ScorecardPeriod | None]]:
    """The scorecards a measure is on, with their cycle for the period (deadline, publication)."""
    scorecards = list(Scorecard.objects.filter(entries__measure=measure).distinct().order_by("title"))
    cycles = {c.scorecard_id: c for c in ScorecardPeriod.objects.filter(scorecard__in=scorecards, period=period)}
    return [(s, cycles.get(s.id)) for s in scorecards]


def rows_showing(measure: Measure, period: StoredPeriod, scorecards: list[Scorecard]):
    """The measure's row, as each of `scorecards` that carries `period` shows it: (scorecard, its period,
    row), in the order given, each report built only when the one before has been used."""
    for scorecard in scorecards:
        held = in_scorecard_periods(scorecard, [period])
        if not held:
            continue
        report = cached_scorecard_report(scorecard, held[0])
        row = next((r for r in report.rows if r.measure.code == measure.code), None)
        if row is not None:
            yield scorecard, held[0], row


def area_figures_read(period: StoredPeriod, cycle: ScorecardPeriod | None):
    """The figures by area a scorecard period reads: held as of its month and, for a published period, as
    they stood when it was published (a later upload never changes what was published)."""
    figures = AreaFigure.objects.filter(revision__reporting_period__end__lte=period.end)
    if cycle is not None and cycle.is_published:
        figures = figures.filter(revision__created_at__lte=cycle.published_at)
    return figures


def measures_by_area(period: StoredPeriod, cycle: ScorecardPeriod | None) -> set[int]:
    """The measures with figures by area a scorecard period reads (`area_figures_read`): those whose tick
    leads to a breakdown. One query."""
    return set(area_figures_read(period, cycle).values_list("measure_id", flat=True).distinct())


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
