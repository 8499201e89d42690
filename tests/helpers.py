"""Small helpers the test modules share."""

import html
import io
import re
import shutil
from pathlib import Path

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test.utils import override_settings

from accounts import roles
from imports.models import Upload
from indicators.models import (
    StoredPeriod,
)

from . import snapshots
from .factories import UserFactory


def text(response) -> str:
    """The page as words, without tags."""
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


def web_upload() -> Upload:
    """The one upload made on the page (the fixtures' loads come by the command line)."""
    return Upload.objects.get(source=Upload.Source.WEB)


WORDS = {"data": "Admissions fell to 12.", "review": "Fewer hospital discharges.", "action": "Keep watching."}


def month(code: str) -> StoredPeriod:
    return StoredPeriod.objects.get(code=code)


ROLES = (roles.PERFORMANCE_OFFICER, roles.MANAGER, roles.COUNCILLOR, roles.ADMINISTRATOR)


def roles_in_place() -> None:
    """The four roles, as `ensure_roles` makes them. Every database a test starts from has them (the
    migrations, a flush and each demo state make them), so they are made here only where they are missing:
    asking takes half a millisecond, making them again 16."""
    if Group.objects.filter(name__in=ROLES).count() < len(ROLES):
        roles.ensure_roles()


def person(name: str, role: str, **extra):
    roles_in_place()
    user = UserFactory(username=name, email=f"{name}@council.example", **extra)
    user.groups.add(Group.objects.get(name=role))
    return user


EXTRACT_HEADER = "code,period,numerator,denominator,value,note\n"
MONTHLY_DASHBOARD = Path(__file__).resolve().parent.parent / "demo" / "monthly-dashboard"


def rss_mb() -> tuple[float, float]:
    """(now, peak) resident memory of this process in MB (Linux)."""
    status = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines())
    return int(status["VmRSS"].split()[0]) / 1024, int(status["VmHWM"].split()[0]) / 1024


def measured(work):
    """Run `work()`; return what it returned, the seconds it took and how far it raised peak memory (MB)."""
    import time

    try:
        Path("/proc/self/clear_refs").write_text("5")  # the peak starts again from what is held now
    except OSError:
        pass
    before, _ = rss_mb()
    started = time.perf_counter()
    result = work()
    seconds = time.perf_counter() - started
    return result, seconds, rss_mb()[1] - before


def load_demo_with_log_ins(run_folder: Path, media_root) -> None:
    """The demo as `load_demo --log-ins` loads it on a demo machine (the uploads are the demo officer's),
    with a copy of its files in `media_root`."""

    def load(media):
        with override_settings(MEDIA_ROOT=media):
            call_command("load_demo", "--log-ins", stdout=io.StringIO())

    snapshots.load("demo with log-ins", load, run_folder)
    kept = snapshots.files_of("demo with log-ins", run_folder)
    if (kept / "cld").is_dir():
        shutil.copytree(kept / "cld", Path(media_root) / "cld", dirs_exist_ok=True)
