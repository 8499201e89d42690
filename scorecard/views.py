"""Pages. Views stay thin: they ask `queries` for what they show and pick a template."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from indicators.models import Measure, Period, Scorecard
from indicators.periods import parse_period
from indicators.rules import Status

from . import charts, exports, queries

LAYOUT_TEMPLATES = {
    Scorecard.Layout.CABINET: "scorecard/cabinet.html",
    Scorecard.Layout.MONTHLY_GRID: "scorecard/grid.html",
}


def index(request):
    """The scorecards and the periods each has figures for."""
    return render(request, "scorecard/index.html", {"scorecards": queries.list_scorecards()})


@login_not_required
def health(request):
    """For the load balancer and docker compose: the database answers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # noqa: BLE001 - any failure means unhealthy
        return JsonResponse({"database": "unavailable"}, status=503)
    return JsonResponse({"database": "ok"})


def _scorecard(slug: str) -> tuple[Scorecard, list[Period], str]:
    """The scorecard, its periods and the data version (from the process cache when unchanged)."""
    scorecard, periods, version = queries.scorecard_with_periods(slug)
    if scorecard is None:
        raise Http404(f"There is no scorecard called '{slug}'.")
    return scorecard, periods, version


def _period(scorecard: Scorecard, text: str, periods: list[Period]) -> Period:
    """The scorecard's period named in the address."""
    try:
        value = parse_period(text)
    except ValueError as problem:
        raise Http404(f"The period in the address is not right: {problem}.") from None
    period = queries.period_of(periods, value)
    if period is None:
        raise Http404(f"{scorecard.title} has no figures for {value.long_label}.")
    return period


def scorecard_latest(request, slug: str):
    """The latest period, or the one picked in the period form (?period=...)."""
    scorecard, periods, _version = _scorecard(slug)
    wanted = request.GET.get("period", "").strip()
    if wanted:
        period = _period(scorecard, wanted, periods)
        return redirect("scorecard:scorecard", slug, period.slug)
    if not periods:
        return render(request, "scorecard/empty.html", {"scorecard": scorecard}, status=404)
    return redirect("scorecard:scorecard", slug, periods[0].slug)


def scorecard_page(request, slug: str, period: str):
    scorecard, periods, version = _scorecard(slug)
    period_row = _period(scorecard, period, periods)
    report = queries.cached_scorecard_report(scorecard, period_row, version)
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
                type(s)(s.title, s.description, [r for r in s.rows if r.status.status.value == status])
                for s in sections
            ]
            sections = [s for s in sections if s.rows]
        else:
            problems.append(f"'{status}' is not a status; choose GREEN, AMBER, RED or N/A. All statuses are shown.")
            status = ""
    months = 3
    if request.GET.get("months"):
        text = request.GET["months"].strip()
        if text.isdigit() and 1 <= int(text) <= 12:
            months = int(text)
        else:
            problems.append(f"'{text}' months cannot be shown; choose 1 to 12. Three months are shown.")
    grid_months = [period_row.value.shifted(-i) for i in reversed(range(months))]
    context = {
        "scorecard": scorecard,
        "period": period_row,
        "report": report,
        "version": report.version,
        "sections": sections,
        "periods": periods,
        "section_choice": section,
        "status_choice": status,
        "months": months,
        "grid_months": grid_months,
        "problems": problems,
    }
    return render(request, LAYOUT_TEMPLATES.get(scorecard.layout, "scorecard/cabinet.html"), context)


def _measure_context(slug: str, period: str, code: str) -> dict:
    scorecard, periods, version = _scorecard(slug)
    period_row = _period(scorecard, period, periods)
    report = queries.cached_scorecard_report(scorecard, period_row, version)
    rows = report.rows
    index = next((i for i, r in enumerate(rows) if r.measure.code == code), None)
    if index is None:
        exists = Measure.objects.filter(code=code).exists()
        raise Http404(
            f"The measure '{code}' is not on {scorecard.title}." if exists else f"There is no measure '{code}'."
        )
    return {
        "scorecard": scorecard,
        "period": period_row,
        "version": report.version,
        "row": rows[index],
        "previous_row": rows[index - 1] if index > 0 else None,
        "next_row": rows[index + 1] if index + 1 < len(rows) else None,
        "scorecard_url": reverse("scorecard:scorecard", args=[slug, period_row.slug]),
    }


def measure_page(request, slug: str, period: str, code: str):
    context = _measure_context(slug, period, code)
    row = context["row"]
    context["chart"] = lambda: charts.measure_chart(row)  # built only when the page is not cached
    return render(request, "scorecard/measure.html", context)


def quartile_page(request, slug: str, period: str, code: str):
    context = _measure_context(slug, period, code)
    if context["row"].quartiles is None:
        raise Http404(f"{context['row'].measure.code} has no national quartiles to compare with.")
    row = context["row"]
    context["chart"] = lambda: charts.quartile_chart(row)
    return render(request, "scorecard/quartiles.html", context)


def export(request, slug: str, period: str, fmt: str):
    """The scorecard as CSV, Excel or PDF."""
    scorecard, periods, version = _scorecard(slug)
    period_row = _period(scorecard, period, periods)
    report = queries.cached_scorecard_report(scorecard, period_row, version)
    name = f"{scorecard.slug}-{period_row.slug}.{fmt}"
    if fmt == "csv":
        response = HttpResponse(exports.to_csv(report), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        response = HttpResponse(
            exports.to_xlsx(report),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    elif fmt == "pdf":
        response = HttpResponse(exports.to_pdf(report, request.build_absolute_uri("/")), content_type="application/pdf")
    else:
        raise Http404(f"Scorecards can be downloaded as csv, xlsx or pdf, not '{fmt}'.")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
