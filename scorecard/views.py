"""Pages. Views stay thin: they ask `queries` for what they show and pick a template."""

from __future__ import annotations

import dataclasses
import functools
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts import permissions
from config import throttle
from indicators import spc_report, status_words
from indicators.models import Measure, Scorecard, SpcMark, StoredPeriod
from indicators.periods import Period, PeriodKind, financial_year_label, parse_period
from indicators.rules import Status

from . import charts, exports, queries

LAYOUT_TEMPLATES = {
    Scorecard.Layout.CABINET: "scorecard/cabinet.html",
    Scorecard.Layout.MONTHLY_GRID: "scorecard/grid.html",
    Scorecard.Layout.ANNUAL: "scorecard/annual.html",
    Scorecard.Layout.NARRATIVE: "scorecard/narrative.html",
    Scorecard.Layout.ASCOF_APPENDIX: "scorecard/ascof_appendix.html",
}


KEPT_FILTERS = ("section", "status", "basis", "months")  # carried from one period to the next
GRID_MONTH_CHOICES = (1, 2, 3, 4, 5, 6, 9, 12, 18, 24, 36)  # the grid's "Months shown" list; 1 to 36 in the address


class LoginNeeded(Exception):
    """The reader must sign in first (a scorecard that is not public)."""


def readable(view):
    """Scorecard pages open to the public when the scorecard is public; everything else needs a log-in.
    Anyone signed out is sent to sign in, whether or not the scorecard exists, so nothing leaks."""

    @login_not_required
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except LoginNeeded:
            return redirect_to_login(request.get_full_path())

    return wrapper


def measures(request):
    """Every measure this reader can see, with its definition: a glossary, a search (?q=) and filters by
    scorecard, framework and owner."""
    from . import catalogue

    chosen = {name: request.GET.get(name, "").strip() for name in ("scorecard", "framework", "owner")}
    search = request.GET.get("q", "")
    found = catalogue.catalogue(permissions.sees_drafts(request.user), search, **chosen)
    context = {
        "found": found,
        "entries": found.entries,
        "problems": found.problems,
        "search": search.strip()[: catalogue.MOST_WORDS],
        "chosen": found.chosen,
    }
    return render(request, "scorecard/measures.html", context)


def _reading(request, slug: str) -> queries.Reading:
    """The scorecard and the periods this reader may see; signed-out readers only a public one."""
    reading = queries.reading(slug, permissions.sees_drafts(request.user))
    if not request.user.is_authenticated and (reading.scorecard is None or not reading.scorecard.is_public):
        raise LoginNeeded
    if reading.scorecard is None:
        raise Http404(f"There is no scorecard called '{slug}'.")
    return reading


def period_in_address(reading: queries.Reading, text: str) -> StoredPeriod:
    """The scorecard's period named in the address, if this reader may open it; else a 404 that says why."""
    try:
        value = parse_period(text)
    except ValueError as problem:
        raise Http404(f"The period in the address is not right: {problem}.") from None
    period = queries.period_of(reading.periods, value)
    if period is None:
        kind = reading.scorecard.period_kind
        if kind is PeriodKind.QUARTER and value.kind is not kind:
            quarter = value.latest_of_kind(kind) if value.kind is PeriodKind.MONTH else None
            hint = f": ask for {quarter.long_label} as {quarter.slug}" if quarter else ""
            raise Http404(f"{reading.scorecard.title} is reported by quarter{hint}.")
        raise Http404(f"{reading.scorecard.title} has no {reading.kind_of_figures} for {value.long_label}.")
    return period


def edition_in_address(text: str) -> int | None:
    """The published version asked for (?version=2), or None for the latest."""
    text = text.strip()
    if not text:
        return None
    if not text.isdigit() or int(text) < 1:
        raise Http404(f"The version in the address is not right: '{text[:20]}' is not a version number such as 1.")
    return int(text)


def report_for(request, reading: queries.Reading, period_row: StoredPeriod) -> queries.ScorecardReport:
    """The period's report as this reader may see it: a published period's latest version, or the one
    named by ?version=; a 404 that says why for a version the period does not have."""
    edition = edition_in_address(request.GET.get("version", ""))
    if edition is not None and not reading.is_published(period_row):
        raise Http404(f"{period_row.long_label} is not published, so it has no versions yet.")
    try:
        return queries.report_for_reading(reading, period_row, edition)
    except queries.NoSuchEdition as problem:
        raise Http404(str(problem)) from None


def edition_query(report: queries.ScorecardReport) -> str:
    """'?version=1' for links from an earlier version to its own measure pages and downloads."""
    return "" if report.is_latest_edition else f"?version={report.edition.number}"


