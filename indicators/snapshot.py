"""A published month kept as plain JSON, and read back as the same report shapes: no database.

Publishing stores the sections and rows of `indicators.report` exactly as they were shown (figures,
statuses and their reasons, targets, titles, units, decimal places, polarity, section order,
benchmarks, commentary). Reading a published month rebuilds those shapes from the JSON alone, so a
later change to the catalogue or the data cannot reach it.

The shapes are frozen dataclasses of plain values; this module turns them into JSON and back by their
type hints: Decimals as strings (full precision kept), periods by their codes, enumerations by value.
`SHAPE` is stored with each snapshot; a snapshot of another shape is refused, never guessed at.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Sequence
from decimal import Decimal
from enum import Enum
from functools import cache

from . import periods

SHAPE = 1  # raise when the stored shape changes in a way old snapshots cannot be read by


class SnapshotError(ValueError):
    """A stored snapshot that cannot be read back as the report it was."""


def to_json(value):
    """A report shape (or any value inside one) as JSON-ready values."""
    if value is None or isinstance(value, bool | int | str | float):
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, periods.Period):
        return value.code
    if isinstance(value, Enum):
        return value.value
    if dataclasses.is_dataclass(value):
        return {f.name: to_json(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Sequence):  # lists, tuples and a row's LazySeries (strings are handled above)
        return [to_json(item) for item in value]
    raise TypeError(f"a snapshot cannot hold {type(value).__name__}")


@cache
def _hints(cls) -> dict:
    return typing.get_type_hints(cls)


def from_json(kind, data):
    """`data` read back as `kind` (a dataclass, a list of them, a Decimal, ...)."""
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        options = [k for k in typing.get_args(kind) if k is not type(None)]
        if data is None:
            return None
        if len(options) != 1:
            raise SnapshotError(f"cannot tell which of {kind} was stored")
        return from_json(options[0], data)
    if origin in (list, Sequence):  # a sequence read back is a plain list
        (item,) = typing.get_args(kind)
        return [from_json(item, x) for x in data]
    if origin is tuple:
        args = typing.get_args(kind)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(from_json(args[0], x) for x in data)
        return tuple(from_json(a, x) for a, x in zip(args, data, strict=True))
    if data is None:
        return None
    if kind is Decimal:
        return Decimal(data)
    if kind is periods.Period:
        return periods.parse_period(data)
    if isinstance(kind, type) and issubclass(kind, Enum):
        return kind(data)
    if dataclasses.is_dataclass(kind):
        hints = _hints(kind)
        known = {f.name for f in dataclasses.fields(kind) if f.init}
        return kind(**{name: from_json(hints[name], value) for name, value in data.items() if name in known})
    if kind in (int, str, bool, float):
        return kind(data)
    raise SnapshotError(f"a snapshot cannot hold {kind}")
