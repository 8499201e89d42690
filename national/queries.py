"""The query functions behind the benchmarking pages, the API and the scorecards' national benchmarks:
the rows of the latest release holding a measure and year, worked out by `national.figures` and kept
per data version (a few queries, however many councils)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, Q, Subquery, When
from django.utils.text import slugify

from config.cache import process_cache as report_cache
from indicators import periods
from indicators.models import DataVersion

from . import editions
from . import statistics as stats
from .figures import MeasureYear, Row, value_of, work_out
from .measures import EDITIONS, edition_of
from .measures import measure as national_measure
from .models import ComparatorGroup, Council, Record, Release
from .spine import Spine, spine

SOURCES = {
    Release.Layout.OFLOG: "ASCOF, NHS England, via Oflog's Local Authority Data Explorer; Open Government Licence v3.0",
    Release.Layout.ASCOF_2014: "ASCOF, NHS Digital; Open Government Licence v3.0",
    Release.Layout.ASCOF_2024: "ASCOF, NHS England; Open Government Licence v3.0",
    Release.Layout.ASCOF_OUTCOMES: "ASCOF, NHS Digital and NHS England; Open Government Licence v3.0",
}

# A row with a figure: a value, or the counts to work one out.
WITH_FIGURES = Q(value__isnull=False) | Q(numerator__isnull=False, denominator__isnull=False)


@dataclass(frozen=True)
class Held:
    """A national measure (its edition and code) and disaggregation with the years held, newest first."""

    edition: str
    code: str
    disaggregation: str
    title: str
    years: tuple[int, ...]

    @property
    def edition_name(self) -> str:
        return EDITIONS[self.edition]

    def year_labels(self) -> list[str]:
        return [periods.financial_year_label(y).replace("/", "-") for y in self.years]


def catalogue(version: str | None = None) -> list[Held]:
    """Every national measure held, with its years: one query, kept per data version."""
    key = ("national-catalogue", version or DataVersion.current())
    found = report_cache.get(key)
    if found is None:
        years: dict[tuple[str, str, str], set[int]] = {}
        # A year whose every row is empty (a survey not run that year, every figure suppressed) is not held.
        held_rows = (
            Record.objects.filter(WITH_FIGURES).values_list("edition", "measure", "disaggregation", "year").distinct()
        )
        for edition, code, disaggregation, year in held_rows:
            years.setdefault((edition, code, disaggregation), set()).add(year)
        found = [
            Held(
                edition, code, disaggregation, national_measure(code, edition).title, tuple(sorted(held, reverse=True))
            )
            for (edition, code, disaggregation), held in sorted(years.items())
        ]
        report_cache.put(key, found)
    return found


def measure_year(code: str, year: int, disaggregation: str = "Total", version: str | None = None) -> MeasureYear | None:
    """The measure worked out for every council in one year, or None when no release holds it. A caller
    that reads several passes the data version it read once."""
    version = version or DataVersion.current()
    key = ("national", code, disaggregation, year, version)
    found = report_cache.get(key)
    if found is None:
        found = _work_out(code, disaggregation, year, version)
        report_cache.put(key, found)
    return found


def _councils(version: str) -> dict[str, Council]:
    key = ("national-councils", version)
    found = report_cache.get(key)
    if found is None:
        found = {c.ons_code: c for c in Council.objects.all()}
        report_cache.put(key, found)
    return found


def _latest_rows(code: str, disaggregation: str, year: int, version: str) -> tuple[list[Row], int | None]:
    """The rows of the latest release holding the measure and year (a values-only file only where no
    file with counts holds it), and that release: one query."""
    held = Record.objects.filter(edition=edition_of(year), measure=code, disaggregation=disaggregation, year=year)
    # The release chosen is the latest with a figure: one whose rows are all empty (a survey not run that
    # year) never hides a file that has the year's values.
    latest = held.filter(WITH_FIGURES)
    # A file of values only fills in the years no file with counts holds; it never hides their counts.
    values_only = Case(When(release__layout__in=Release.VALUES_ONLY, then=1), default=0)
    latest = latest.annotate(values_only=values_only).order_by("values_only", "-release_id").values("release_id")[:1]
    records = list(
        held.filter(release_id=Subquery(latest)).values_list(
            "release_id",
            "level",
            "area_code",
            "area_name",
            "region",
            "council_type",
            "numerator",
            "denominator",
            "value",
            "margin",
        )
    )
    if not records:
        return [], None
    councils = _councils(version)
    rows = []
    for _release, level, area, name, region, council_type, numerator, denominator, value, margin in records:
        council = councils.get(area)
        if council is not None:  # a region or type the data gave elsewhere fills in what this file leaves out
            region = region or council.region
            council_type = council_type or council.council_type
        rows.append(Row(level, area, name, region, council_type, numerator, denominator, value, margin))
    return rows, records[0][0]


def _work_out(code: str, disaggregation: str, year: int, version: str) -> MeasureYear | None:
    rows, release_id = _latest_rows(code, disaggregation, year, version)
    if release_id is None:
        return None
    edition = edition_of(year)
    measure = national_measure(code, edition)
    # Ranks move from the year before only where it is the same measure (its code then, maybe in the
    # other edition) by the same method.
    before = editions.previous_code(edition, code, year)
    held = years_of(before, disaggregation, edition_of(year - 1), version) if before else []
    previous_ranks = _ranks(before, disaggregation, year - 1, version) if year - 1 in held else {}
    release = Release.objects.only("layout", "file_name").get(pk=release_id)
    source = f"{SOURCES.get(release.layout, release.file_name)} ({release.file_name})"
    return work_out(measure, disaggregation, year, rows, previous_ranks, source)


def _ranks(code: str, disaggregation: str, year: int, version: str) -> dict[str, int]:
    """Each council's rank in one year, from that year's rows alone (not the whole measure-year, which
    would read the year before it, and so on back to the first)."""
    found = report_cache.get(("national", code, disaggregation, year, version))
    if found is not None:
        return {c.code: c.rank for c in found.councils}
    rows, release_id = _latest_rows(code, disaggregation, year, version)
    if release_id is None:
        return {}
    measure = national_measure(code, edition_of(year))
    values = {r.area_code: v for r in rows if r.level == "council" and (v := value_of(r, measure)) is not None}
    return stats.ranks(values, measure.direction)


@dataclass(frozen=True)
class ProfileRow:
    """One national measure's latest year for one council, for the council's profile."""

    held: Held
    figures: MeasureYear
    spine: Spine | None
    region_value: float | None

    council_code: str

    @property
    def mine(self):
        return self.figures.council(self.council_code)

    @property
    def measure(self):
        return self.figures.measure

    @property
    def anchor(self) -> str:
        """A name for the row's spine chart unique on the page (a code can be in both editions)."""
        return slugify(f"spine {self.held.edition} {self.held.code} {self.held.disaggregation}")


