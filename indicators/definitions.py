"""Loading the catalogue from a definitions file (YAML; the format is written up in docs/definitions.md).

The whole file is checked against the models' own rules before anything is kept: a file with any
error changes nothing, and every error names its entry and field, e.g.

    measures[4] (code "2C") > targets[0] (year 2024/25) > minimum: "abc" is not a number
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from . import audit_trail, periods
from .definitions_yearly import YearlyEntries
from .field_changes import FieldChange, shown
from .field_changes import text_of as _text
from .models import (
    AuditEvent,
    Framework,
    Measure,
    Scorecard,
    ScorecardMeasure,
    Section,
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
    "national_code",
    "national_disaggregation",
    "national_edition",
    "client_level_code",
    "client_level_group",
    "targets",
    "benchmarks",
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
    "status_precision",
    "comparison",
    "council",
    "comparator_group",
    "sections",
}
SECTION_FIELDS = {"title", "description", "group", "measures"}
DEFAULT_MULTIPLIER = {"percentage": Decimal(100), "rate": Decimal(100000)}
TEXT_FIELDS = (
    "title",
    "short_title",
    "definition",
    "unit_label",
    "source",
    "owner",
    "responsible_officer",
    "faq",
    "national_code",
    "national_disaggregation",
    "national_edition",
    "client_level_code",
    "client_level_group",
)
CHOICE_FIELDS = ("unit", "polarity", "frequency", "accumulation")  # an empty or null one puts back the default
TOP_LEVEL = {"measures", "scorecards"}


@dataclass
class LoadResult:
    measures_created: int = 0
    measures_updated: int = 0
    measures_unchanged: int = 0
    targets: int = 0
    benchmarks: int = 0
    scorecards: int = 0
    messages: list[str] = field(default_factory=list)
    changes: list[FieldChange] = field(default_factory=list)

    def describe(self) -> str:
        return (
            f"{self.measures_created} measures added, {self.measures_updated} changed, "
            f"{self.measures_unchanged} unchanged; {self.targets} targets, {self.benchmarks} benchmarks, "
            f"{self.scorecards} scorecards; {sum(c.field != 'added' for c in self.changes)} fields changed in all"
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
    with transaction.atomic(), audit_trail.quietly():  # the load's own audit event lists every change
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
                details={"file": source, "changes": [c.as_dict() for c in loader.result.changes]},
            )
    return loader.result


class _Loader(YearlyEntries):
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

    def assign(self, obj, what: str, name: str, new, created: bool) -> bool:
        """Set one field, noting the change (a record being added is noted once, as added)."""
        old = getattr(obj, name)
        if old == new and (old is None) == (new is None):
            return False
        setattr(obj, name, new)
        if not created:
            self.result.changes.append(FieldChange(what, name, shown(old), shown(new)))
        return True

    def assign_choice(self, where: str, obj, what: str, name: str, entry: dict, created: bool) -> bool:
        """Set a field that has choices from the file (empty or null puts back the model's default);
        False, with the error noted, when the value is not one of its choices."""
        model_field = type(obj)._meta.get_field(name)
        allowed = [value for value, _label in model_field.choices]
        value = _text(entry.get(name)) or model_field.default
        if value not in allowed:
            self.error(f"{where} > {name}", f'"{value}" is not one of {", ".join(allowed)}')
            return False
        self.assign(obj, what, name, value, created)
        return True

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
        """A measure the file names: added with defaults for what the file leaves out, or changed in
        only the fields the file gives (an explicit null clears a field or puts back its default)."""
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
        what = f'measure "{code}"'
        changes_before = len(self.result.changes)

        def given(name: str) -> bool:
            return created or name in entry

        for name in TEXT_FIELDS:
            if given(name):
                self.assign(measure, what, name, _text(entry.get(name)), created)
        for name in CHOICE_FIELDS:
            if given(name) and not self.assign_choice(where, measure, what, name, entry, created):
                return
        if given("people_noun"):
            self.assign(measure, what, "people_noun", _text(entry.get("people_noun")) or "people", created)
        for flag in ("benchmarkable", "constituency_breakdown"):
            if not given(flag):
                continue
            value = entry.get(flag) or False
            if not isinstance(value, bool):
                self.error(f"{where} > {flag}", "must be true or false")
                return
            self.assign(measure, what, flag, value, created)
        if given("multiplier"):
            multiplier = self.number(f"{where} > multiplier", entry.get("multiplier"))
            if multiplier is None:
                multiplier = DEFAULT_MULTIPLIER.get(measure.unit, Decimal(1))
            if created or multiplier != measure.multiplier:
                self.assign(measure, what, "multiplier", multiplier, created)
        if given("decimal_places"):
            places = entry.get("decimal_places", 1)
            places = 1 if places is None else places
            if not isinstance(places, int) or isinstance(places, bool):
                self.error(f"{where} > decimal_places", "must be a whole number from 0 to 6")
                return
            self.assign(measure, what, "decimal_places", places, created)

        frameworks = None
        if "frameworks" in entry:
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
        if frameworks is not None:
            old = [] if created else sorted(f.code for f in measure.frameworks.all())
            new = sorted(f.code for f in frameworks)
            if old != new:
                measure.frameworks.set(frameworks)
                if not created:
                    self.result.changes.append(FieldChange(what, "frameworks", shown(old), shown(new)))
        self.measures[code] = measure

        years: set[int] = set()
        for j, target in enumerate(self.as_list(f"{where} > targets", entry.get("targets"), "targets")):
            self.load_target(f"{where} > targets[{j}]", measure, target, years)
        years = set()
        for j, bench in enumerate(self.as_list(f"{where} > benchmarks", entry.get("benchmarks"), "benchmarks")):
            self.load_benchmark(f"{where} > benchmarks[{j}]", measure, bench, years)

        if created:
            self.result.measures_created += 1
            self.result.changes.insert(changes_before, FieldChange(what, "added", "", _text(entry.get("title"))))
        elif len(self.result.changes) > changes_before:
            self.result.measures_updated += 1
        else:
            self.result.measures_unchanged += 1

    def load_scorecard(self, where: str, entry: dict) -> None:
        if not self.check_keys(where, entry, SCORECARD_FIELDS):
            return
        slug = _text(entry.get("slug"))
        existing = Scorecard.objects.filter(slug=slug).first()
        created = existing is None
        scorecard = existing or Scorecard(slug=slug)
        what = f'scorecard "{slug}"'
        before = len(self.result.changes)

        def given(name: str) -> bool:
            return created or name in entry

        for name in ("title", "organisation", "produced_by", "description", "comparator_group"):
            if given(name):
                self.assign(scorecard, what, name, _text(entry.get(name)), created)
        if given("council"):
            code = _text(entry.get("council")).upper()
            if code and not re.fullmatch(r"E\d{8}", code):
                self.error(f"{where} > council", f'"{code}" is not an ONS code: write it as E10000018')
                return
            self.assign(scorecard, what, "council_code", code, created)
        if given("layout"):
            self.assign(scorecard, what, "layout", _text(entry.get("layout")) or Scorecard.Layout.CABINET, created)
        if given("frequency"):
            value = _text(entry.get("frequency")) or Scorecard.Frequency.MONTHLY
            self.assign(scorecard, what, "frequency", value, created)
        for name in ("status_precision", "comparison"):
            if given(name) and not self.assign_choice(where, scorecard, what, name, entry, created):
                return
        if given("is_public"):
            public = entry.get("is_public") or False
            if not isinstance(public, bool):
                self.error(f"{where} > is_public", "must be true or false")
                return
            self.assign(scorecard, what, "is_public", public, created)
        if not self.validated(where, scorecard):
            return
        if not given("sections"):  # the membership stays as it is
            scorecard.save()
            if len(self.result.changes) > before:
                self.result.scorecards += 1
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
        old_plan = [] if created else self.membership(scorecard)
        new_plan = [(t, d, g, [(m.code, n) for m, n in members]) for t, d, g, members in planned]
        if old_plan == new_plan:
            if len(self.result.changes) > before:
                self.result.scorecards += 1
            return
        if not created:
            self.result.changes.append(
                FieldChange(what, "sections", self.describe_plan(old_plan), self.describe_plan(new_plan))
            )
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
        if created:
            self.result.changes.append(FieldChange(what, "added", "", scorecard.title))
        self.result.scorecards += 1

    @staticmethod
    def membership(scorecard: Scorecard) -> list[tuple]:
        """The scorecard's sections and measures as the file would write them."""
        entries = scorecard.entries.select_related("measure").order_by("order")
        by_section: dict[int, list] = {}
        for entry in entries:
            by_section.setdefault(entry.section_id, []).append((entry.measure.code, entry.number))
        return [
            (s.title, s.description, s.group, by_section.get(s.pk, [])) for s in scorecard.sections.order_by("order")
        ]

    @staticmethod
    def describe_plan(plan: list[tuple]) -> str:
        return "; ".join(
            f"{title}: {', '.join(code for code, _ in members) or '(none)'}" for title, _, _, members in plan
        )
