"""Permissions read in one query, and kept in the shared cache between requests.

Every scorecard page asks whether the reader may see drafts, so the two queries Django's ModelBackend
makes (the user's own permissions, then their groups') become one. Where the cache is shared by every
web process (Redis: `CACHE_PERMISSIONS`), the set is kept there with the roles version it was read under,
which any change to a group, a permission or a user's roles moves on (both are read in one round trip),
so a role taken away counts from the next request.
Entries also expire after a few minutes, so nothing stale can outlive a missed change (Redis down).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.db.models import Q

ROLES_VERSION_KEY = "roles-version"
KEPT_SECONDS = 300


def roles_version() -> str:
    found = cache.get(ROLES_VERSION_KEY)
    if found is None:
        cache.add(ROLES_VERSION_KEY, uuid.uuid4().hex, None)
        found = cache.get(ROLES_VERSION_KEY) or "unshared"
    return found


def roles_changed(**_kwargs) -> None:
    """Connected to every change that can alter someone's permissions (accounts.apps)."""
    cache.set(ROLES_VERSION_KEY, uuid.uuid4().hex, None)


def _read_permissions(user_obj) -> set[str]:
    found = Permission.objects.all()
    if not user_obj.is_superuser:
        found = found.filter(Q(user=user_obj) | Q(group__user=user_obj))
    pairs = found.order_by().values_list("content_type__app_label", "codename").distinct()
    return {f"{app}.{codename}" for app, codename in pairs}


class PermissionBackend(ModelBackend):
    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            if not settings.CACHE_PERMISSIONS:
                user_obj._perm_cache = _read_permissions(user_obj)
                return user_obj._perm_cache
            # the roles version and the set kept under it, in one round trip to the cache
            key = f"permissions:{user_obj.pk}:{int(user_obj.is_superuser)}"
            found = cache.get_many([ROLES_VERSION_KEY, key])
            version = found.get(ROLES_VERSION_KEY) or roles_version()
            kept_version, held = found.get(key, (None, None))
            if held is None or kept_version != version:
                held = _read_permissions(user_obj)
                cache.set(key, (version, held), KEPT_SECONDS)
            user_obj._perm_cache = held
        return user_obj._perm_cache
