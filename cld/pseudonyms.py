"""Keyed pseudonyms for the people in client-level data: HMAC-SHA-256 of an NHS number or a council's own
person id under a key held outside the database (`CLD_PSEUDONYM_KEY`). A plain hash of a ten-digit NHS
number is reversed in minutes by trying them all; without the key it cannot be. The same person keeps
the same pseudonym from file to file, so submissions join, as long as the key is kept."""

from __future__ import annotations

import hashlib
import hmac
import re

from django.conf import settings

SHORTEST_KEY = 32
# Keys printed in the documentation or the examples: anyone could work out pseudonyms made with them.
PUBLISHED = {"change-me", "example", "x" * SHORTEST_KEY}


class KeyProblem(Exception):
    """Client-level data cannot be read without a proper key."""


def key() -> bytes:
    text = (getattr(settings, "CLD_PSEUDONYM_KEY", "") or "").strip()
    if not text:
        raise KeyProblem(
            "Client-level data needs CLD_PSEUDONYM_KEY set in the environment: a secret of at least "
            f"{SHORTEST_KEY} characters kept outside the database (scripts/demo writes one to .env). "
            "Keep it safe: without the same key, later submissions do not join the earlier ones."
        )
    if len(text) < SHORTEST_KEY:
        raise KeyProblem(f"CLD_PSEUDONYM_KEY is {len(text)} characters; it must be at least {SHORTEST_KEY}.")
    if text.lower() in PUBLISHED:
        raise KeyProblem("CLD_PSEUDONYM_KEY is an example key that is published; choose a secret one.")
    return text.encode()


def nhs_number(text: str) -> str:
    """The ten digits of an NHS number as written with or without spaces, or '' when it is not one."""
    digits = re.sub(r"[\s-]", "", text or "")
    return digits if re.fullmatch(r"\d{10}", digits) else ""


def pads(secret: bytes) -> tuple[bytes, bytes]:
    """HMAC-SHA-256's inner and outer pads of the key (RFC 2104), for working pseudonyms out in SQL as
    sha256(outer || sha256(inner || message)): the same as `pseudonym`, for a million events at once."""
    block = hashlib.sha256(secret).digest() if len(secret) > 64 else secret
    block = block.ljust(64, b"\0")
    return bytes(b ^ 0x36 for b in block), bytes(b ^ 0x5C for b in block)


def pseudonym(kind: str, value: str, secret: bytes) -> str:
    """The pseudonym of `value` of `kind` ('nhs' or 'la:<LA code>'): 32 hex characters."""
    return hmac.new(secret, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()[:32]
