"""The national API of BENCHMARKING.md, from the same functions as the benchmarking pages."""

from __future__ import annotations

from django.http import JsonResponse
from django.urls import reverse

from indicators import periods

from . import editions, queries
from .measures import EDITIONS

COMPARISON = (
    "England's value against the council's interval: 'similar' inside the 95% interval; 'better' or "
    "'worse' (or 'higher' / 'lower' for a measure with no better direction) outside it; 'best' or 'worst' "
    "outside the 99.8% interval too; 'not compared' without an interval or an England value."
)


def _number(value: float | None, places: int = 6):
    return None if value is None else round(value, places)


def year_in_address(text: str) -> int:
    """'2018-19' (or 2018/19) as the financial year's start; ValueError says what is wrong."""
    return periods.parse_financial_year(text.replace("-", "/") if len(text) == 7 else text)


def national_list(request):
    return JsonResponse(
        {
            "measures": [
                {
                    "code": held.code,
                    "edition": held.edition,
                    "edition_name": held.edition_name,
                    "disaggregation": held.disaggregation,
                    "title": held.title,
                    "years": [
                        {
                            "year": label,
                            "url": request.build_absolute_uri(
                                reverse("national_api:measure_year", args=[held.code, label])
                            )
                            + ("" if held.disaggregation == "Total" else f"?disaggregation={held.disaggregation}"),
                        }
                        for label in held.year_labels()
                    ],
                }
                for held in queries.catalogue()
            ]
        },
        json_dumps_params={"ensure_ascii": False},
    )


def measure_year(request, code: str, year: str):
    try:
        fy = year_in_address(year)
    except ValueError as problem:
        return JsonResponse({"error": f"Year: {problem}; write it as 2018-19."}, status=400)
    disaggregation = request.GET.get("disaggregation", "Total").strip() or "Total"
    figures = queries.measure_year(code, fy, disaggregation)
    if figures is None:
        return JsonResponse(
            {
                "error": f"No national figures are held for {code} ({disaggregation}) in {year}. "
                f"The list is at {reverse('national_api:list')}."
            },
            status=404,
        )
    return JsonResponse(as_json(figures) | _joined(figures), json_dumps_params={"ensure_ascii": False})


def _joined(figures) -> dict:
    """The measure's codes in the two editions and each comparator group's value and places."""
    match = editions.match_of(figures.measure.edition, figures.measure.code)
    groups = []
    for name, codes in queries.groups().items():
        groups.append(
            {
                "name": name,
                "value": _number(figures.group_value(codes)),
                "method": "sum of numerators over sum of denominators, or the median where only values are given",
                "places": {
                    code: figures.place_in_group(codes, code)[0] for code in sorted(codes) if figures.council(code)
                },
            }
        )
    return {
        "editions": None
        if match is None
        else {
            "code_from_2023_24": match.new,
            "code_up_to_2022_23": match.old or None,
            "method_changed_from": periods.financial_year_label(match.changed_from).replace("/", "-")
            if match.changed_from
            else None,
            "what_changed": match.change,
        },
        "comparator_groups": groups,
    }


def as_json(figures) -> dict:
    m = figures.measure
    cuts = figures.cuts
    return {
        "code": m.code,
        "edition": m.edition,
        "edition_name": EDITIONS[m.edition],
        "year": periods.financial_year_label(figures.year).replace("/", "-"),
        "title": m.title,
        "polarity": m.direction.value,
        "kind": m.kind.value,
        "interval_note": figures.no_interval_reason,
        "interval_levels": [95, 99.8],
        "comparison": COMPARISON,
        "note": figures.note,
        "count": figures.count,
        "england": {
            "value": _number(figures.england),
            "lower_ci": _number(figures.england_ci.lower) if figures.england_ci else None,
            "upper_ci": _number(figures.england_ci.upper) if figures.england_ci else None,
        },
        "regions": {name: _number(value) for name, value in sorted(figures.regions.items())},
        "quartiles": None
        if cuts is None
        else {
            "method": cuts.method,
            "lower": _number(cuts.lower),
            "median": _number(cuts.median),
            "upper": _number(cuts.upper),
        },
        "councils": [
            {
                "code": c.code,
                "name": c.name,
                "region": c.region,
                "value": _number(c.value),
                "numerator": c.numerator,
                "denominator": c.denominator,
                "rank": c.rank,
                "of": c.of,
                "quartile": c.quartile,
                "lower_ci": _number(c.ci95.lower) if c.ci95 else None,
                "upper_ci": _number(c.ci95.upper) if c.ci95 else None,
                "interval_method": c.ci95.method if c.ci95 else None,
                "previous_rank": c.previous_rank,
                "lower_ci_998": _number(c.ci998.lower) if c.ci998 else None,
                "upper_ci_998": _number(c.ci998.upper) if c.ci998 else None,
                "compared_with_england": c.compared_with_england,
                "compared_with_region": c.compared_with_region,
            }
            for c in figures.councils
        ],
    }
