"""The rooms' borders, as docs/architecture.md draws them and pyproject.toml states them for import-linter:
each room imports only the rooms below it, and rooms side by side not each other."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_room_imports_only_the_rooms_below_it():
    checked = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from importlinter.cli import lint_imports_command as c; sys.exit(c())",
            "--no-cache",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert checked.returncode == 0, checked.stdout[-4000:] + checked.stderr[-2000:]
    assert "1 kept, 0 broken" in checked.stdout
