"""The kinds of file the product reads, each checked and committed by the app that owns what it holds:
extracts of figures and definitions of the catalogue here and in `indicators`, commentary in
`workflow`. Every kind goes through the one path in `services` (receive -> check -> preview ->
confirm -> commit), whoever sends the file: the upload page, a command, the worker or the demo.

A kind's `check` reads the file and fills in the upload's preview and message, changing nothing else;
its `commit` keeps what the file holds, inside the transaction `services.commit` opens. Either raises
`indicators.problems.FileError` to refuse the file whole.

A kind whose files are large (client-level data: hundreds of megabytes) sets `streamed = True`: its
`check` and `commit` are given the stored file (`upload.file`) to read as a stream, never its bytes. A
kind that keeps something of its own between check and commit removes it in `discard` when the upload
is cancelled.
"""

from __future__ import annotations

from typing import Protocol


class FileKind(Protocol):
    name: str  # one of Upload.Kind
    suffixes: tuple[str, ...]  # the file names accepted, e.g. (".yaml", ".yml")

    def check(self, upload, data: bytes) -> None: ...

    def commit(self, upload, data: bytes) -> None: ...


def streamed(kind: FileKind) -> bool:
    return getattr(kind, "streamed", False)


def discard(kind: FileKind, upload) -> None:
    """What the kind kept for an upload that will not be committed, removed (most keep nothing)."""
    if hasattr(kind, "discard"):
        kind.discard(upload)


_kinds: dict[str, FileKind] = {}


def register(kind: FileKind) -> None:
    _kinds[kind.name] = kind


def get(name: str) -> FileKind:
    try:
        return _kinds[name]
    except KeyError:
        raise LookupError(f"No app reads files of the kind '{name}'.") from None


def accepted_suffixes(name: str) -> tuple[str, ...]:
    return get(name).suffixes
