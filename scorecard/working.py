"""A draft month's report worked out from the catalogue and the figures as they stand, in a fixed number of
queries however many measures: the catalogue, then what `report_inputs` reads, then each row by
`indicators.report`. A published month is read from what was published instead (`queries`)."""

from __future__ import annotations

import dataclasses

from django.conf import settings
from django.db.models import Prefetch

from config.collection import paused_collection
from indicators import facts, report, rules
from indicators.models import (
    Benchmark,
    Commentary,
    Scorecard,
    ScorecardMeasure,
    ScorecardPeriod,
    StatusOverride,
    StoredPeriod,
    Target,
)
from indicators.report import MeasureRow
from indicators.spc_report import ChartBook

from . import hooks, report_inputs
from .reports import ScorecardReport


def working_report(
    scorecard: Scorecard,
    period: StoredPeriod,
    cycle: ScorecardPeriod | None = None,
    whole_history: bool = False,
    only: str | None = None,
) -> ScorecardReport:
    """The draft scorecard as it stands, figures and words: what a publication keeps."""
    return with_words(figures_report(scorecard, period, whole_history, only), cycle)


def with_words(report: ScorecardReport, cycle: ScorecardPeriod | None, words: str = "") -> ScorecardReport:
    """The worked-out report with the words laid over it: each measure's commentary for the period and the
    period's deadline and publication (`cycle`). One query; the report itself is left as it was."""
    notes = {
        c.measure_id: facts.CommentaryFacts.of(c)
        for c in Commentary.objects.filter(measure_id__in=[row.measure.id for row in report.rows], period=report.period)
    }
    sections = [
        dataclasses.replace(
            section, rows=[dataclasses.replace(row, commentary=notes.get(row.measure.id)) for row in section.rows]
        )
        for section in report.sections
    ]
    return dataclasses.replace(report, sections=sections, cycle=cycle, words=words)


