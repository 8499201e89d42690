"""A scorecard's report for one period: what every page, download and the API of that period show."""

from __future__ import annotations

from dataclasses import dataclass, field

from indicators import rules, spc, status_words
from indicators.models import Scorecard, ScorecardPeriod, StoredPeriod
from indicators.report import MeasureRow, SectionBlock

from . import published


@dataclass
class ScorecardReport:
    scorecard: Scorecard
    period: StoredPeriod
    sections: list[SectionBlock]
    summary: rules.Summary
    version: str = ""  # the figures version it was worked out from (DataVersion)
    words: str = ""  # the words version of the commentary and publication laid over it
    cycle: ScorecardPeriod | None = None  # the deadline and publication, when there are any
    editions: list[published.Edition] = field(default_factory=list)  # every published version, oldest first
    edition: published.Edition | None = None  # the version shown, for a published period
    comparison: str = "auto"  # what direction of travel compared with (rules.Basis)
    whole_history: bool = True  # each row's series holds every period, not only the years pages show

    @property
    def cache_key(self) -> str:
        """What a download drawn from the report is kept under: both versions."""
        return f"{self.version}/{self.words}"

    @property
    def spc_judged(self) -> bool:
        """Whether any measure has the points an XmR chart needs to judge variation and assurance; with
        none, the pages fold those columns away and say why once."""
        return any(row.spc is not None and row.spc.variation is not None for row in self.rows)

    @property
    def spc_minimum(self) -> int:
        return spc.MINIMUM_POINTS

    @property
    def status_counts(self) -> tuple[status_words.StatusCount, ...]:
        """Each status's count split by what set it (a target, a judgement, the direction of travel),
        from the rows as shown, so a published month's counts come from its own rows."""
        return status_words.status_counts((row.status.status, row.status_basis) for row in self.rows)

    @property
    def by_status(self) -> list[tuple[rules.Status, list[MeasureRow]]]:
        """The rows under each status, worst first (RED, AMBER, GREEN, N/A): a printed summary's
        contents, so a committee finds what is off track first."""
        order = (rules.Status.RED, rules.Status.AMBER, rules.Status.GREEN, rules.Status.NA)
        grouped = [(status, [row for row in self.rows if row.status.status == status]) for status in order]
        return [(status, rows) for status, rows in grouped if rows]

    @property
    def travel_words(self) -> tuple[str, str, str]:
        """The summary's words for improved, no significant change and deteriorated, on its basis."""
        return rules.Basis(self.comparison).words

    @property
    def is_latest_edition(self) -> bool:
        return self.edition is None or self.edition.number == self.editions[-1].number

    @property
    def corrections(self) -> list[published.Edition]:
        """The corrections up to the version shown, newest first."""
        shown = self.edition.number if self.edition else 0
        return [e for e in reversed(self.editions) if e.is_correction and e.number <= shown]

    @property
    def is_published(self) -> bool:
        return self.cycle is not None and self.cycle.is_published

    @property
    def rows(self) -> list[MeasureRow]:
        return [row for section in self.sections for row in section.rows]
