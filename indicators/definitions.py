"""Loading the catalogue from a definitions file (YAML; the format is written up in docs/definitions.md).

The whole file is checked against the models' own rules before anything is kept: a file with any
error changes nothing, and every error names its entry and field, e.g.

    measures[4] (code "2C") > targets[0] (year 2024/25) > minimum: "abc" is not a number
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from . import periods, rules
from .models import (
    AuditEvent,
    Benchmark,
    Framework,
    Measure,
    Scorecard,
    ScorecardMeasure,
    Section,
    Target,
    TargetProfile,
)
from .numbers import parse_number
from .problems import FileError, Problem
from .yaml_files import read_yaml, validation_errors

MEASURE_FIELDS = {
    "code",
    "title",
    "short_title",
    "definition",
    "frameworks",
    "unit",
    "unit_label",
    "multiplier",
    "decimal_places",
    "polarity",
    "frequency",
    "accumulation",
    "source",
    "owner",
    "responsible_officer",
    "faq",
    "benchmarkable",
    "constituency_breakdown",
    "people_noun",
    "targets",
    "benchmarks",
}
TARGET_FIELDS = {
    "year",
    "rule",
    "target",
    "tolerance",
    "tolerance_type",
    "minimum",
    "stretch",
    "band",
    "band_low",
    "band_high",
    "label",
    "note",
    "profile",
}
BENCHMARK_FIELDS = {
    "year",
    "label",
    "england",
    "region",
    "region_name",
    "rank",
    "rank_of",
    "previous_rank",
    "quartiles",
    "council_quartile",
}
SCORECARD_FIELDS = {
    "slug",
    "title",
    "organisation",
    "produced_by",
    "description",
    "layout",
    "frequency",
    "is_public",
    "sections",
}
SECTION_FIELDS = {"title", "description", "group", "measures"}
QUARTILE_KEYS = {
    "worst": "quartile_worst",
    "third": "quartile_third",
    "3rd": "quartile_third",
    "second": "quartile_second",
    "2nd": "quartile_second",
    "first": "quartile_first",
    "1st": "quartile_first",
    "best": "quartile_best",
}
MONTHS = ["apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec", "jan", "feb", "mar"]
DEFAULT_MULTIPLIER = {"percentage": Decimal(100), "rate": Decimal(100000)}
TOP_LEVEL = {"measures", "scorecards"}


@dataclass
class LoadResult:
    measures_created: int = 0
    measures_updated: int = 0
    targets: int = 0
    benchmarks: int = 0
    scorecards: int = 0
    messages: list[str] = field(default_factory=list)

    def describe(self) -> str:
        return (
            f"{self.measures_created} measures added, {self.measures_updated} updated, "
            f"{self.targets} targets, {self.benchmarks} benchmarks, {self.scorecards} scorecards"
        )


def load_definitions(text: str | bytes, dry_run: bool = False, user=None, source: str = "") -> LoadResult:
    """Check and load a definitions file. Raises FileError, changing nothing, on any error."""
    data = read_yaml(text)
    if not isinstance(data, dict):
        raise FileError("The file must be a mapping with 'measures' and/or 'scorecards' at the top.")
    unknown = set(data) - TOP_LEVEL
    if unknown:
        raise FileError(
            f"Unknown top-level key(s) {', '.join(sorted(map(str, unknown)))}: expected 'measures' and 'scorecards'."
        )
    loader = _Loader()
    with transaction.atomic():
        loader.load(data)
        if loader.errors:
            transaction.set_rollback(True)
            raise FileError(loader.errors)
        if dry_run:
            transaction.set_rollback(True)
        else:
            AuditEvent.record(
                AuditEvent.Action.DEFINITIONS,
                f"{source or 'Definitions file'}: {loader.result.describe()}",
                user,
                details={"file": source},
            )
    return loader.result


def _text(value) -> str:
    return "" if value is None else str(value).strip()


class _Loader:
    def __init__(self):
        self.errors: list[Problem] = []
        self.result = LoadResult()
        self.frameworks = {f.code.lower(): f for f in Framework.objects.all()}
        self.measures: dict[str, Measure] = {}

    # --- helpers ---
    def error(self, where: str, message: str) -> None:
        self.errors.append(Problem(message, entry=where))

    def check_keys(self, where: str, entry: dict, allowed: set[str]) -> bool:
        unknown = [k for k in entry if k not in allowed]
        for key in unknown:
            self.error(f"{where} > {key}", f"unknown field; expected one of {', '.join(sorted(allowed))}")
        return not unknown

    def as_list(self, where: str, value, what: str) -> list:
        if value is None:
            return []
        if not isinstance(value, list):
            self.error(where, f"must be a list of {what}")
            return []
        return value

    def number(self, where: str, value) -> Decimal | None:
        try:
            return parse_number(value, blank_words=False)
        except ValueError as problem:
            self.error(where, str(problem))
            return None

    def year(self, where: str, value) -> int | None:
        if value is None:
            self.error(where, "the financial year is missing (write it as 2024/25)")
            return None
        try:
            return periods.parse_financial_year(str(value))
        except ValueError as problem:
            self.error(where, str(problem))
            return None

    def validated(self, where: str, obj, exclude: list[str] | None = None) -> bool:
        problems = validation_errors(where, obj, exclude)
        self.errors.extend(problems)
        return not problems

    # --- the file ---
    def load(self, data: dict) -> None:
        measures = self.as_list("measures", data.get("measures"), "measures")
        seen: set[str] = set()
        for i, entry in enumerate(measures):
            code = _text(entry.get("code")) if isinstance(entry, dict) else ""
            where = f'measures[{i}] (code "{code}")' if code else f"measures[{i}]"
            if not isinstance(entry, dict):
                self.error(where, "each measure must be a mapping of field: value")
                continue
            if code in seen:
                self.error(where, f'the code "{code}" is defined twice in this file')
                continue
            seen.add(code)
            self.load_measure(where, entry)
        for i, entry in enumerate(self.as_list("scorecards", data.get("scorecards"), "scorecards")):
            slug = _text(entry.get("slug")) if isinstance(entry, dict) else ""
            where = f'scorecards[{i}] (slug "{slug}")' if slug else f"scorecards[{i}]"
            if not isinstance(entry, dict):
                self.error(where, "each scorecard must be a mapping of field: value")
                continue
            self.load_scorecard(where, entry)

    def load_measure(self, where: str, entry: dict) -> None:
        if not self.check_keys(where, entry, MEASURE_FIELDS):
            return
        code = _text(entry.get("code"))
        if not code:
            self.error(where, "the measure has no code")
            return
        measure = Measure.objects.filter(code=code).first()
        created = measure is None
        if created:
            measure = Measure(code=code)
        unit = _text(entry.get("unit")) or measure.unit
        values = {
            "title": _text(entry.get("title")),
            "short_title": _text(entry.get("short_title")),
            "definition": _text(entry.get("definition")),
            "unit": unit,
            "unit_label": _text(entry.get("unit_label")),
            "polarity": _text(entry.get("polarity")) or Measure.Polarity.HIGHER,
            "frequency": _text(entry.get("frequency")) or Measure.Frequency.MONTHLY,
            "accumulation": _text(entry.get("accumulation")) or Measure.Accumulation.SNAPSHOT,
            "source": _text(entry.get("source")),
            "owner": _text(entry.get("owner")),
            "responsible_officer": _text(entry.get("responsible_officer")),
            "faq": _text(entry.get("faq")),
            "people_noun": _text(entry.get("people_noun")) or "people",
        }
        for name, choices in (
            ("unit", Measure.Unit),
            ("polarity", Measure.Polarity),
            ("frequency", Measure.Frequency),
            ("accumulation", Measure.Accumulation),
        ):
            if values[name] not in choices.values:
                self.error(f"{where} > {name}", f'"{values[name]}" is not one of {", ".join(choices.values)}')
                return
        for flag in ("benchmarkable", "constituency_breakdown"):
            value = entry.get(flag, False)
            if not isinstance(value, bool):
                self.error(f"{where} > {flag}", "must be true or false")
                return
            values[flag] = value
        multiplier = self.number(f"{where} > multiplier", entry.get("multiplier"))
        values["multiplier"] = multiplier if multiplier is not None else DEFAULT_MULTIPLIER.get(unit, Decimal(1))
        places = entry.get("decimal_places", 1)
        if not isinstance(places, int) or isinstance(places, bool):
            self.error(f"{where} > decimal_places", "must be a whole number from 0 to 6")
            return
        values["decimal_places"] = places
        for name, value in values.items():
            setattr(measure, name, value)

        frameworks = []
        for name in self.as_list(f"{where} > frameworks", entry.get("frameworks"), "framework codes"):
            framework = self.frameworks.get(_text(name).lower())
            if framework is None:
                known = ", ".join(f.code for f in self.frameworks.values())
                self.error(f"{where} > frameworks", f'"{name}" is not a known framework ({known})')
                return
            frameworks.append(framework)

        if not self.validated(where, measure):
            return
        measure.save()
        measure.frameworks.set(frameworks)
        self.measures[code] = measure
        if created:
            self.result.measures_created += 1
        else:
            self.result.measures_updated += 1

        years: set[int] = set()
        for j, target in enumerate(self.as_list(f"{where} > targets", entry.get("targets"), "targets")):
            self.load_target(f"{where} > targets[{j}]", measure, target, years)
        years = set()
        for j, bench in enumerate(self.as_list(f"{where} > benchmarks", entry.get("benchmarks"), "benchmarks")):
            self.load_benchmark(f"{where} > benchmarks[{j}]", measure, bench, years)

    def load_target(self, where: str, measure: Measure, entry, years: set[int]) -> None:
        if not isinstance(entry, dict):
            self.error(where, "each target must be a mapping of field: value")
            return
        if not self.check_keys(where, entry, TARGET_FIELDS):
            return
        fy = self.year(f"{where} > year", entry.get("year"))
        if fy is None:
            return
        where = f"{where} (year {periods.financial_year_label(fy)})"
        if fy in years:
            self.error(where, "there are two targets for this year")
            return
        years.add(fy)
        rule = _text(entry.get("rule")) or rules.Rule.TOLERANCE
        if rule not in {r.value for r in rules.Rule}:
            self.error(f"{where} > rule", f'"{rule}" is not one of {", ".join(r.value for r in rules.Rule)}')
            return
        target = Target.objects.filter(measure=measure, financial_year=fy).first() or Target(
            measure=measure, financial_year=fy
        )
        target.rule = rule
        for name in ("target", "tolerance", "minimum", "stretch", "band_low", "band_high"):
            setattr(target, name, self.number(f"{where} > {name}", entry.get(name)))
        band = entry.get("band")
        if band is not None:
            if not isinstance(band, list) or len(band) != 2:
                self.error(f"{where} > band", "write the band as [low, high], e.g. [55, 60]")
                return
            target.band_low = self.number(f"{where} > band", band[0])
            target.band_high = self.number(f"{where} > band", band[1])
        target.tolerance_type = _text(entry.get("tolerance_type")) or Target.ToleranceType.ABSOLUTE
        target.label = _text(entry.get("label"))
        target.note = _text(entry.get("note"))
        profile = self.profile(f"{where} > profile", entry.get("profile"))
        if profile is None or not self.validated(where, target):
            return
        target.save()
        target.profile.all().delete()
        TargetProfile.objects.bulk_create(
            [TargetProfile(target=target, month=month, value=value) for month, value in profile.items()]
        )
        self.result.targets += 1

    def profile(self, where: str, value) -> dict[int, Decimal] | None:
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.error(where, "write the profile as month: value, e.g. {Apr: 30, May: 31}")
            return None
        result = {}
        for key, amount in value.items():
            name = _text(key).lower()[:3]
            if name not in MONTHS:
                self.error(where, f'"{key}" is not a month (Apr to Mar)')
                return None
            number = self.number(f"{where} > {key}", amount)
            if number is None:
                self.error(f"{where} > {key}", "needs a number")
                return None
            result[MONTHS.index(name) + 1] = number
        return result

    def load_benchmark(self, where: str, measure: Measure, entry, years: set[int]) -> None:
        if not isinstance(entry, dict):
            self.error(where, "each benchmark must be a mapping of field: value")
            return
        if not self.check_keys(where, entry, BENCHMARK_FIELDS):
            return
        fy = self.year(f"{where} > year", entry.get("year"))
        if fy is None:
            return
        if fy in years:
            self.error(where, f"there are two benchmarks for {periods.financial_year_label(fy)}")
            return
        years.add(fy)
        bench = Benchmark.objects.filter(measure=measure, financial_year=fy).first() or Benchmark(
            measure=measure, financial_year=fy
        )
        bench.label = _text(entry.get("label")) or f"{periods.financial_year_label(fy)}"
        bench.england_average = self.number(f"{where} > england", entry.get("england"))
        bench.regional_average = self.number(f"{where} > region", entry.get("region"))
        bench.region_name = _text(entry.get("region_name"))
        bench.council_quartile = _text(entry.get("council_quartile"))
        for key, name in (("rank", "england_rank"), ("rank_of", "england_rank_of"), ("previous_rank", "previous_rank")):
            value = entry.get(key)
            if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 1):
                self.error(f"{where} > {key}", "must be a whole number, 1 or more")
                return
            setattr(bench, name, value)
        for name in Benchmark.QUARTILE_FIELDS:
            setattr(bench, name, None)
        quartiles = entry.get("quartiles")
        if quartiles is not None:
            if not isinstance(quartiles, dict):
                self.error(f"{where} > quartiles", "write them as worst, third, second, first, best: value")
                return
            for key, value in quartiles.items():
                name = QUARTILE_KEYS.get(_text(key).lower())
                if name is None:
                    self.error(f"{where} > quartiles > {key}", "expected worst, third, second, first or best")
                    return
                setattr(bench, name, self.number(f"{where} > quartiles > {key}", value))
        if not self.validated(where, bench):
            return
        bench.save()
        self.result.benchmarks += 1

    def load_scorecard(self, where: str, entry: dict) -> None:
        if not self.check_keys(where, entry, SCORECARD_FIELDS):
            return
        slug = _text(entry.get("slug"))
        scorecard = Scorecard.objects.filter(slug=slug).first() or Scorecard(slug=slug)
        scorecard.title = _text(entry.get("title"))
        scorecard.organisation = _text(entry.get("organisation"))
        scorecard.produced_by = _text(entry.get("produced_by"))
        scorecard.description = _text(entry.get("description"))
        scorecard.layout = _text(entry.get("layout")) or Scorecard.Layout.CABINET
        scorecard.frequency = _text(entry.get("frequency")) or Scorecard.Frequency.MONTHLY
        public = entry.get("is_public", False)
        if not isinstance(public, bool):
            self.error(f"{where} > is_public", "must be true or false")
            return
        scorecard.is_public = public
        if not self.validated(where, scorecard):
            return
        sections = self.as_list(f"{where} > sections", entry.get("sections"), "sections")
        planned = []
        placed: set[str] = set()
        for i, section in enumerate(sections):
            swhere = f"{where} > sections[{i}]"
            if not isinstance(section, dict) or not self.check_keys(swhere, section, SECTION_FIELDS):
                if not isinstance(section, dict):
                    self.error(swhere, "each section must be a mapping with a title and measures")
                continue
            title = _text(section.get("title"))
            if not title:
                self.error(swhere, "the section has no title")
            members = []
            for j, member in enumerate(self.as_list(f"{swhere} > measures", section.get("measures"), "measure codes")):
                mwhere = f"{swhere} > measures[{j}]"
                if isinstance(member, dict):
                    code, number = _text(member.get("code")), _text(member.get("number"))
                    extra = set(member) - {"code", "number"}
                    if extra:
                        self.error(mwhere, f"unknown field(s) {', '.join(sorted(extra))}; expected code and number")
                else:
                    code, number = _text(member), ""
                measure = self.measures.get(code) or Measure.objects.filter(code=code).first()
                if measure is None:
                    self.error(mwhere, f'no measure has the code "{code}"')
                    continue
                if code in placed:
                    self.error(mwhere, f'the measure "{code}" is on this scorecard twice')
                    continue
                placed.add(code)
                members.append((measure, number))
            planned.append((title, _text(section.get("description")), _text(section.get("group")), members))
        if self.errors:
            return
        scorecard.save()
        scorecard.entries.all().delete()
        scorecard.sections.all().delete()
        order = 0
        for s_order, (title, description, group, members) in enumerate(planned, start=1):
            section = Section.objects.create(
                scorecard=scorecard, title=title, description=description, group=group, order=s_order
            )
            for measure, number in members:
                order += 1
                ScorecardMeasure.objects.create(
                    scorecard=scorecard, section=section, measure=measure, order=order, number=number
                )
        self.result.scorecards += 1
