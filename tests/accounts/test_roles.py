"""The roles and their permissions after a migrate."""

import pytest


@pytest.mark.django_db
def test_migrate_alone_gives_each_role_its_permissions():
    """The groups are made by `migrate`, with every app's permissions, before any demo is loaded."""
    from django.contrib.auth.models import Group

    officers = Group.objects.get(name="Performance officer")
    codenames = set(officers.permissions.values_list("codename", flat=True))
    assert {"add_upload", "change_measure", "add_statusoverride", "view_datapoint"} <= codenames
    assert "delete_datapoint" not in codenames
    assert not Group.objects.get(name="Councillor").permissions.exists()