@paused_collection()
def figures_report(
    scorecard: Scorecard, period: StoredPeriod, whole_history: bool = False, only: str | None = None
) -> ScorecardReport:
    """The scorecard worked out from the catalogue and the figures as they stand, without its words
    (`with_words` lays them over): the catalogue and figures read in a fixed number of queries for any
    number of measures, then each row by `indicators.report`.

    Pages show at most the last few years, so only those are read (`report_inputs.Window`) unless
    `whole_history` (a measure page, the API's series, a publication); each XmR chart is still of the
    whole history: read from those kept (`KeptChart`) when the database's stamp of the measure's figures
    and its method match, else the measure's row is built from its whole history, and the chart worked
    out and kept (two more queries; three when a target, method or mark changed too). `only` builds one
    measure's row (its code)."""
    entries = (
        ScorecardMeasure.objects.filter(scorecard=scorecard)
        .select_related("measure", "section")
        .prefetch_related(Prefetch("measure__frameworks"))
        .order_by("order")
    )
    entries = list(entries.filter(measure__code=only) if only is not None else entries)
    measure_ids = [e.measure_id for e in entries]
    multipliers = {e.measure_id: e.measure.multiplier for e in entries}
    reporting = period.value
    whole = whole_history

    targets: dict[int, list[facts.TargetFacts]] = {}
    for target in Target.objects.filter(measure_id__in=measure_ids).prefetch_related("profile"):
        targets.setdefault(target.measure_id, []).append(facts.TargetFacts.of(target))

    benchmarks: dict[int, list[facts.BenchmarkFacts]] = {}
    for benchmark in Benchmark.objects.filter(measure_id__in=measure_ids, financial_year__lte=reporting.fy):
        benchmarks.setdefault(benchmark.measure_id, []).append(facts.BenchmarkFacts.of(benchmark))
    for source in hooks.benchmark_sources:  # national's, registered when it starts
        for measure_id, worked_out in source(
            [e.measure for e in entries], scorecard.council_code, reporting.fy
        ).items():
            years = {b.financial_year for b in worked_out}  # these figures replace those typed in
            benchmarks[measure_id] = [b for b in benchmarks.get(measure_id, []) if b.financial_year not in years]
            benchmarks[measure_id] += worked_out

    spc_methods = report_inputs.spc_methods(measure_ids, reporting)
    period_of = report_inputs.periods_up_to(period)
    stamps = report_inputs.figure_stamps(multipliers, period, report_inputs.Window.of(reporting), period_of)
    charts = ChartBook(
        report_inputs.kept_charts(measure_ids, reporting),
        salt=settings.CODE_RELEASE,
        stamps={measure_id: stamp.text for measure_id, stamp in stamps.items()},
        whole=whole,
    )
    override_rows = StatusOverride.objects.filter(measure_id__in=measure_ids, period=period)
    overrides: dict[int, report.StatusResult] = {}
    for override in override_rows.order_by("set_at", "id"):  # the latest wins
        overrides[override.measure_id] = report.StatusResult(rules.Status(override.status), "manual", override.reason)

    def row_of(entry: ScorecardMeasure, held: list, book: ChartBook) -> MeasureRow:
        return report.build_row(
            facts.MeasureFacts.of(entry.measure),
            entry.section.title,
            entry.number,
            reporting,
            held,
            targets.get(entry.measure_id, []),
            benchmarks.get(entry.measure_id, []),
            overrides.get(entry.measure_id),
            None,
            full_precision=scorecard.status_precision == Scorecard.Precision.FULL,
            basis=rules.Basis(scorecard.comparison),
            spc_method=spc_methods.get(entry.measure_id),
            charts=book,
        )

    figures, first = _figures(multipliers, period, period_of, whole, charts, stamps)
    whole_book = dataclasses.replace(charts, made=charts.made, whole=True, wanted=set())
    rows = {
        e.measure_id: row_of(e, figures.get(e.measure_id, []), whole_book if e.measure_id in first else charts)
        for e in entries
    }
    if charts.wanted:  # a target, method or mark changed since the chart was kept: one more read
        again = report_inputs.loaded_figures(
            {i: multipliers[i] for i in charts.wanted}, period, report_inputs.Window.of(reporting), period_of
        )
        for entry in entries:
            if entry.measure_id in charts.wanted:
                rows[entry.measure_id] = row_of(entry, again.get(entry.measure_id, []), whole_book)

    sections: list[report.SectionBlock] = []
    section_id = None
    for entry in entries:
        if not sections or section_id != entry.section_id:
            section_id = entry.section_id
            sections.append(
                report.SectionBlock(entry.section.title, entry.section.description, [], entry.section.group)
            )
        sections[-1].rows.append(rows[entry.measure_id])

    report_inputs.keep_charts(charts.made, reporting)
    summary = rules.summarise((row.status.status, row.travel, row.has_target) for s in sections for row in s.rows)
    return ScorecardReport(scorecard, period, sections, summary, comparison=scorecard.comparison, whole_history=whole)


def _figures(
    multipliers: dict, period: StoredPeriod, period_of: dict, whole: bool, charts: ChartBook, stamps: dict
) -> tuple[dict[int, list], set[int]]:
    """The figures the rows are built from, and which measures' rows are of the whole history: all when
    `whole`; else those whose kept chart is not of their figures as they stand, and those with fewer
    than three periods in the years read (the others read only those years). One query; two or three
    when some charts are kept and some not."""
    shown, all_years = report_inputs.Window.of(period.value, whole=False), report_inputs.Window.of(period.value)

    def read(ids, window) -> dict:
        wanted = {i: multipliers[i] for i in ids}
        return report_inputs.loaded_figures(wanted, period, window, period_of) if wanted else {}

    if whole:
        return read(multipliers, all_years), set(multipliers)
    first = {measure_id for measure_id in multipliers if charts.stale(measure_id)}
    figures = read(set(multipliers) - first, shown)
    late = {i for i in set(multipliers) - first if report_inputs.needs_whole_history(figures.get(i, []), stamps.get(i))}
    figures.update(read(first | late, all_years))
    return figures, first | late
