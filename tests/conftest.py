"""Fixtures every test package shares.

The demo (`demo`) is loaded through `load_demo` as a council's files would be, once per test run: the
test processes share it, and each later module that asks for it has it copied back (`snapshots`,
PostgreSQL) in a second or two. Each test runs in a transaction over it that is rolled back, so no test sees
another's changes. On PostgreSQL a module's demo is left in place after its last test: the next module over
the demo finds it unchanged (every table's row count and newest writing transaction as the copy left them)
and copies nothing, and the next test that does not ask for it removes it first (a flush, which also sets
the roles again), so it starts empty. On SQLite the demo is removed after the module.
"""

import io
import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test.utils import override_settings

from . import snapshots, units
from .factories import UserFactory
from .helpers import person, roles_in_place


def pytest_collection_modifyitems(config, items):
    """The tests are given to the test processes in units (`tests.units`): a browser module whole, any other
    module in up to two (its tests that start from an empty database, and those over the demo). The units
    over the demo come one after another, so each finds the demo the one before it left
    (`demo_for_module`), and a process empties the database once for the units after them, rather than
    once for each module that holds both kinds of test (and then copies the demo back for its next
    module)."""
    for item in items:
        # `demo` asks for `db` only once the demo is loaded (so it is loaded outside each test's
        # transaction); naming `db` last here tells pytest-django to set up the test database even
        # when a demo module is the first or only one run.
        if "demo" in item.fixturenames and "db" not in item.fixturenames:
            item.fixturenames.append("db")
    grouped: dict[str, list] = {}
    for item in items:
        grouped.setdefault(units.unit(item), []).append(item)
    ordered = sorted(grouped.values(), key=_longest_first)
    # The two demo states (`demo` and the browser modules' demo with log-ins) take about half a minute
    # each to make. The browser modules, which come first, all want the one with log-ins, so the second
    # test process would wait for the first to make it: it starts instead on the largest unit over the
    # plain demo, and the two are made at the same time.
    plain = [tests for tests in ordered if not units.in_browser(tests[0]) and units.over_the_demo(tests[0])]
    if plain and len(ordered) > 2:
        ordered.remove(plain[0])
        ordered.insert(1, plain[0])
    items[:] = [item for unit in ordered for item in unit]
    units.write(config, grouped)


def pytest_configure_node(node):
    """Each test process writes down its tests' units for the main process's scheduler (`tests.units`)."""
    node.workerinput[units.KEY] = str(units.file_of(node.config))


def pytest_xdist_make_scheduler(config, log):
    if config.getvalue("dist") == "loadfile":
        return units.Units(config, log, units.file_of(config))
    return None


def _longest_first(tests: list) -> tuple:
    """The test processes take the units in this order (scripts/test asks xdist to keep it): the browser
    modules first, then those with a real worker, then the units over the demo (one after another), then
    the rest; each group by its number of tests, so no long unit is left to run alone at the end."""
    browser = units.in_browser(tests[0])
    services = any(item.get_closest_marker("services") for item in tests)
    over_the_demo = any(units.over_the_demo(item) for item in tests)
    return (not browser, not services, not over_the_demo, -len(tests))


@pytest.fixture(scope="session")
def run_folder(tmp_path_factory, worker_id) -> Path:
    """A folder of this run's that its test processes share (`tests.snapshots` keeps the demo there)."""
    base = tmp_path_factory.getbasetemp()
    return base / "states" if worker_id == "master" else base.parent / "states"


_demo_left = [False]  # whether a demo may still be in the database


@pytest.hookimpl(tryfirst=True)  # before any of the test's fixtures, pytest-django's transaction among them
def pytest_runtest_setup(item):
    """A test that is not over a demo starts from an empty database: a demo a test before it left in place
    (`demo_for_module`, `demo_site`) is removed (a flush, which also sets the roles again)."""
    if not _demo_left[0] or {"demo", "demo_site", "shared_demo_site"} & set(item.fixturenames):
        return
    from pytest_django.plugin import blocking_manager_key

    with item.config.stash[blocking_manager_key].unblock():
        call_command("flush", "--no-input", verbosity=0)
    snapshots.forget()
    _demo_left[0] = False


@pytest.fixture(scope="module")
def demo_for_module(django_db_setup, django_db_blocker):
    """The module's demo, after its last test: on PostgreSQL left in place, so a next unit over the demo
    finds it there unchanged (`snapshots.in_place`) and a test that starts empty removes it
    (`pytest_runtest_setup`); on SQLite, where no state is kept, removed."""
    loaded = {"here": False}
    yield loaded
    if snapshots.kept() or not _demo_left[0]:
        return
    with django_db_blocker.unblock():
        call_command("flush", "--no-input", verbosity=0)
    _demo_left[0] = False


@pytest.fixture
def demo(request, demo_for_module, django_db_blocker, run_folder):
    """The four demo scorecards, as `manage.py load_demo` loads them (no log-ins): put in place for the
    module when its first test asks (or again after a test that emptied the database), then each test
    runs over it in its own transaction."""
    from indicators.models import Scorecard

    def load(media):
        with override_settings(MEDIA_ROOT=media):
            call_command("load_demo", stdout=io.StringIO())

    with django_db_blocker.unblock():
        if not Scorecard.objects.exists() or (snapshots.kept() and not demo_for_module["here"]):
            snapshots.load("demo", load, run_folder)
        demo_for_module["here"] = True
        _demo_left[0] = True  # the next test that is not over a demo empties the database first
    request.getfixturevalue("db")
    # the client-level submissions' events are files: each test gets its own copy, beside its own uploads
    settings = request.getfixturevalue("settings")
    media = snapshots.files_of("demo", run_folder)
    if (media / "cld").is_dir():
        shutil.copytree(media / "cld", Path(settings.MEDIA_ROOT) / "cld", dirs_exist_ok=True)


