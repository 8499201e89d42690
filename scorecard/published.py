"""A published period's versions as the pages show them, and the stored content of each: the report's
sections and summary as `indicators.snapshot` keeps them. No queries."""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass

from indicators import rules, snapshot
from indicators.report import SectionBlock


@dataclass(frozen=True)
class Edition:
    """One published version of a period, for the pages: "Corrected on 3 November 2024: …"."""

    number: int
    published_at: dt.datetime
    published_by: str
    note: str
    changed: tuple[str, ...]

    @property
    def is_correction(self) -> bool:
        return self.number > 1


def edition_of(version) -> Edition:
    """From a `PublishedVersion` whose `published_by` is loaded."""
    person = version.published_by
    return Edition(
        number=version.number,
        published_at=version.published_at,
        published_by=(person.get_full_name() or person.username) if person else "",
        note=version.note,
        changed=tuple(version.changed or ()),
    )


def content_of(report, approved_counts: bool = False) -> dict:
    """What is stored for a published version: every section and row as shown, and the summary. Only
    published commentary is kept (with `approved_counts`, approved commentary too: what a correction
    would publish)."""
    sections = snapshot.to_json(report.sections)
    kept = ("published", "approved") if approved_counts else ("published",)
    for section in sections:
        for row in section["rows"]:
            if row["commentary"] is not None and row["commentary"]["state"] not in kept:
                row["commentary"] = None
    return {
        "shape": snapshot.SHAPE,
        "scorecard": {name: getattr(report.scorecard, name) for name in HEADING},
        "sections": sections,
        "summary": snapshot.to_json(report.summary),
        "comparison": report.comparison,
    }


# The scorecard's own words a published page prints, kept with the version: a later retitling in the
# catalogue never reaches a published month.
HEADING = ("title", "organisation", "produced_by", "description", "layout")


def scorecard_as_published(scorecard, content: dict):
    """The scorecard with its heading as the version stored it (an unsaved copy; nothing is written)."""
    kept = content.get("scorecard")
    if not kept:
        return scorecard
    frozen = copy.copy(scorecard)
    for name in HEADING:
        if name in kept:
            setattr(frozen, name, kept[name])
    frozen.save = frozen.delete = _refuse_save
    return frozen


def _refuse_save(*args, **kwargs):
    raise TypeError("a scorecard as published is a copy for reading, never saved")


def report_of(content: dict) -> tuple[list[SectionBlock], rules.Summary]:
    """The sections and summary a stored version holds."""
    if content.get("shape") != snapshot.SHAPE:
        raise snapshot.SnapshotError(f"a published version of shape {content.get('shape')} cannot be read")
    return (
        snapshot.from_json(list[SectionBlock], content["sections"]),
        snapshot.from_json(rules.Summary, content["summary"]),
    )


def measures_changed(before: dict, after: dict) -> list[str]:
    """The codes of the measures whose rows differ between two stored versions (added and removed too),
    in the order of the later one, and the scorecard's heading when that changed."""

    def rows(content: dict) -> dict[str, dict]:
        return {row["measure"]["code"]: row for section in content["sections"] for row in section["rows"]}

    old, new = rows(before), rows(after)
    changed = [code for code, row in new.items() if old.get(code) != row]
    changed += [code for code in old if code not in new]
    if before.get("scorecard") and before.get("scorecard") != after.get("scorecard"):
        changed.append(HEADING_CHANGED)
    return changed


HEADING_CHANGED = "the scorecard's heading"  # listed beside the measures a correction changed
