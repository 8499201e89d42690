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

    from scorecard.roles import PERFORMANCE_OFFICER, ensure_roles

    ensure_roles()
    user = UserFactory(username="officer-test", is_staff=True)
    user.groups.add(Group.objects.get(name=PERFORMANCE_OFFICER))
    return user


@pytest.fixture
def signed_in(client, officer):
    client.force_login(officer)
    return client