@pytest.fixture
def officer(db):
    from django.contrib.auth.models import Group

    from accounts.roles import PERFORMANCE_OFFICER

    roles_in_place()
    user = UserFactory(username="officer-test", is_staff=True)
    user.groups.add(Group.objects.get(name=PERFORMANCE_OFFICER))
    return user


@pytest.fixture
def signed_in(client, officer):
    client.force_login(officer)
    return client


@pytest.fixture
def people(demo):
    """A manager who owns 2C and 2B, a performance officer and a councillor, over the demo."""
    from accounts import roles
    from indicators.models import Measure

    manager = person("manager-t", roles.MANAGER, first_name="Mo", last_name="Manager")
    officer = person("officer-t", roles.PERFORMANCE_OFFICER, is_staff=True)
    councillor = person("councillor-t", roles.COUNCILLOR)
    Measure.objects.filter(code__in=["2C", "2B"]).update(owner_user=manager)
    return {"manager": manager, "officer": officer, "councillor": councillor}


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploaded files go to a folder of each test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def tasks_in_process(request):
    """Tasks run in process, except in tests marked `services`, which use a real worker."""
    if request.node.get_closest_marker("services"):
        yield
        return
    from config.celery import app

    before = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager = app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = before


@pytest.fixture(autouse=True, scope="session")
def redis_clear_empties_only_this_tests_keys():
    """Django's Redis cache empties the whole Redis database on `cache.clear()`: every key of every test
    running beside this one (its cached permissions, its pages, its Celery queue) would go, and a test
    counting queries beside it would count a permission read it did not cause. In the tests, a clear
    removes only the keys under this test's own prefix."""
    from django.core.cache.backends.redis import RedisCache

    def clear(self) -> bool:
        client = self._cache.get_client(None, write=True)
        keys = list(client.scan_iter(match=f"{self.key_prefix}:*", count=1000))
        if keys:
            client.delete(*keys)
        return True

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(RedisCache, "clear", clear)
        yield


@pytest.fixture(autouse=True)
def fresh_report_cache(settings):
    """Each test starts with no cached reports or page fragments (test transactions roll back, so the
    data version can repeat from one test to the next). A shared Redis cache gets a key prefix of the
    test's own rather than being emptied: emptying it would empty the database the Celery queues of
    tests running beside this one are in."""
    from django.core.cache import cache

    from config.cache import index_cache
    from scorecard.queries import report_cache

    report_cache.clear()
    index_cache.clear()
    default = settings.CACHES["default"]
    if "Redis" in default["BACKEND"]:
        settings.CACHES = {**settings.CACHES, "default": {**default, "KEY_PREFIX": f"test-{uuid.uuid4().hex}"}}
    else:
        cache.clear()
    yield
    report_cache.clear()
    index_cache.clear()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Tests make many log-ins; a fast hasher keeps them quick (production keeps Django's default)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


class RealWorker:
    """A Celery worker in its own process, on Redis and this test's PostgreSQL database, taking tasks from
    a queue of its own (so other test processes' tasks never reach it)."""

    ROOT = Path(__file__).resolve().parent.parent

    def __init__(self, queue: str, media_root):
        self.queue, self.media_root = queue, media_root
        self.start()

    def start(self) -> None:
        from django.db import connection

        from speed.server import database_url

        queue, media_root = self.queue, self.media_root

        env = {
            **os.environ,
            "DATABASE_URL": database_url(connection.settings_dict),
            "DJANGO_MEDIA_ROOT": str(media_root),
        }
        command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "-Q", queue]
        command += ["--without-heartbeat", "--without-gossip", "--without-mingle", "--loglevel=WARNING"]
        self.process = subprocess.Popen(
            command, cwd=self.ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )

    def check_running(self) -> None:
        if self.process.poll() is not None:
            pytest.fail(f"the worker stopped: {self.process.communicate()[0]}")

    def stop(self) -> str:
        self.process.terminate()
        return self.process.communicate(timeout=30)[0]

    def kill(self) -> None:
        """As the operating system kills a worker that ran out of memory: no warning, no clean-up."""
        self.process.kill()
        self.process.communicate(timeout=30)


@pytest.fixture
def real_worker(settings):
    """For tests marked `services`: tasks go to a real worker (REDIS_URL and PostgreSQL needed)."""
    from django.db import connection

    from config.celery import app

    if not os.environ.get("REDIS_URL") or connection.vendor != "postgresql":
        pytest.skip("needs REDIS_URL and a PostgreSQL DATABASE_URL")
    queue = f"test-{uuid.uuid4().hex[:8]}"
    settings.CELERY_TASK_DEFAULT_QUEUE = queue
    before = app.conf.task_default_queue
    app.conf.task_default_queue = queue

    def forget_routes():  # Celery keeps the queues and routes it worked out the first time they were needed
        for name in ("queues", "default_queue", "router"):
            app.amqp.__dict__.pop(name, None)

    forget_routes()
    worker = RealWorker(queue, settings.MEDIA_ROOT)
    yield worker
    app.conf.task_default_queue = before
    forget_routes()
    worker.stop()
