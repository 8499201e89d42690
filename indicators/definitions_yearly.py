"""The yearly entries of a measure in a definitions file: its targets (with monthly profiles) and its
benchmarks. Part of the definitions loader (`indicators.definitions`): the same rules apply, so a field
the file leaves out keeps its value and each change is noted."""

from __future__ import annotations

from decimal import Decimal

from . import periods, rules
from .field_changes import FieldChange, shown
from .field_changes import text_of as _text
from .models import Benchmark, Measure, Target, TargetProfile

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


class YearlyEntries:
    """Loads targets and benchmarks; mixed into the loader, whose helpers (error, number, year, assign,
    validated, check_keys, result) it uses."""

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
        existing = Target.objects.filter(measure=measure, financial_year=fy).first()
        created = existing is None
        target = existing or Target(measure=measure, financial_year=fy)
        what = f'target of "{measure.code}" for {periods.financial_year_label(fy)}'
        before = len(self.result.changes)

        def given(name: str) -> bool:
            return created or name in entry

        if given("rule"):
            rule = _text(entry.get("rule")) or rules.Rule.TOLERANCE
            if rule not in {r.value for r in rules.Rule}:
                self.error(f"{where} > rule", f'"{rule}" is not one of {", ".join(r.value for r in rules.Rule)}')
                return
            self.assign(target, what, "rule", rule, created)
        for name in ("target", "tolerance", "minimum", "stretch", "band_low", "band_high"):
            if given(name):
                self.assign(target, what, name, self.number(f"{where} > {name}", entry.get(name)), created)
        band = entry.get("band")
        if band is not None:
            if not isinstance(band, list) or len(band) != 2:
                self.error(f"{where} > band", "write the band as [low, high], e.g. [55, 60]")
                return
            self.assign(target, what, "band_low", self.number(f"{where} > band", band[0]), created)
            self.assign(target, what, "band_high", self.number(f"{where} > band", band[1]), created)
        if given("tolerance_type"):
            kind = _text(entry.get("tolerance_type")) or Target.ToleranceType.ABSOLUTE
            self.assign(target, what, "tolerance_type", kind, created)
        for name in ("label", "note"):
            if given(name):
                self.assign(target, what, name, _text(entry.get(name)), created)
        profile = self.profile(f"{where} > profile", entry.get("profile")) if given("profile") else None
        if (given("profile") and profile is None) or not self.validated(where, target):
            return
        target.save()
        if profile is not None:
            old = {} if created else dict(target.profile.values_list("month", "value"))
            if old != profile:
                target.profile.all().delete()
                TargetProfile.objects.bulk_create(
                    [TargetProfile(target=target, month=month, value=value) for month, value in profile.items()]
                )
                if not created:
                    self.result.changes.append(FieldChange(what, "profile", shown(old), shown(profile)))
        if created:
            self.result.changes.append(FieldChange(what, "added", "", shown(target.target)))
        if created or len(self.result.changes) > before:
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
        existing = Benchmark.objects.filter(measure=measure, financial_year=fy).first()
        created = existing is None
        bench = existing or Benchmark(measure=measure, financial_year=fy)
        what = f'benchmark of "{measure.code}" for {periods.financial_year_label(fy)}'
        before = len(self.result.changes)

        def given(name: str) -> bool:
            return created or name in entry

        if given("label"):
            label = _text(entry.get("label")) or periods.financial_year_label(fy)
            self.assign(bench, what, "label", label, created)
        for key, name in (("england", "england_average"), ("region", "regional_average")):
            if given(key):
                self.assign(bench, what, name, self.number(f"{where} > {key}", entry.get(key)), created)
        for name in ("region_name", "council_quartile"):
            if given(name):
                self.assign(bench, what, name, _text(entry.get(name)), created)
        for key, name in (("rank", "england_rank"), ("rank_of", "england_rank_of"), ("previous_rank", "previous_rank")):
            if not given(key):
                continue
            value = entry.get(key)
            if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 1):
                self.error(f"{where} > {key}", "must be a whole number, 1 or more")
                return
            self.assign(bench, what, name, value, created)
        if given("quartiles"):  # the cut points are given together, or cleared together
            cuts = dict.fromkeys(Benchmark.QUARTILE_FIELDS)
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
                    cuts[name] = self.number(f"{where} > quartiles > {key}", value)
            for name, value in cuts.items():
                self.assign(bench, what, name, value, created)
        if not self.validated(where, bench):
            return
        bench.save()
        if created:
            self.result.changes.append(FieldChange(what, "added", "", bench.label))
        if created or len(self.result.changes) > before:
            self.result.benchmarks += 1
