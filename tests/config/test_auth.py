"""The permission backend: one query, the same answers as Django's."""

import pytest


@pytest.mark.django_db
def test_permissions_are_read_in_one_query_and_match_djangos(settings):
    from django.contrib.auth.backends import ModelBackend
    from django.contrib.auth.models import Group, Permission
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from accounts.roles import MANAGER, ensure_roles
    from config.auth import PermissionBackend

    from ..factories import UserFactory

    settings.CACHE_PERMISSIONS = False
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


def _fresh(user):
    return type(user).objects.get(pk=user.pk)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change",
    ["leave the group", "group loses the permission", "own permission removed", "group deleted"],
)
def test_permissions_kept_in_the_cache_are_read_afresh_after_any_change_of_roles(settings, change):
    """With a shared cache, a second request reads no permissions from the database, and a role taken
    away counts from the next request, whichever way it was taken away."""
    from django.contrib.auth.models import Group, Permission
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from config.auth import PermissionBackend

    from ..factories import UserFactory

    settings.CACHE_PERMISSIONS = True
    cache.clear()
    group = Group.objects.create(name="Readers of drafts")
    unpublished = Permission.objects.get(codename="view_unpublished")
    group.permissions.add(unpublished)
    user = UserFactory(username="cached-perms")
    user.groups.add(group)
    audit = Permission.objects.get(codename="view_auditevent")
    user.user_permissions.add(audit)

    assert "indicators.view_unpublished" in PermissionBackend().get_all_permissions(_fresh(user))
    with CaptureQueriesContext(connection) as queries:
        again = PermissionBackend().get_all_permissions(_fresh(user))
    assert {"indicators.view_unpublished", "indicators.view_auditevent"} <= again
    assert len([q for q in queries if "auth_permission" in q["sql"]]) == 0

    gone = {
        "leave the group": lambda: user.groups.remove(group),
        "group loses the permission": lambda: group.permissions.remove(unpublished),
        "own permission removed": lambda: user.user_permissions.remove(audit),
        "group deleted": lambda: group.delete(),
    }
    gone[change]()
    after = PermissionBackend().get_all_permissions(_fresh(user))
    lost = "indicators.view_auditevent" if change == "own permission removed" else "indicators.view_unpublished"
    assert lost not in after


@pytest.mark.django_db
def test_without_a_shared_cache_permissions_are_read_every_request(settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from config.auth import PermissionBackend

    from ..factories import UserFactory

    settings.CACHE_PERMISSIONS = False
    user = UserFactory(username="uncached-perms")
    PermissionBackend().get_all_permissions(_fresh(user))
    second_request = _fresh(user)
    with CaptureQueriesContext(connection) as queries:
        PermissionBackend().get_all_permissions(second_request)
    assert len(queries) == 1
