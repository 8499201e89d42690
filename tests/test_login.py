"""Signing in: failures say nothing about whether an account exists, and repeated failures lock out."""

import pytest

from .factories import UserFactory

LOGIN = "/accounts/login/"


def attempt(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR="10.1.2.3")


@pytest.mark.django_db
def test_a_wrong_password_and_an_unknown_user_get_the_same_answer(client):
    UserFactory(username="officer-a")
    wrong_password = attempt(client, "officer-a", "not-the-password")
    no_such_user = attempt(client, "nobody-at-all", "not-the-password")
    assert wrong_password.status_code == no_such_user.status_code == 200
    message = "The user name and password do not match an account."
    assert message in wrong_password.content.decode() and message in no_such_user.content.decode()


@pytest.mark.django_db
def test_five_failures_lock_the_user_name_out_even_with_the_right_password(client, settings):
    UserFactory(username="officer-b")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "officer-b", "guess")
    locked = attempt(client, "officer-b", "a-long-test-password")
    assert locked.status_code == 429 and "Signing in is paused" in locked.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_success_before_the_limit_clears_the_count(client, settings):
    UserFactory(username="officer-c")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "officer-c", "guess")
    assert attempt(client, "officer-c", "a-long-test-password").status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "officer-c", "guess")
    assert attempt(client, "officer-c", "a-long-test-password").status_code == 302


@pytest.mark.django_db
def test_permissions_are_read_in_one_query_and_match_djangos():
    from django.contrib.auth.backends import ModelBackend
    from django.contrib.auth.models import Group, Permission
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from accounts.roles import MANAGER, ensure_roles
    from config.auth import PermissionBackend

    from .factories import UserFactory

    ensure_roles()
    user = UserFactory(username="perm-check")
    user.groups.add(Group.objects.get(name=MANAGER))
    user.user_permissions.add(Permission.objects.get(codename="view_auditevent"))
    with CaptureQueriesContext(connection) as queries:
        ours = PermissionBackend().get_all_permissions(user)
    assert len(queries) == 1
    fresh = type(user).objects.get(pk=user.pk)
    assert ours == ModelBackend().get_all_permissions(fresh)
    assert {"indicators.write_own_commentary", "indicators.view_auditevent"} <= ours
    inactive = type(user).objects.get(pk=user.pk)
    inactive.is_active = False
    assert PermissionBackend().get_all_permissions(inactive) == set()
