"""A measure's breakdown by area for one scorecard period: the table, the map, the funnel plot, each
area's trend and a CSV of the table. Thin: `breakdown` reads and works out, `drawing` draws."""

from __future__ import annotations

import csv
import functools

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from accounts import permissions
from config.cache import kept_html
from indicators.formatting import spreadsheet_safe
from scorecard import views as scorecard_views

from . import breakdown as by_area
from . import drawing, profile


def _breakdown(context: dict, small: bool):
    """The breakdown behind the page's row, worked out only when asked for; a 404 when the measure has no
    figures by area for its period (one query)."""
    row, report = context["row"], context["report"]
    data_period = row.current.period if row.current else context["period"].value
    if not by_area.held_for_period(report, row.measure.id, data_period):
        raise Http404(f"{row.measure.code} has no figures by area for {data_period.long_label}.")
    return functools.cache(lambda: by_area.for_row(report, row, small))


def body_key(context: dict, small: bool) -> str:
    """What the page's body is kept under: the figures and words it shows (`version`), the published
    version asked for, the measure, and what the reader may see. Known before any breakdown is read, so
    a kept page reads nothing of the areas."""
    parts = (context["scorecard"].pk, context["period"].pk, context["version"], context["edition_query"])
    parts += (context["row"].measure.id, context["show_drafts"], small)
    return "area-breakdown:" + ":".join(str(part) for part in parts)


@scorecard_views.readable
def breakdown_page(request, slug: str, period: str, code: str):
    context = scorecard_views.measure_context(request, slug, period, code)
    small = permissions.sees_small_counts(request.user)

    def draw() -> str:
        found = _breakdown(context, small)
        drawn = {
            "breakdown": found,
            "area_map": functools.cache(lambda: drawing.area_map(found())),
            "funnel": functools.cache(lambda: drawing.funnel(found(), context["row"].measure)),
        }
        return render_to_string("areas/_breakdown_body.html", {**context, **drawn}, request)

    context["body"] = kept_html(body_key(context, small), draw)
    return render(request, "areas/breakdown.html", context)


@scorecard_views.readable
def breakdown_csv(request, slug: str, period: str, code: str):
    context = scorecard_views.measure_context(request, slug, period, code)
    found = _breakdown(context, permissions.sees_small_counts(request.user))()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"{code}-{context['period'].slug}-by-{found.release.area_type.slug}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    writer = csv.writer(response)
    writer.writerow(
        [
            "area code",
            "area",
            "numerator",
            "denominator",
            "value",
            "95% lower",
            "95% upper",
            "99.8% lower",
            "99.8% upper",
            f"compared with {found.council_name}",
        ]
    )
    for r in found.rows:
        cells = [
            r.area.code,
            r.area.name,
            r.numerator,
            r.denominator,
            r.display,
            *(
                f"{v:.2f}" if v is not None else ""
                for v in (
                    r.ci95.lower if r.ci95 else None,
                    r.ci95.upper if r.ci95 else None,
                    r.ci998.lower if r.ci998 else None,
                    r.ci998.upper if r.ci998 else None,
                )
            ),
            r.words,
        ]
        writer.writerow(spreadsheet_safe("" if c is None else c) for c in cells)
    return response


def area_profile(request, area_type: str, code: str):
    """Every measure broken down for one area, on the scorecards the reader may open."""
    area = profile.find_area(area_type, code)
    if area is None:
        raise Http404(f"There is no {area_type.replace('-', ' ')} '{code}' on the boundaries loaded.")
    staff = permissions.sees_drafts(request.user)
    rows = profile.profile(area, staff, permissions.sees_small_counts(request.user))
    return render(request, "areas/profile.html", {"area": area, "rows": rows, "show_drafts": staff})
