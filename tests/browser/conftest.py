"""The real-browser suite: Playwright drives the system Chromium (Debian's `chromium` package) against a
live server. Skipped, with the reason, where /usr/bin/chromium is not installed."""

import os
import shutil

import pytest
from django.core.management import call_command
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from .. import snapshots
from ..helpers import load_demo_with_log_ins

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop


def pytest_collection_modifyitems(config, items):
    if shutil.which(CHROMIUM) or os.path.exists(CHROMIUM):
        return
    if os.environ.get("REQUIRE_BROWSER"):
        raise pytest.UsageError(f"REQUIRE_BROWSER is set but there is no Chromium at {CHROMIUM}")
    skip = pytest.mark.skip(
        reason=f"no Chromium at {CHROMIUM}: install Debian's chromium package to run the browser suite"
    )
    for item in items:
        if "browser" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


# Playwright's sync API keeps an event loop running in the test process's main thread while it is
# started. Started once per session (pytest-playwright's default), it would outlive the browser module
# and break any later test in the same xdist worker that calls an async view (/health/). So it is
# started and stopped with each browser module: a second or so per module.
@pytest.fixture(scope="module")
def playwright(_pw_api_request_contexts):
    from playwright.sync_api import sync_playwright

    driver = sync_playwright().start()
    if _pw_api_request_contexts:
        _pw_api_request_contexts.instrument(driver)
    yield driver
    driver.stop()


@pytest.fixture(scope="module")
def browser_type(playwright, browser_name):
    return getattr(playwright, browser_name)


@pytest.fixture(scope="module")
def launch_browser(browser_type_launch_args, browser_type):
    return lambda **options: browser_type.launch(**{**browser_type_launch_args, **options})


@pytest.fixture(scope="module")
def browser_context_args(playwright, device):
    # pytest-playwright 0.10 builds these from the session's Playwright; here they follow the module's.
    return dict(playwright.devices[device]) if device else {}


@pytest.fixture(scope="module")
def browser(launch_browser):
    opened = launch_browser()
    yield opened
    opened.close()


@pytest.fixture(autouse=True)
def _live_server_helper(request):
    """pytest-django's own, but for a test over the committed demo (`demo_site`, on PostgreSQL): such a test
    is not made a transactional one, whose end would empty every table. Its settings for the live server
    hold for the test alone, as pytest-django's do."""
    if "live_server" not in request.fixturenames:
        yield
        return
    request.getfixturevalue("django_db_setup" if snapshots.kept() else "transactional_db")
    server = request.getfixturevalue("live_server")
    server._live_server_modified_settings.enable()
    yield
    server._live_server_modified_settings.disable()


@pytest.fixture
def demo_site(connections_closed_after, live_server, settings, run_folder, django_db_blocker):
    """The demo, with its log-ins (which load_demo only makes on a demo machine), served by the live server,
    for a test that may change it. On PostgreSQL the test works on the committed demo and leaves it as it
    left it; the next test's load sees whether any table changed (`snapshots.in_place`) and, if one did,
    copies every table back but the national figures, which no test changes. Emptying every table after
    each test and copying all of them in again took two to four seconds a test. On SQLite, where no state
    is kept, each test has a database of its own, emptied after it (`_live_server_helper`)."""
    from ..conftest import _demo_left

    settings.HTTPS = False
    if not snapshots.kept():
        load_demo_with_log_ins(run_folder, settings.MEDIA_ROOT)
        yield live_server.url
        return
    with django_db_blocker.unblock():
        _demo_left[0] = True  # a test after this one that starts empty empties it first
        load_demo_with_log_ins(run_folder, settings.MEDIA_ROOT)
        yield live_server.url


@pytest.fixture(scope="module")
def shared_demo_site(django_db_setup, django_db_blocker, tmp_path_factory, run_folder):
    """The demo with its log-ins, loaded once for a module whose tests only read it and served by a live
    server of the module's own; emptied after the module's last test. (`demo_site` puts it back for
    each test that may change it; copied back from memory after the first load in the process,
    `tests.snapshots`.)"""
    from django.test.utils import override_settings
    from pytest_django.live_server_helper import LiveServer

    from config.celery import app

    quick = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # as the suite's own log-ins
    eager = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager = app.conf.task_eager_propagates = True  # as `tasks_in_process`, for the load
    media = str(tmp_path_factory.mktemp("media"))
    try:
        with django_db_blocker.unblock(), override_settings(HTTPS=False, PASSWORD_HASHERS=quick, MEDIA_ROOT=media):
            load_demo_with_log_ins(run_folder, media)
            server = LiveServer("localhost:0")
            server._live_server_modified_settings.enable()
            try:
                yield server.url
            finally:
                server._live_server_modified_settings.disable()
                server.stop()
                call_command("flush", "--no-input", verbosity=0)
    finally:
        app.conf.task_always_eager, app.conf.task_eager_propagates = eager


@pytest.fixture
def connections_closed_after():
    """Closes the test's database connections after its other fixtures are torn down: a test run under
    Playwright opens its own, and one left open keeps PostgreSQL from dropping the test database."""
    yield
    from django.db import connections

    connections.close_all()


def sign_in(page, base_url: str, username: str, password: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base_url}/")


def axe_violations(page, options: dict) -> list[dict]:
    """axe-core's violations on the page as it stands. axe is put into the page once per page load (a page
    read at two widths is read twice by the one copy)."""
    from axe_playwright_python.sync_playwright import Axe

    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(Axe().axe_script)
    return page.evaluate("options => axe.run(document, options)", options)["violations"]


def serious_accessibility_problems(page) -> list[str]:
    """axe-core's serious and critical findings on the page as it stands."""
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in axe_violations(page, {"resultTypes": ["violations"]})
        if v["impact"] in ("serious", "critical")
    ]


WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def wcag_problems(page) -> list[str]:
    """Every finding of axe-core against WCAG 2.2 levels A and AA, whatever its impact."""
    # violations only: the passes and the incomplete are not asked for, so their nodes are not collected and
    # sent back (which cost more than the checks on a page of thousands of cells)
    options = {"runOnly": {"type": "tag", "values": WCAG_AA}, "resultTypes": ["violations"]}
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in axe_violations(page, options)
    ]


def sideways_scroll(page) -> int:
    """How many pixels the page scrolls sideways (0 when it reflows to the window). A chart drawn by
    Plotly fits itself to a new width a moment after the window changes, so the page is given up to two
    seconds to reflow before it is measured; a page that does not reflow still fails."""
    fits = "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    try:
        page.wait_for_function(fits, timeout=2000)
    except PlaywrightTimeout:
        pass
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


# Each person's journey is walked at desktop and tablet width; axe and the screenshots run at desktop
# width there (the every-page sweeps run axe at each width).
JOURNEY_WIDTHS = [pytest.param(1280, id="desktop"), pytest.param(768, id="tablet")]


def axe_clean_at(page, width: int) -> None:
    if width == 1280:
        assert serious_accessibility_problems(page) == []


@pytest.fixture(scope="session", autouse=True)
def no_connection_left_at_the_end(django_db_setup):
    """The test database is dropped once this is torn down, and PostgreSQL refuses while a connection is
    open on it: a test over the committed demo (`demo_site`) ends no transactional test case, whose end
    would have closed this process's connections."""
    yield
    from django.db import connections

    connections.close_all()
