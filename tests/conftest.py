import io

import pytest
from django.core.management import call_command

from .factories import UserFactory


@pytest.fixture
def demo(db):
    """The demo scorecards, loaded as `manage.py load_demo` loads them."""
    call_command("load_demo", "--no-users", stdout=io.StringIO())


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