def reading_query(report: queries.ScorecardReport, filters: dict[str, str]) -> str:
    """The version and the scorecard's filters as the reader chose them ('?version=1&status=RED'), carried
    from the scorecard into its measure pages and back, so drilling in and out keeps the reader's place."""
    kept = {} if report.is_latest_edition else {"version": report.edition.number}
    kept.update((name, value) for name, value in filters.items() if name in KEPT_FILTERS and value)
    return "?" + urlencode(kept) if kept else ""


@readable
def scorecard_latest(request, slug: str):
    """The latest period, or the one picked in the period form (?period=...), keeping the reader's
    filters (section, status, months shown) as they move between periods."""
    reading = _reading(request, slug)
    wanted = request.GET.get("period", "").strip()
    if wanted:
        period = period_in_address(reading, wanted)
        kept = {name: request.GET[name] for name in KEPT_FILTERS if request.GET.get(name, "").strip()}
        address = reverse("scorecard:scorecard", args=[slug, period.slug])
        return redirect(address + ("?" + urlencode(kept) if kept else ""))
    if not reading.periods:
        return render(request, "scorecard/empty.html", {"scorecard": reading.scorecard}, status=404)
    return redirect("scorecard:scorecard", slug, reading.periods[0].slug)


@readable
def scorecard_page(request, slug: str, period: str):
    reading = _reading(request, slug)
    periods = reading.periods
    period_row = period_in_address(reading, period)
    report = report_for(request, reading, period_row)
    problems = []

    sections = report.sections
    section = request.GET.get("section", "").strip()
    if section:
        if section.isdigit() and 1 <= int(section) <= len(sections):
            sections = [sections[int(section) - 1]]
        else:
            problems.append(
                f"There is no section '{section}'; choose one of 1 to {len(report.sections)}. All sections are shown."
            )
            section = ""
    status = request.GET.get("status", "").strip().upper()
    if status:
        if status in {s.value for s in Status}:
            sections = [
                dataclasses.replace(s, rows=[r for r in s.rows if r.status.status.value == status]) for s in sections
            ]
            sections = [s for s in sections if s.rows]
        else:
            problems.append(f"'{status}' is not a status; choose GREEN, AMBER, RED or N/A. All statuses are shown.")
            status = ""
    basis = request.GET.get("basis", "").strip().lower()
    if basis:
        if basis in status_words.BASES:
            sections = [dataclasses.replace(s, rows=[r for r in s.rows if r.status_basis == basis]) for s in sections]
            sections = [s for s in sections if s.rows]
        else:
            problems.append(f"'{basis[:30]}' is not a reason for a status; every reason is shown.")
            basis = ""
    months = 3
    if request.GET.get("months"):
        text = request.GET["months"].strip()
        if text.isdigit() and 1 <= int(text) <= 36:
            months = int(text)
        else:
            problems.append(f"'{text}' months cannot be shown; choose 1 to 36. Three months are shown.")
    value = period_row.value
    grid_months = [value.shifted(-i) for i in reversed(range(months))]
    chosen = {"section": section, "status": status, "basis": basis, "months": str(months) if months != 3 else ""}
    context = {
        "scorecard": report.scorecard,  # as published, for a published month
        "period": period_row,
        "report": report,
        "version": reading.cache_key,
        "edition_query": edition_query(report),
        "drill_query": reading_query(report, chosen),
        "sections": sections,
        "periods": periods,
        "section_choice": section,
        "shown_count": sum(len(s.rows) for s in sections),
        "status_choice": status,
        "basis_choice": basis,
        "basis_words": status_words.PART_WORDS.get((Status(status), basis), "") if status and basis else "",
        "months": months,
        "grid_months": grid_months,
        "grid_month_choices": sorted({*GRID_MONTH_CHOICES, months}),
        "problems": problems,
        "year_label": financial_year_label(value.fy),
        "last_year_label": financial_year_label(value.fy - 1),
        "to_date_label": value.year_to_date_label,
        "quarter": value.latest_of_kind(PeriodKind.QUARTER),
        "year_quarters": [Period.quarter(value.fy, index) for index in range(1, 5)],
        "show_drafts": reading.drafts,
        "is_draft": not reading.is_published(period_row),
        "can_publish": permissions.can_publish(request.user),
        # the measures with figures by area behind their tick: read once, and only if the page is drawn
        "by_area": functools.cache(lambda: queries.measures_by_area(period_row, report.cycle)),
    }
    return render(request, LAYOUT_TEMPLATES.get(report.scorecard.layout, "scorecard/cabinet.html"), context)


