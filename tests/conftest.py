"""Fixtures every test package shares.

The demo (`demo`) is loaded once per test module, through `load_demo` as a council's files would be, and
each test runs in a transaction over it that is rolled back, so no test sees another's changes. The
module's demo is removed when its last test has run (a flush, which also sets the roles again), so
modules that do not ask for it start empty.
"""

import io

import pytest
from django.core.management import call_command
from django.test.utils import override_settings

from .factories import UserFactory
from .helpers import person


def pytest_collection_modifyitems(items):
    """Within each module, the tests that start from an empty database run before those over the demo,
    so the module's demo (loaded at its first test that asks) is under only the tests that want it."""
    start = 0
    for end in range(1, len(items) + 1):
        if end == len(items) or items[end].module is not items[start].module:
            items[start:end] = sorted(items[start:end], key=lambda item: "demo" in item.fixturenames)
            start = end


@pytest.fixture(scope="module")
def demo_for_module(django_db_setup, django_db_blocker, tmp_path_factory):
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("demo-media")):
        call_command("load_demo", "--no-users", stdout=io.StringIO())
        yield
        call_command("flush", "--no-input", verbosity=0)


@pytest.fixture
def demo(request, demo_for_module):
    """The four demo scorecards, as `manage.py load_demo --no-users` loads them."""
    request.getfixturevalue("db")


@pytest.fixture
def officer(db):
    from django.contrib.auth.models import Group

    from accounts.roles import PERFORMANCE_OFFICER, ensure_roles

    ensure_roles()
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


@pytest.fixture(autouse=True)
def fresh_report_cache():
    """Each test starts with no cached reports or page fragments (test transactions roll back, so the
    data version can repeat from one test to the next)."""
    from django.core.cache import cache

    from scorecard.queries import report_cache

    report_cache.clear()
    cache.clear()
    yield
    report_cache.clear()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Tests make many log-ins; a fast hasher keeps them quick (production keeps Django's default)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
