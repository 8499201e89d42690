"""The measures a reader can look up: every measure on a scorecard they may open, with what it
measures, how it is worked out and where it is reported, found by code, title, definition or owner.
A fixed number of queries however many measures there are."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch

from indicators.facts import MeasureFacts
from indicators.models import Framework, Measure, Scorecard, ScorecardMeasure, StoredPeriod

from . import queries

MOST_WORDS = 100  # a search longer than this is cut: nobody types a definition to find it

# What people type for the words the catalogue spells out: each word of a search also finds these.
ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "dtoc": ("delayed transfer",),
    "dtocs": ("delayed transfer",),
    "ld": ("learning disabilit",),
    "sds": ("self-directed", "self directed"),
    "dp": ("direct payment",),
    "dps": ("direct payment",),
    "dols": ("deprivation of liberty",),
    "st-max": ("short-term", "short term"),
    "stmax": ("short-term", "short term"),
    "mh": ("mental health",),
    "ooa": ("out of area",),
    "asc": ("adult social care",),
}


@dataclass
class CatalogueEntry:
    measure: MeasureFacts
    owner_name: str  # the owner's role title, or the person's name when only a person is set
    shown_on: list[tuple[Scorecard, StoredPeriod]]  # each scorecard with its latest period this reader sees


@dataclass
class Catalogue:
    entries: list[CatalogueEntry]  # those that match the search and the filters, by code
    scorecards: list[Scorecard]  # the choices of each filter: the scorecards this reader may open,
    frameworks: list[Framework]  # the frameworks and owners of the measures on them
    owners: list[str]
    problems: list[str]  # a filter chosen that is not one of its choices (left out, said why)
    chosen: dict[str, str]  # the filters applied, by name ("scorecard", "framework", "owner")
    total: int  # the measures on the scorecards this reader may open


def alternatives(word: str) -> tuple[str, ...]:
    """What one word of a search finds: itself, and what it stands for ('DToC': delayed transfers)."""
    spelled = word.lower()
    return (word, *ABBREVIATIONS.get(spelled, ()), *([word.replace("-", " ")] if "-" in word else []))


def matches(measure: Measure, words: str) -> bool:
    """Whether `measure` holds every word of `words` (or what it stands for) in its code, title,
    definition or owner."""
    person = measure.owner_user
    held = " | ".join(
        [
            measure.code,
            measure.title,
            measure.short_title,
            measure.definition,
            measure.owner,
            measure.responsible_officer,
            person.get_full_name() if person else "",
        ]
    ).lower()
    return all(any(text.lower() in held for text in alternatives(word)) for word in words.split())


def catalogue(drafts: bool, search: str = "", scorecard: str = "", framework: str = "", owner: str = "") -> Catalogue:
    """The measures on the scorecards this reader may open (published ones only unless `drafts`), by
    code, narrowed to those holding every word of `search` and, where chosen, on one scorecard (its slug),
    in one framework (its code) and with one owner (as written in the list)."""
    latest = {
        scorecard.id: (scorecard, periods[0]) for scorecard, periods, _ in queries.list_scorecards(drafts) if periods
    }
    shown_on: dict[int, list[tuple[Scorecard, StoredPeriod]]] = {}
    for measure_id, scorecard_id in ScorecardMeasure.objects.filter(scorecard_id__in=latest).values_list(
        "measure_id", "scorecard_id"
    ):
        shown_on.setdefault(measure_id, []).append(latest[scorecard_id])
    every = list(
        Measure.objects.filter(id__in=shown_on)
        .select_related("owner_user")
        .prefetch_related(Prefetch("frameworks", queryset=Framework.objects.all()))
        .order_by("code")
    )
    words = search.strip()[:MOST_WORDS]
    scorecards = sorted((s for s, _ in latest.values()), key=lambda s: s.title)
    frameworks = sorted({f.code: f for m in every for f in m.frameworks.all()}.values(), key=lambda f: f.code)
    owners = sorted({_owner(m) for m in every} - {""})
    problems = []
    if scorecard and scorecard not in {s.slug for s in scorecards}:
        problems.append(f"'{scorecard[:40]}' is not a scorecard you can open; every scorecard is shown.")
        scorecard = ""
    if framework and framework not in {f.code for f in frameworks}:
        problems.append(f"'{framework[:40]}' is not a framework of these measures; every framework is shown.")
        framework = ""
    if owner and owner not in owners:
        problems.append(f"'{owner[:40]}' is not the owner of any of these measures; every owner is shown.")
        owner = ""
    entries = [
        CatalogueEntry(MeasureFacts.of(m), _owner(m), sorted(shown_on[m.id], key=lambda pair: pair[0].title))
        for m in every
        if matches(m, words)
        and (not scorecard or any(s.slug == scorecard for s, _ in shown_on[m.id]))
        and (not framework or any(f.code == framework for f in m.frameworks.all()))
        and (not owner or _owner(m) == owner)
    ]
    chosen = {"scorecard": scorecard, "framework": framework, "owner": owner}
    return Catalogue(entries, scorecards, frameworks, owners, problems, chosen, len(every))


def _owner(measure: Measure) -> str:
    return measure.owner or (measure.owner_user.get_full_name() if measure.owner_user else "")
