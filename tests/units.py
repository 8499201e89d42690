"""The units the test processes are given: a browser module whole, any other module in up to two (its tests
that start from an empty database, and those over the demo).

xdist hands work out by module (`--dist loadfile`), and its own groups (`--dist loadgroup`) are not read
by pytest 9. So each test process writes down, as it collects, each test's unit (`write`, to a file the
main process names in `workerinput`), and the main process's scheduler (`Units`) reads it: its nodes
are given units, in the order the processes collected them (tests/conftest.py orders them)."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

from pytest import StashKey
from xdist.scheduler import LoadFileScheduling

KEY = "test_units"  # in each test process's workerinput: the file to write the units to


def in_browser(item) -> bool:
    return item.path.parent.name == "browser"


def over_the_demo(item) -> bool:
    return "demo" in item.fixturenames


def unit(item) -> str:
    module = item.nodeid.split("::")[0]
    if in_browser(item) or not over_the_demo(item):
        return module
    return f"{module} over the demo"


def write(config, grouped: dict[str, list]) -> None:
    """The units ({unit: its tests}), for the main process (in a test process only; every process collects
    the same)."""
    target = getattr(config, "workerinput", {}).get(KEY)
    if not target:
        return
    part = Path(f"{target}.{os.getpid()}")
    part.write_text(json.dumps({item.nodeid: name for name, tests in grouped.items() for item in tests}))
    part.replace(target)


_FILE = StashKey[Path]()


def file_of(config) -> Path:
    """The file the test processes write the units to: one for the run, removed at its end."""
    if _FILE not in config.stash:
        folder = Path(tempfile.mkdtemp(prefix="test-units-"))
        config.add_cleanup(lambda: shutil.rmtree(folder, ignore_errors=True))
        config.stash[_FILE] = folder / "units.json"
    return config.stash[_FILE]


class Units(LoadFileScheduling):
    """xdist's by-module scheduling, with the units the test processes wrote down in place of modules."""

    def __init__(self, config, log=None, path: Path | None = None):
        super().__init__(config, log)
        self.path, self.units = path, None

    def _split_scope(self, nodeid: str) -> str:
        if self.units is None:
            self.units = json.loads(self.path.read_text()) if self.path and self.path.exists() else {}
        return self.units.get(nodeid) or super()._split_scope(nodeid)
