"""The catalogue and its data, by concern: `areas` (kinds of area, boundary releases, areas, figures by
area), `catalogue` (measures, scorecards, targets, benchmarks),
`figures` (periods, revisions, figures, statuses set by judgement, the data version), `commentary`
(commentary and publications) and `audit` (the audit log)."""

from .areas import Area, AreaFigure, AreaParent, AreaType, BoundaryRelease
from .audit import AuditEvent, signed_in_person
from .catalogue import (
    DECIMAL,
    Benchmark,
    Framework,
    Measure,
    Scorecard,
    ScorecardMeasure,
    Section,
    Target,
    TargetProfile,
)
from .commentary import Commentary, CommentaryEvent, PublishedVersion, ScorecardPeriod
from .figures import DataPoint, DataVersion, Revision, StatusOverride, StoredPeriod
from .spc import KeptChart, SpcMark, SpcMethod

__all__ = [
    "DECIMAL",
    "Area",
    "AreaFigure",
    "AreaParent",
    "AreaType",
    "BoundaryRelease",
    "AuditEvent",
    "Benchmark",
    "Commentary",
    "CommentaryEvent",
    "DataPoint",
    "DataVersion",
    "Framework",
    "KeptChart",
    "Measure",
    "PublishedVersion",
    "Revision",
    "Scorecard",
    "ScorecardMeasure",
    "ScorecardPeriod",
    "Section",
    "SpcMark",
    "SpcMethod",
    "StatusOverride",
    "StoredPeriod",
    "Target",
    "TargetProfile",
    "signed_in_person",
]
