"""The query functions behind the benchmarking pages, the API and the scorecards' national benchmarks:
the rows of the latest release holding a measure and year, worked out by `national.figures` and kept
per data version (a few queries, however many councils)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.db.models import Q
from django.utils.text import slugify

from config.cache import index_cache
from config.cache import process_cache as report_cache
from indicators import periods
from indicators import statistics as stats
from indicators.models import DataVersion

from . import editions
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


Key = tuple[str, str, int]  # a measure-year: code, disaggregation, financial year (the year names the edition)


def _chosen(version: str) -> dict[Key, tuple[int, str]]:
    """The release each measure-year is read from, with the words naming its source: the latest release
    with a figure for it, a file of values only only where no file with counts holds it (a release whose
    rows are all empty, a survey not run that year, never hides one with values). Two queries, kept per
    data version."""
    key = ("national-releases", version)
    found = index_cache.get(key)
    if found is None:
        releases = {r.id: r for r in Release.objects.only("id", "layout", "file_name")}
        best: dict[Key, tuple[tuple[bool, int], int]] = {}
        held = Record.objects.filter(WITH_FIGURES).values_list("measure", "disaggregation", "year", "release_id")
        for code, disaggregation, year, release_id in held.distinct():
            rank = (releases[release_id].layout not in Release.VALUES_ONLY, release_id)
            if (code, disaggregation, year) not in best or rank > best[code, disaggregation, year][0]:
                best[code, disaggregation, year] = (rank, release_id)
        found = {}
        for measure_year_key, (_rank, release_id) in best.items():
            release = releases[release_id]
            found[measure_year_key] = (
                release_id,
                f"{SOURCES.get(release.layout, release.file_name)} ({release.file_name})",
            )
        index_cache.put(key, found)
    return found


def catalogue(version: str | None = None) -> list[Held]:
    """Every national measure held, with its years (a year whose every row is empty is not held): kept
    per data version."""
    version = version or DataVersion.current()
    key = ("national-catalogue", version)
    found = index_cache.get(key)
    if found is None:
        years: dict[tuple[str, str, str], set[int]] = {}
        for code, disaggregation, year in _chosen(version):
            years.setdefault((edition_of(year), code, disaggregation), set()).add(year)
        found = [
            Held(
                edition, code, disaggregation, national_measure(code, edition).title, tuple(sorted(held, reverse=True))
            )
            for (edition, code, disaggregation), held in sorted(years.items())
        ]
        index_cache.put(key, found)
    return found


def measure_year(code: str, year: int, disaggregation: str = "Total", version: str | None = None) -> MeasureYear | None:
    """The measure worked out for every council in one year, or None when no release holds it. A caller
    that reads several passes the data version it read once."""
    return measure_years([(code, disaggregation, year)], version)[code, disaggregation, year]


def measure_years(wanted: list[Key], version: str | None = None) -> dict[Key, MeasureYear | None]:
    """Several measure-years at once. Those not already kept for the data version are worked out from
    the rows read in one query per release and year (however many measures and councils), then kept."""
    version = version or DataVersion.current()
    found = {w: report_cache.get(("national", *w, version)) for w in wanted}
    missing = [w for w, figures in found.items() if figures is None]
    if not missing:
        return found
    chosen = _chosen(version)
    before = {w: _year_before(w, chosen) for w in missing}
    needed = set(missing) | {b for b in before.values() if b and report_cache.get(("national", *b, version)) is None}
    rows = _rows_of(needed, chosen, version)
    for w in missing:
        if w not in chosen:
            continue
        code, disaggregation, year = w
        measure = national_measure(code, edition_of(year))
        previous_ranks = _ranks(before[w], rows, version) if before[w] else {}
        found[w] = work_out(measure, disaggregation, year, rows.get(w, []), previous_ranks, chosen[w][1])
        report_cache.put(("national", *w, version), found[w])
    return found


def _year_before(wanted: Key, chosen: dict) -> Key | None:
    """The same measure the year before (its code then, maybe in the other edition, by the same method),
    if held: the year ranks move from."""
    code, disaggregation, year = wanted
    before = editions.previous_code(edition_of(year), code, year)
    return (before, disaggregation, year - 1) if before and (before, disaggregation, year - 1) in chosen else None


def _rows_of(wanted: set[Key], chosen: dict, version: str) -> dict[Key, list[Row]]:
    """Each measure-year's rows from its chosen release: one query per release and year."""
    by_release: dict[tuple[int, int], set[Key]] = {}
    for w in wanted:
        if w in chosen:
            by_release.setdefault((chosen[w][0], w[2]), set()).add(w)
    councils = _councils(version)
    found: dict[Key, list[Row]] = {}
    for (release_id, year), keys in sorted(by_release.items()):
        records = Record.objects.filter(
            release_id=release_id,
            year=year,
            measure__in={k[0] for k in keys},
            disaggregation__in={k[1] for k in keys},
        ).values_list(
            "measure",
            "disaggregation",
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
        for code, disaggregation, level, area, name, region, council_type, *figures in records:
            if (code, disaggregation, year) not in keys:
                continue
            council = councils.get(area)
            if council is not None:  # a region or type the data gave elsewhere fills in what this file leaves out
                region = region or council.region
                council_type = council_type or council.council_type
            row = Row(level, area, name, region, council_type, *figures)
            found.setdefault((code, disaggregation, year), []).append(row)
    return found


def _councils(version: str) -> dict[str, Council]:
    key = ("national-councils", version)
    found = index_cache.get(key)
    if found is None:
        found = {c.ons_code: c for c in Council.objects.all()}
        index_cache.put(key, found)
    return found


def _ranks(wanted: Key, rows: dict[Key, list[Row]], version: str) -> dict[str, int]:
    """Each council's rank in one measure-year: from the measure-year kept, else from its rows alone
    (not the whole measure-year, which would read the year before it, and so on back to the first)."""
    kept = report_cache.get(("national", *wanted, version))
    if kept is not None:
        return {c.code: c.rank for c in kept.councils}
    measure = national_measure(wanted[0], edition_of(wanted[2]))
    values = {
        r.area_code: v for r in rows.get(wanted, []) if r.level == "council" and (v := value_of(r, measure)) is not None
    }
    return stats.ranks(values, measure.direction)


@dataclass(frozen=True)
class ProfileRow:
    """One national measure's latest year for one council, for the council's profile."""

    held: Held
    figures: MeasureYear
    spine: Spine | None
    region_value: float | None

    council_code: str
    group_value: float | None = None  # the comparator group's pooled value, when a group is chosen
    group_place: tuple[int, int] | None = None  # the council's place in it, and of how many

    def with_group(self, codes: set[str]) -> ProfileRow:
        """The row with a comparator group's value and the council's place in it (worked out in memory)."""
        if not codes:
            return self
        value, place = self.figures.group_value(codes), self.figures.place_in_group(codes, self.council_code)
        return replace(self, group_value=value, group_place=place)

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


def profile(
    council_code: str, region: str, version: str, group: frozenset[str] = frozenset()
) -> dict[str, list[ProfileRow]]:
    """Every national measure held, its latest year, by edition (newest edition first), with a comparator
    group's value and the council's place in it when `group` names its councils: worked out in one query
    per release and year read, and kept whole per data version, council and group."""
    key = ("national-profile", council_code, version, tuple(sorted(group)))
    found = report_cache.get(key)
    if found is None:
        found = {}
        held = sorted(catalogue(version), key=lambda h: h.edition, reverse=True)
        figures = measure_years([(h.code, h.disaggregation, h.years[0]) for h in held], version)
        for h in held:
            latest = figures[h.code, h.disaggregation, h.years[0]]
            row = ProfileRow(h, latest, spine(latest, council_code), latest.regions.get(region), council_code)
            found.setdefault(h.edition, []).append(row.with_group(group))
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


def groups(version: str | None = None) -> dict[str, frozenset[str]]:
    """Every comparator group by name with its councils' codes: one query, kept per data version (a
    group file that changes a group moves the version on)."""
    version = version or DataVersion.current()
    key = ("national-groups", version)
    found = index_cache.get(key)
    if found is None:
        found = {}
        for name, code in ComparatorGroup.councils.through.objects.values_list(
            "comparatorgroup__name", "council__ons_code"
        ).order_by("comparatorgroup__name"):
            found[name] = found.get(name, frozenset()) | {code}
        index_cache.put(key, found)
    return found


def group_codes(name: str, version: str | None = None) -> frozenset[str]:
    return groups(version).get(name, frozenset())
