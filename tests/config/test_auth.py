"""The permission backend: one query, the same answers as Django's."""

import pytest


@pytest.mark.django_db
def test_permissions_are_read_in_one_query_and_match_djangos():
    from django.contrib.auth.backends import ModelBackend
    from django.contrib.auth.models import Group, Permission
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from accounts.roles import MANAGER, ensure_roles
    from config.auth import PermissionBackend

    from ..factories import UserFactory

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
