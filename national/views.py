"""The benchmarking pages: every national measure held, and one page per measure and year with every
council ranked. Open to anyone who may read a scorecard (signed in, or anyone when a scorecard is public:
the national figures are published statistics). Views stay thin: `queries` and `figures` do the work."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string

from config.cache import kept_html
from indicators import periods
from indicators.models import DataVersion, Scorecard

from . import charts, editions, queries
from .api import year_in_address
from .maps import COLOUR_BY, council_map
from .measures import EDITIONS
from .models import Council
from .spine import spine
from .templatetags.national_tags import national_value

SORTS = {
    "rank": lambda c: (c.rank, c.name),
    "name": lambda c: c.name,
    "region": lambda c: (c.region, c.rank),
    "value": lambda c: (c.value, c.name),
    "quartile": lambda c: (c.quartile or 5, c.rank),
}


def _page(request, name: str, outer: dict, key: tuple, context):
    """The page `name` with its body as drawn for the same national data and address, or drawn now (from
    `context()`, which does all the page's work) and kept: a kept page reads and works out nothing more.
    The query string names everything the reader chose; a longer one than any form makes is drawn afresh."""
    query = request.GET.urlencode()

    def draw() -> str:
        return render_to_string(f"national/_{name}_body.html", context(), request)

    kept_as = ":".join(("national", name, *map(str, key), query)) if len(query) <= 500 else None
    return render(request, f"national/{name}.html", {**outer, "body": kept_html(kept_as, draw)})


def _may_read(request) -> bool:
    return request.user.is_authenticated or Scorecard.objects.filter(is_public=True).exists()


def home_council() -> tuple[str, str]:
    """The deployment's own council and its comparator group, from the first scorecard that names one."""
    scorecard = Scorecard.objects.exclude(council_code="").order_by("title").first()
    return (scorecard.council_code, scorecard.comparator_group) if scorecard else ("", "")


@login_not_required
def index(request):
    if not _may_read(request):
        return redirect_to_login(request.get_full_path())
    code, _ = home_council()
    home = Council.objects.filter(ons_code=code).first() if code else None
    context = {"held": queries.catalogue(), "home": home, "matches": editions.table()}
    return render(request, "national/index.html", context)


def _figures_or_404(request, code: str, year: str):
    """The measure and year the address names (with its disaggregation), and the data version read."""
    try:
        fy = year_in_address(year)
    except ValueError as problem:
        raise Http404(f"The year in the address is not right: {problem}; write it as 2021-22.") from None
    disaggregation = request.GET.get("disaggregation", "Total").strip() or "Total"
    version = DataVersion.current()
    figures = queries.measure_year(code, fy, disaggregation, version)
    if figures is None:
        raise Http404(f"No national figures are held for {code} in {periods.financial_year_label(fy)}.")
    return figures, version


@login_not_required
def measure_year(request, code: str, year: str):
    if not _may_read(request):
        return redirect_to_login(request.get_full_path())
    figures, version = _figures_or_404(request, code, year)
    outer = {"measure": figures.measure, "year_label": periods.financial_year_label(figures.year)}
    key = (code, year, figures.disaggregation, version)
    return _page(request, "measure_year", outer, key, lambda: _measure_year(request, figures, version, year))


def _measure_year(request, figures, version: str, year: str) -> dict:
    """Everything the measure-year page shows: the councils ranked, as filtered and sorted, the chosen
    council's place and history, and the charts (drawn only as the body is drawn)."""
    code, disaggregation, fy = figures.measure.code, figures.disaggregation, figures.year
    problems = []
    home = home_council()[0]
    highlight = request.GET.get("council", "").strip().upper() or home
    if highlight and figures.council(highlight) is None and highlight != home:
        problems.append(f"There is no council '{highlight[:12]}' with a figure this year; none is highlighted.")
        highlight = ""
    group_name, group = _group_asked(request, version, problems)

    shown = figures.councils
    region = request.GET.get("region", "").strip()
    regions = sorted({c.region for c in figures.councils if c.region})
    if region:
        if region in regions:
            shown = [c for c in shown if c.region == region]
        else:
            problems.append(f"'{region[:60]}' is not a region in this year's figures; all regions are shown.")
            region = ""
    council_type = request.GET.get("type", "").strip()
    types = sorted({c.council_type for c in figures.councils if c.council_type})
    if council_type:
        if council_type in types:
            shown = [c for c in shown if c.council_type == council_type]
        else:
            problems.append(f"'{council_type[:60]}' is not a council type here; all types are shown.")
            council_type = ""
    if request.GET.get("only_group") and group:
        shown = [c for c in shown if c.code in group or c.code == highlight]
    sort = request.GET.get("sort", "rank")
    if sort not in SORTS:
        problems.append(f"The table cannot be sorted by '{sort[:20]}'; it is sorted by rank.")
        sort = "rank"
    shown = sorted(shown, key=SORTS[sort])

    chosen = figures.council(highlight) if highlight else None
    edition = figures.measure.edition
    series = queries.series_of(code, disaggregation, edition, version)
    history = _history(series, disaggregation, highlight, group, chosen.region if chosen else "", version)
    return {
        "figures": figures,
        "measure": figures.measure,
        "year_label": periods.financial_year_label(fy),
        "year_slug": year,
        "shown": shown,
        "highlight": highlight,
        "chosen": chosen,
        "spine": spine(figures, highlight) if chosen else None,
        # the chosen council with the two ranked above and below it; every council is folded away below
        "neighbours": [c for c in sorted(figures.councils, key=SORTS["rank"]) if abs(c.rank - chosen.rank) <= 2]
        if chosen
        else [],
        "group": group,
        "group_name": group_name,
        "group_value": figures.group_value(group) if group else None,
        "group_place": figures.place_in_group(group, highlight) if highlight else None,
        "regions": regions,
        "types": types,
        "groups": list(queries.groups(version)),
        "councils": Council.objects.order_by("name"),
        "region_choice": region,
        "type_choice": council_type,
        "sort": sort,
        "sort_columns": [
            ("rank", "Rank"),
            ("name", "Council"),
            ("region", "Region"),
            ("value", "Value"),
            ("quartile", "Quartile"),
        ],
        "problems": problems,
        "history": history,
        "years": series.steps,
        "series": series,
        "match": series.match,
        "edition_name": EDITIONS[edition],
        # Charts are built only when the page is not already cached for this data version and address.
        "chart": lambda: charts.ranked_chart(figures, highlight, group, shown),
        "years_chart": lambda: (
            charts.years_chart(
                history["lines"],
                f"{figures.measure.title}: over the years",
                "%" if figures.measure.unit == "percentage" else figures.measure.unit,
                series.breaks_before,
            )
            if history
            else None
        ),
    }


def _group_asked(request, version: str, problems: list[str]) -> tuple[str, frozenset[str]]:
    """The comparator group asked for (?group=), else the deployment's own, with its members' codes; a
    name asked for that is no group is said in `problems`, and then (as for a group with no members)
    none is shown."""
    name = request.GET.get("group", "").strip() or home_council()[1]
    codes = queries.group_codes(name, version) if name else frozenset()
    if name and not codes:
        if "group" in request.GET:
            problems.append(f"There is no comparator group called '{name[:60]}'; none is shown.")
        name = ""
    return name, codes


def _history(series, disaggregation: str, highlight: str, group: set[str], region: str, version: str) -> dict | None:
    """The chosen council over every year held of the measure (joined across the two editions where it
    is the same measure), against England, its region and its group, with its rank and code each year."""
    if not highlight:
        return None
    lines: dict[str, list] = {}
    rows = []
    name = highlight
    every = queries.measure_years([(code, disaggregation, year) for year, code in series.steps], version)
    for year, code in series.steps:
        figures = every[code, disaggregation, year]
        mine = figures.council(highlight)
        name = mine.name if mine else name
        regional = figures.regions.get(region) if region else None
        grouped = figures.group_value(group) if group else None
        rows.append((year, code, mine, figures.england, regional, grouped))
    lines[name] = [(y, m.value if m else None) for y, _, m, _, _, _ in rows]
    lines["England"] = [(y, e) for y, _, _, e, _, _ in rows]
    if region:
        lines[region] = [(y, r) for y, _, _, _, r, _ in rows]
    if group:
        lines["Comparator group"] = [(y, g) for y, _, _, _, _, g in rows]
    return {"name": name, "rows": rows, "lines": lines}


@login_not_required
def council_map_page(request, code: str, year: str):
    """Every council on a map, coloured by comparison with England or by quartile, the table beside."""
    if not _may_read(request):
        return redirect_to_login(request.get_full_path())
    figures, version = _figures_or_404(request, code, year)
    outer = {"measure": figures.measure, "year_label": periods.financial_year_label(figures.year)}
    key = (code, year, figures.disaggregation, version)
    return _page(request, "map", outer, key, lambda: _council_map(request, figures, year))


def _council_map(request, figures, year: str) -> dict:
    problems = []
    colour_by = request.GET.get("colour", "england")
    if colour_by not in COLOUR_BY:
        problems.append(f"A map cannot be coloured by '{colour_by[:20]}'; it is coloured by comparison with England.")
        colour_by = "england"
    home, _ = home_council()
    highlight = request.GET.get("council", "").strip().upper() or home
    if figures.council(highlight) is None:
        highlight = ""
    measure = figures.measure
    drawn = council_map(figures, colour_by, highlight, lambda v: national_value(v, measure))
    return {
        "figures": figures,
        "measure": measure,
        "year_label": periods.financial_year_label(figures.year),
        "year_slug": year,
        "map": drawn,
        "colour_by": colour_by,
        "colour_choices": COLOUR_BY,
        "colour_words": COLOUR_BY[colour_by],
        "highlight": highlight,
        "chosen": figures.council(highlight) if highlight else None,
        "problems": problems,
    }


@login_not_required
def profile(request, council: str):
    """One council's profile: every national measure held, its latest year, in one table per edition."""
    if not _may_read(request):
        return redirect_to_login(request.get_full_path())
    chosen = Council.objects.filter(ons_code=council.upper()).first()
    if chosen is None:
        raise Http404(f"There is no council '{council[:12]}' in the national data.")
    version = DataVersion.current()
    key = (chosen.ons_code, version)
    return _page(request, "profile", {"council": chosen}, key, lambda: _profile(request, chosen, version))


def _profile(request, chosen: Council, version: str) -> dict:
    problems = []
    group_name, group = _group_asked(request, version, problems)
    held = queries.profile(chosen.ons_code, chosen.region, version, group)
    return {
        "council": chosen,
        "editions": [{"edition": e, "name": EDITIONS[e], "rows": rows} for e, rows in held.items()],
        "group_name": group_name,
        "groups": list(queries.groups(version)),
        "problems": problems,
    }
