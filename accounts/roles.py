"""The roles, as Django groups, and the permissions each holds. Created after every migrate. What the
permissions allow is decided in `permissions.py`."""

from django.contrib.auth.models import Group, Permission

PERFORMANCE_OFFICER = "Performance officer"
MANAGER = "Manager"
COUNCILLOR = "Councillor"
ADMINISTRATOR = "Administrator"

CATALOGUE_MODELS = [
    "measure",
    "scorecard",
    "section",
    "scorecardmeasure",
    "target",
    "targetprofile",
    "benchmark",
    "framework",
    "spcmethod",
    "spcmark",
]
OFFICER_EXTRA = [
    "view_storedperiod",
    "view_revision",
    "view_datapoint",
    "add_statusoverride",
    "view_statusoverride",
    "add_commentary",
    "change_commentary",
    "view_commentary",
    "approve_commentary",
    "view_unpublished",
    "publish_period",
    "view_auditevent",
    "view_scorecardperiod",
]
# Officers keep the comparator groups and may look at the national data as loaded.
NATIONAL_PERMISSIONS = [
    "add_comparatorgroup",
    "change_comparatorgroup",
    "delete_comparatorgroup",
    "view_comparatorgroup",
    "view_council",
    "view_release",
]
# Officers load and withdraw client-level submissions and may see the people behind their figures.
CLD_PERMISSIONS = ["view_submission", "change_submission", "see_people", "view_quarterfigure"]
# Managers write the commentary of the measures they own or answer for (checked per measure in
# `permissions.can_write`) and see drafts; nothing in the catalogue.
MANAGER_PERMISSIONS = ["write_own_commentary", "view_unpublished"]


def officer_codenames() -> list[str]:
    codenames = [f"{action}_{model}" for model in CATALOGUE_MODELS for action in ("add", "change", "delete", "view")]
    return codenames + OFFICER_EXTRA


def ensure_roles(**kwargs) -> None:
    """Create the four groups and give the performance officers the catalogue. Idempotent."""
    for name in (PERFORMANCE_OFFICER, MANAGER, COUNCILLOR, ADMINISTRATOR):
        Group.objects.get_or_create(name=name)
    officers = Group.objects.get(name=PERFORMANCE_OFFICER)
    permissions = Permission.objects.filter(content_type__app_label="indicators", codename__in=officer_codenames())
    uploads = Permission.objects.filter(
        content_type__app_label="imports", codename__in=["add_upload", "view_upload", "change_upload"]
    )
    national = Permission.objects.filter(content_type__app_label="national", codename__in=NATIONAL_PERMISSIONS)
    cld = Permission.objects.filter(content_type__app_label="cld", codename__in=CLD_PERMISSIONS)
    officers.permissions.set([*permissions, *uploads, *national, *cld])
    managers = Group.objects.get(name=MANAGER)
    managers.permissions.set(
        Permission.objects.filter(content_type__app_label="indicators", codename__in=MANAGER_PERMISSIONS)
    )
    # Councillors read published scorecards, which needs no permission.
    Group.objects.get(name=COUNCILLOR).permissions.clear()
    administrators = Group.objects.get(name=ADMINISTRATOR)
    administrators.permissions.set(Permission.objects.all())
