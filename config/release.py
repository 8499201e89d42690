"""Which release of the code is running, for the cache's keys: pages and downloads kept in a shared cache
were drawn by one release's templates and rules, so a new release must not be served them.

`RELEASE` (set by the deployment, e.g. the image's tag) names it; without it, a digest of the code and
templates stands in, so a change on a developer's machine is never hidden behind an old page either.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

APPS = ("accounts", "cld", "config", "imports", "indicators", "national", "scorecard", "templates", "workflow")


def code_release(base: Path) -> str:
    named = os.environ.get("RELEASE", "").strip()
    if named:
        return named
    digest = hashlib.sha1(usedforsecurity=False)
    for app in APPS:
        for path in sorted((base / app).rglob("*")):
            if path.suffix in (".py", ".html") and "migrations" not in path.parts:
                digest.update(path.relative_to(base).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]
