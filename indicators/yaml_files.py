"""Reading the YAML files people write (definitions, commentary): numbers as exact decimals, a key given
twice refused, errors placed by line and column, and model rules turned into placed problems."""

from __future__ import annotations

from decimal import Decimal

import yaml
from django.core.exceptions import ValidationError

from .problems import FileError, Problem

# libyaml's parser when PyYAML was built with it (the wheels are), else PyYAML's own.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _DecimalLoader(_SafeLoader):
    """YAML with floats read as exact decimals: 22.9 stays 22.9, never 22.899999999999999."""


def _decimal_constructor(loader, node):
    text = loader.construct_scalar(node).replace("_", "")
    return Decimal(text)


def _mapping_without_repeats(loader, node, deep=False):
    """A key given twice in one entry is an error, not a silent override."""
    seen = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f'"{key}" is given twice in the same entry', key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_DecimalLoader.add_constructor("tag:yaml.org,2002:float", _decimal_constructor)
_DecimalLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_without_repeats)


def validation_errors(where: str, obj, exclude: list[str] | None = None) -> list[Problem]:
    """Check a model instance against its own rules; each problem placed at 'entry > field'."""
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as problem:
        return [
            Problem(message, entry=where if name == "__all__" else f"{where} > {name}")
            for name, messages in problem.message_dict.items()
            for message in messages
        ]
    return []


def _where(mark) -> str:
    return f"line {mark.line + 1}, column {mark.column + 1}" if mark else "somewhere"


def read_yaml(text: str | bytes) -> object:
    """The file's data. Anchors and aliases are refused before anything is built: the files need none,
    and a few lines of nested aliases can stand for billions of values."""
    try:
        for token in yaml.scan(text, Loader=_DecimalLoader):
            if isinstance(token, yaml.AnchorToken | yaml.AliasToken):
                raise FileError(
                    f"The file uses a YAML anchor or alias (& or *) at {_where(token.start_mark)}; write each "
                    "value out in full."
                )
        return yaml.load(text, Loader=_DecimalLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as error:
        raise FileError(f"The file is not valid YAML at {_where(error.problem_mark)}: {error.problem}") from None
    except yaml.YAMLError as error:
        raise FileError(f"The file is not valid YAML: {error}") from None