def measure_context(request, slug: str, period: str, code: str) -> dict:
    reading = _reading(request, slug)
    scorecard = reading.scorecard
    period_row = period_in_address(reading, period)
    report = report_for(request, reading, period_row)
    rows = report.rows
    index = next((i for i, r in enumerate(rows) if r.measure.code == code), None)
    if index is None:
        exists = Measure.objects.filter(code=code).exists()
        raise Http404(
            f"The measure '{code}' is not on {scorecard.title}." if exists else f"There is no measure '{code}'."
        )
    # the scorecard's filters the reader came with, for the way back (the scorecard page checks them)
    back = reading_query(report, {name: request.GET.get(name, "").strip()[:40] for name in KEPT_FILTERS})
    return {
        "scorecard": report.scorecard,  # as published, for a published month
        "period": period_row,
        "version": reading.cache_key,
        "report": report,
        "edition_query": edition_query(report),
        "row": rows[index],
        "previous_row": rows[index - 1] if index > 0 else None,
        "next_row": rows[index + 1] if index + 1 < len(rows) else None,
        "scorecard_url": reverse("scorecard:scorecard", args=[slug, period_row.slug]) + back,
        "nav_query": back,
        "show_drafts": reading.drafts,
        "is_draft": not reading.is_published(period_row),
    }


@readable
def measure_page(request, slug: str, period: str, code: str):
    context = measure_context(request, slug, period, code)
    context["row"] = row = queries.whole_row(context["report"], code)  # the chart is of every period held
    context["can_write"] = permissions.can_write(request.user, row.measure)
    if permissions.reads_audit_log(request.user):
        context["catalogue_changes"] = queries.catalogue_changes(row.measure.code)
    context["chart"] = lambda: charts.measure_chart(row)  # built only when the page is not cached
    context["by_area"] = functools.cache(lambda: queries.measures_by_area(context["period"], context["report"].cycle))
    context["year_table"] = lambda: charts.year_table(row)
    shown = request.GET.get("range", "all")
    if shown not in charts.RANGES:
        context["problems"] = [f"'{shown[:20]}' is not a range; choose this year, 3 years or all. All is shown."]
        shown = "all"
    context["spc_range"] = shown
    context["spc_ranges"] = [("year", "this year"), ("3y", "3 years"), ("all", "all")]
    context["spc_chart"] = lambda: charts.xmr_chart(row, shown)
    context["spc_points"] = lambda: charts.spc_points(row, shown)
    if row.spc is not None and context["is_draft"] and request.user.has_perm("indicators.add_spcmark"):
        # for officers, not readers, and on a draft: a published month's chart stays as it was published
        context["shift_from"] = spc_report.sustained_shift(row.spc.points)
    return render(request, "scorecard/measure.html", context)


@require_POST
def spc_recalculate(request, slug: str, period: str, code: str):
    """An officer's 'recalculate the limits from the shift's start', as Making Data Count advises once a
    shift has run long enough: kept as an SPC mark with the reason given (audited, and the figures
    version moves, so every chart is worked out again)."""
    if not request.user.has_perm("indicators.add_spcmark"):
        raise PermissionDenied("Only a performance officer can recalculate a chart's limits.")
    context = measure_context(request, slug, period, code)
    row = queries.whole_row(context["report"], code)
    start = spc_report.sustained_shift(row.spc.points) if row.spc is not None else None
    back = reverse("scorecard:measure", args=[slug, context["period"].slug, code])
    reason = request.POST.get("reason", "").strip()
    if not context["is_draft"]:
        messages.error(request, "This month is published, so its chart stays as published: nothing was changed.")
    elif start is None or request.POST.get("start") != start.code:
        messages.error(request, "The chart has changed since the page was shown: nothing was recalculated.")
    elif not reason or len(reason) > 500:
        messages.error(request, "Say why the limits are recalculated (at most 500 characters): nothing was changed.")
    else:
        SpcMark.objects.create(
            measure_id=row.measure.id,
            period=StoredPeriod.for_value(start),
            kind=SpcMark.Kind.RECALCULATE,
            reason=reason,
            set_by=request.user,
        )
        messages.success(request, f"The limits of {code} are recalculated from {start.long_label}.")
    return redirect(back + "#spc-title")


@readable
def chart_figures(request, slug: str, period: str, code: str):
    """A measure page chart's figures as CSV (?chart=year, the default, or xmr with its ?range=)."""
    context = measure_context(request, slug, period, code)
    row = queries.whole_row(context["report"], code)
    chart, shown = request.GET.get("chart", "year"), request.GET.get("range", "all")
    if chart not in ("year", "xmr"):
        raise Http404(f"'{chart[:20]}' is not a chart of this page; ask for chart=year or chart=xmr.")
    if shown not in charts.RANGES:
        raise Http404(f"'{shown[:20]}' is not a range; choose year, 3y or all.")
    response = HttpResponse(exports.chart_csv(row, chart, shown), content_type="text/csv; charset=utf-8")
    name = f"{code}-{context['period'].slug}-{'xmr' if chart == 'xmr' else 'this-year'}.csv".replace(" ", "-")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


