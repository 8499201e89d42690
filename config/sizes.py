"""How a size in bytes is written for people: the one function, used from the request guards up."""

from __future__ import annotations


def file_size(size: int) -> str:
    """A size in the units people read, as the limits are set (1 MB = 1,000,000 bytes): '1,001 bytes',
    '4.2 KB', '20.97 MB', '200 MB'. Small sizes stay in bytes, so a file just over a limit never reads the
    same as the limit."""
    if size < 10_000:
        return f"{size:,} bytes"
    for unit, scale in (("GB", 10**9), ("MB", 10**6), ("KB", 10**3)):
        if size >= scale:
            return f"{f'{size / scale:,.2f}'.rstrip('0').rstrip('.')} {unit}"
    return f"{size:,} bytes"