def profile(council_code: str, region: str, version: str) -> dict[str, list[ProfileRow]]:
    """Every national measure held, its latest year, by edition (newest edition first): kept whole per
    data version and council, so a page read again asks nothing of the database."""
    key = ("national-profile", council_code, version)
    found = report_cache.get(key)
    if found is None:
        found = {}
        for held in sorted(catalogue(version), key=lambda h: h.edition, reverse=True):
            figures = measure_year(held.code, held.years[0], held.disaggregation, version)
            row = ProfileRow(held, figures, spine(figures, council_code), figures.regions.get(region), council_code)
            found.setdefault(held.edition, []).append(row)
        report_cache.put(key, found)
    return found


def years_of(code: str, disaggregation: str, edition: str, version: str | None = None) -> list[int]:
    """The years held of a measure in one edition (a code in the other edition is another measure)."""
    held = next(
        (h for h in catalogue(version) if (h.edition, h.code, h.disaggregation) == (edition, code, disaggregation)),
        None,
    )
    return list(held.years) if held else []


def series_of(code: str, disaggregation: str, edition: str, version: str | None = None) -> editions.Series:
    """The years held of a measure joined across the two editions where it is the same measure."""
    return editions.series(edition, code, lambda e, c: years_of(c, disaggregation, e, version))


def group_codes(name: str) -> set[str]:
    group = ComparatorGroup.objects.filter(name=name).first()
    return set(group.councils.values_list("ons_code", flat=True)) if group else set()