SIGNAL_ORDER = {"concern": 0, "improvement": 1, "neither": 2, "common": 3}


@readable
def signals_page(request, slug: str, period: str):
    """Every measure's latest figure, target, RAG, variation and assurance, and its last three figures: the
    integrated performance report's layout, signals first."""
    reading = _reading(request, slug)
    period_row = period_in_address(reading, period)
    report = report_for(request, reading, period_row)

    def order(row):
        variation = row.spc.variation if row.spc and row.spc.variation else "common"
        return (SIGNAL_ORDER.get(variation.split("_")[0], 3), row.spc is None or row.spc.assurance != "fail")

    context = {
        "scorecard": reading.scorecard,
        "period": period_row,
        "report": report,
        "rows": sorted(report.rows, key=order),
        "version": reading.cache_key,
        "edition_query": edition_query(report),
        "periods": reading.periods,
        "show_drafts": reading.drafts,
        "is_draft": not reading.is_published(period_row),
        "can_publish": permissions.can_publish(request.user),
    }
    return render(request, "scorecard/signals.html", context)


@readable
def quartile_page(request, slug: str, period: str, code: str):
    context = measure_context(request, slug, period, code)
    if context["row"].quartiles is None:
        raise Http404(f"{context['row'].measure.code} has no national quartiles to compare with.")
    row = context["row"]
    context["chart"] = lambda: charts.quartile_chart(row)
    return render(request, "scorecard/quartiles.html", context)


@readable
def export(request, slug: str, period: str, fmt: str):
    """The scorecard as CSV, Excel or PDF. Readers who are not signed in may download only so often."""
    reading = _reading(request, slug)
    scorecard = reading.scorecard
    period_row = period_in_address(reading, period)
    if fmt not in exports.FORMATS:
        raise Http404(f"Scorecards can be downloaded as csv, xlsx or pdf, not '{fmt}'.")
    if not request.user.is_authenticated and not throttle.allowed(
        request, "downloads", settings.DOWNLOADS_PER_MINUTE_SIGNED_OUT
    ):
        return render(request, "scorecard/too_many.html", {"scorecard": scorecard}, status=429)
    choices = pdf_choices(request)
    report = report_for(request, reading, period_row)
    if fmt == "pdf":
        content = exports.kept_download(report, fmt, reading.drafts, choices) or _made_pdf(
            request, report, reading, choices
        )
        if isinstance(content, HttpResponse):
            return content  # too many asked for, or every place for making one is busy: try again shortly
    else:
        content = exports.download(report, fmt, request.build_absolute_uri("/"), reading.drafts, choices)
    response = HttpResponse(content, content_type=exports.FORMATS[fmt])
    name = f"{scorecard.slug}-{period_row.slug}{'-summary' if fmt == 'pdf' and choices.summary_only else ''}"
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def _made_pdf(request, report, reading, choices) -> bytes | HttpResponse:
    """A PDF not made before costs seconds of a web process: each person may ask for only so many a
    minute, and only `PDF_RENDERS_AT_ONCE` are made at once across every process, so page requests are
    never left waiting behind them. A reader turned away is asked to try again in a few seconds."""
    with throttle.slot("pdf", settings.PDF_RENDERS_AT_ONCE) as ours:
        if not ours:  # asking again after a busy answer does not count against the reader
            response = render(request, "scorecard/pdf_busy.html", {"scorecard": reading.scorecard}, status=503)
            response["Retry-After"] = "2"
            return response
        if request.user.is_authenticated and not throttle.allowed(
            request, f"pdfs-of-{request.user.pk}", settings.PDFS_PER_MINUTE_SIGNED_IN
        ):
            return render(request, "scorecard/too_many.html", {"scorecard": reading.scorecard}, status=429)
        # `download` looks in the cache once more: another process may have made it while this one waited.
        return exports.download(report, "pdf", request.build_absolute_uri("/"), reading.drafts, choices)


def pdf_choices(request) -> exports.PdfChoices:
    """?summary=1 for the summary table alone; ?months=N (1 to 36) for a monthly grid's columns. A 404
    that says what to ask for otherwise."""
    summary = request.GET.get("summary", "").strip().lower()
    if summary not in ("", "0", "1", "yes", "no"):
        raise Http404(f"'summary={summary[:20]}' is not understood: ask for summary=1 for the summary table alone.")
    months = request.GET.get("months", "").strip()
    if months and not (months.isdigit() and 1 <= int(months) <= 36):
        raise Http404(f"'months={months[:20]}' cannot be printed: choose 1 to 36 months.")
    return exports.PdfChoices(summary_only=summary in ("1", "yes"), months=int(months) if months else 12)
