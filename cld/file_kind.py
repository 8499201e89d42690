"""Client-level data on the one upload path (`imports.kinds`): read as a stream, checked and pseudonymised
on arrival, previewed as its data-quality report, kept as a submission when confirmed."""

from __future__ import annotations

from . import submissions


class ClientLevelFile:
    name = "cld"
    suffixes = (".csv", ".txt")
    streamed = True  # submissions are hundreds of megabytes: given the stored file, never its bytes

    def check(self, upload, stored) -> None:
        submissions.check(upload, stored)

    def commit(self, upload, stored) -> None:
        submissions.commit(upload)

    def discard(self, upload) -> None:
        submissions.discard(upload)
