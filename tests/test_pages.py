"""What a person sees: the index, the log-in page and the catalogue admin."""

import io

import pytest
from django.core.management import call_command
from django.test import override_settings

from indicators.models import Commentary, DataPoint, Measure, Revision, StatusOverride

from .test_scorecard_pages import text


def test_index_lists_scorecards_and_periods_with_links(demo, signed_in):
    page = signed_in.get("/").content.decode()
    assert "Adult Social Care Cabinet Scorecard" in page and "Birmingham City Council" in page
    assert 'href="/api/scorecards/cabinet-scorecard/2020-09/"' in page
    assert "September 2020" in page and "July 2024" in page


def test_index_marks_draft_periods_for_staff_only(demo, signed_in, client):
    from django.contrib.auth.models import Group

    from accounts.roles import COUNCILLOR

    from .factories import UserFactory

    page = text(signed_in.get("/"))
    assert "September 2024 Draft" in page and "August 2024 Draft" not in page
    councillor = UserFactory(username="index-councillor")
    councillor.groups.add(Group.objects.get(name=COUNCILLOR))
    client.force_login(councillor)
    page = text(client.get("/"))
    assert "August 2024" in page and "September 2024" not in page and "Draft" not in page


@pytest.mark.django_db
def test_index_with_nothing_loaded_says_what_to_do(signed_in):
    assert "There are no scorecards yet" in signed_in.get("/").content.decode()


@pytest.mark.django_db
def test_login_page_and_failed_login_message(client, officer):
    assert "Sign in" in client.get("/accounts/login/").content.decode()
    response = client.post("/accounts/login/", {"username": "officer-test", "password": "wrong"})
    assert "The user name and password do not match an account" in response.content.decode()
    response = client.post("/accounts/login/", {"username": "officer-test", "password": "a-long-test-password"})
    assert response.status_code == 302 and response["Location"] == "/"


@pytest.mark.django_db
def test_health_is_public(client):
    assert client.get("/health/").json() == {"database": "ok"}


@pytest.mark.parametrize(
    "url, text",
    [
        ("/admin/indicators/measure/", "3D part 2a"),
        ("/admin/indicators/measure/?q=shared+lives", "CS09"),
        ("/admin/indicators/measure/?scorecard=cabinet-scorecard&polarity=lower", "CS04"),
        ("/admin/indicators/scorecard/", "Monthly Adult Social Care dashboard"),
        ("/admin/indicators/revision/", "extract-2020-09.csv"),
        ("/admin/indicators/datapoint/?q=CS09", "CS09"),
        ("/admin/indicators/commentary/", "CS15"),
        ("/admin/indicators/target/", "CS07"),
        ("/admin/indicators/statusoverride/", "CS10"),
    ],
)
def test_officer_works_in_the_catalogue_admin(demo, signed_in, url, text):
    response = signed_in.get(url)
    assert response.status_code == 200 and text in response.content.decode()


def test_measure_admin_edits_targets_and_benchmarks_inline(demo, signed_in):
    measure = Measure.objects.get(code="CS04")
    page = signed_in.get(f"/admin/indicators/measure/{measure.pk}/change/").content.decode()
    assert "targets-TOTAL_FORMS" in page and "benchmarks-TOTAL_FORMS" in page
    assert "1417.4" in page  # the worst quartile cut point, editable in place


def test_figures_cannot_be_edited_in_the_admin(demo, signed_in):
    point = DataPoint.objects.first()
    assert signed_in.get(f"/admin/indicators/datapoint/{point.pk}/delete/").status_code == 403
    assert signed_in.get("/admin/indicators/revision/add/").status_code == 403


def test_manager_and_councillor_have_no_admin(demo, client):
    from django.contrib.auth.models import Group

    from .factories import UserFactory

    for role in ("Manager", "Councillor"):
        user = UserFactory(username=role.lower())
        user.groups.add(Group.objects.get(name=role))
        client.force_login(user)
        response = client.get("/admin/indicators/measure/")
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_load_demo_twice_changes_nothing():
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "user name: officer" in out.getvalue()
    counts = (
        Revision.objects.count(),
        DataPoint.objects.count(),
        Commentary.objects.count(),
        StatusOverride.objects.count(),
    )
    again = io.StringIO()
    call_command("load_demo", "--no-users", stdout=again)
    assert again.getvalue().count("No changes") == 7  # every extract of the four demo scorecards
    assert counts == (
        Revision.objects.count(),
        DataPoint.objects.count(),
        Commentary.objects.count(),
        StatusOverride.objects.count(),
    )


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_load_demo_makes_no_log_ins_in_production():
    from django.contrib.auth import get_user_model

    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "none were created" in out.getvalue() and not get_user_model().objects.exists()


@pytest.mark.django_db
def test_migrate_alone_gives_each_role_its_permissions():
    """The groups are made by `migrate`, with every app's permissions, before any demo is loaded."""
    from django.contrib.auth.models import Group

    officers = Group.objects.get(name="Performance officer")
    codenames = set(officers.permissions.values_list("codename", flat=True))
    assert {"add_upload", "change_measure", "add_statusoverride", "view_datapoint"} <= codenames
    assert "delete_datapoint" not in codenames
    assert not Group.objects.get(name="Councillor").permissions.exists()
