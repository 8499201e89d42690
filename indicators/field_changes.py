"""One change a catalogue load makes, as the preview and the audit log list it: no database."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class FieldChange:
    """One field the file changes: 'measure 2C', 'polarity', 'lower' -> 'higher'. A record the file
    adds is one change with the field 'added'."""

    what: str
    field: str
    old: str
    new: str

    def as_dict(self) -> dict:
        return {"status": "field", "what": self.what, "field": self.field, "old": self.old, "new": self.new}


def shown(value) -> str:
    """A catalogue value as the preview and the audit log write it."""
    if value is None or value == "":
        return "(empty)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, list | tuple):
        return ", ".join(shown(v) for v in value) or "(none)"
    if isinstance(value, dict):
        return ", ".join(f"{k}: {shown(v)}" for k, v in value.items()) or "(none)"
    return str(value)


def text_of(value) -> str:
    """A file's value as text: stripped, and empty for null."""
    return "" if value is None else str(value).strip()
