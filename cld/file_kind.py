"""Client-level data on the one upload path (`imports.kinds`): read as a stream, checked and pseudonymised
on arrival, previewed as its data-quality report, kept as a submission when confirmed."""

from __future__ import annotations

from . import postcode_lookup, submissions


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


class PostcodeLookupFile:
    """A postcode-to-area lookup: checked whole and previewed as what it places where; kept when confirmed
    for the client-level data read from then on."""

    name = "postcodes"
    suffixes = (".csv",)
    streamed = True  # a national postcode directory is large: read from the stored file

    def check(self, upload, stored) -> None:
        postcode_lookup.check(upload, stored)

    def commit(self, upload, stored) -> None:
        postcode_lookup.commit(upload)

    def discard(self, upload) -> None:
        postcode_lookup.discard(upload)
