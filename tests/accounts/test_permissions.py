"""Who may do what: every URL against every role."""

import os

import pytest
from django.contrib.auth.models import Group
from django.urls import URLPattern, URLResolver, get_resolver

from accounts import roles
from imports import services
from indicators.models import Measure

from ..factories import UserFactory

ROLES = ["anonymous", "councillor", "manager", "officer", "administrator"]


PUBLISHED = "/scorecards/cabinet-scorecard/2020-09/"


DRAFT = "/scorecards/monthly-asc-dashboard/2024-09/"


# route: [(method, url, {role: status})]; a status of 302 for "anonymous" means sent to sign in.
ALL = dict.fromkeys(ROLES[1:], 200)


SIGN_IN = {"anonymous": 302}


STAFF_ONLY_READ = {"anonymous": 302, "councillor": 404, "manager": 200, "officer": 200, "administrator": 200}


OFFICERS = {"anonymous": 302, "councillor": 403, "manager": 403, "officer": 200, "administrator": 200}


NOT_OFFICERS = {"anonymous": 302, "councillor": 403, "manager": 403}


MATRIX = {
    "workflow:home": [("get", "/", {**SIGN_IN, **ALL})],
    # the legal basics are open to everyone
    "site:accessibility": [("get", "/accessibility/", dict.fromkeys(ROLES, 200))],
    "site:privacy": [("get", "/privacy/", dict.fromkeys(ROLES, 200))],
    "site:help": [("get", "/help/", dict.fromkeys(ROLES, 200))],
    "scorecard:latest": [("get", "/scorecards/cabinet-scorecard/", {**SIGN_IN, **dict.fromkeys(ROLES[1:], 302)})],
    "scorecard:scorecard": [("get", PUBLISHED, {**SIGN_IN, **ALL}), ("get", DRAFT, STAFF_ONLY_READ)],
    "scorecard:export": [
        ("get", PUBLISHED + "scorecard.csv", {**SIGN_IN, **ALL}),
        ("get", DRAFT + "scorecard.xlsx", STAFF_ONLY_READ),
    ],
    "scorecard:measure": [
        ("get", PUBLISHED + "measures/CS09/", {**SIGN_IN, **ALL}),
        ("get", DRAFT + "measures/2C/", STAFF_ONLY_READ),
    ],
    "scorecard:spc_recalculate": [
        ("post", PUBLISHED + "measures/CS09/recalculate/", {"anonymous": 302, "councillor": 403, "manager": 403}),
    ],
    "scorecard:chart_figures": [
        ("get", PUBLISHED + "measures/CS09/figures.csv", {**SIGN_IN, **ALL}),
        ("get", DRAFT + "measures/2C/figures.csv?chart=xmr", STAFF_ONLY_READ),
    ],
    "scorecard:quartiles": [("get", PUBLISHED + "measures/CS15/quartiles/", {**SIGN_IN, **ALL})],
    "areas:breakdown": [("get", PUBLISHED + "measures/CS03/areas/", {**SIGN_IN, **ALL})],
    "areas:breakdown_csv": [("get", PUBLISHED + "measures/CS03/areas.csv", {**SIGN_IN, **ALL})],
    "areas:profile": [("get", "/areas/westminster-constituency/E14000560/", {**SIGN_IN, **ALL})],
    "api:scorecards": [("get", "/api/scorecards/", {**SIGN_IN, **ALL})],
    "scorecard:signals": [("get", PUBLISHED + "signals/", {**SIGN_IN, **ALL})],
    "api:series": [("get", "/api/scorecards/cabinet-scorecard/2020-09/measures/CS09/series/", {**SIGN_IN, **ALL})],
    # national figures are published statistics: open to anyone who may read a scorecard
    "national:index": [("get", "/benchmarking/", {**SIGN_IN, **ALL})],
    "national:measure_year": [("get", "/benchmarking/2D/2020-21/", {**SIGN_IN, **ALL})],
    "national:map": [("get", "/benchmarking/2D/2020-21/map/", {**SIGN_IN, **ALL})],
    "national:profile": [("get", "/benchmarking/council/E08000025/", {**SIGN_IN, **ALL})],
    "national_api:list": [("get", "/api/national/", {**SIGN_IN, **ALL})],
    "national_api:measure_year": [("get", "/api/national/2D/2020-21/", {**SIGN_IN, **ALL})],
    "api:scorecard": [
        ("get", "/api/scorecards/cabinet-scorecard/2020-09/", {**SIGN_IN, **ALL}),
        ("get", "/api/scorecards/monthly-asc-dashboard/2024-09/", STAFF_ONLY_READ),
    ],
    "workflow:my_measures": [
        (
            "get",
            "/my-measures/",
            {"anonymous": 302, "councillor": 403, "manager": 200, "officer": 200, "administrator": 200},
        )
    ],
    "workflow:approvals": [
        (
            "get",
            "/approvals/",
            {"anonymous": 302, "councillor": 403, "manager": 200, "officer": 200, "administrator": 200},
        )
    ],
    "scorecard:measures": [("get", "/measures/", {**SIGN_IN, **ALL})],
    "imports:one_figure": [
        ("get", "/imports/one-figure/", OFFICERS),
        ("post", "/imports/one-figure/", {"anonymous": 302, "councillor": 403, "manager": 403}),
    ],
    "password_change": [("get", "/accounts/password/", {**SIGN_IN, **ALL})],
    "password_change_done": [("get", "/accounts/password/changed/", {**SIGN_IN, **ALL})],
    # resetting a forgotten password is for people who cannot sign in
    "password_reset": [("get", "/accounts/password/reset/", dict.fromkeys(ROLES, 200))],
    "password_reset_done": [("get", "/accounts/password/reset/sent/", dict.fromkeys(ROLES, 200))],
    "password_reset_confirm": [("get", "/accounts/password/reset/MQ/bad-token/", dict.fromkeys(ROLES, 200))],
    "password_reset_complete": [("get", "/accounts/password/reset/done/", dict.fromkeys(ROLES, 200))],
    "workflow:commentary": [
        # the manager owns 2C but not CS09
        (
            "get",
            "/commentary/2C/2024-09/",
            {"anonymous": 302, "councillor": 403, "manager": 200, "officer": 200, "administrator": 200},
        ),
        (
            "get",
            "/commentary/CS09/2020-09/",
            {"anonymous": 302, "councillor": 403, "manager": 403, "officer": 200, "administrator": 200},
        ),
        ("post", "/commentary/CS09/2020-09/", {"anonymous": 302, "councillor": 403, "manager": 403}),
    ],
    "workflow:commentary_history": [
        (
            "get",
            "/commentary/CS09/2020-09/history/",
            {"anonymous": 302, "councillor": 403, "manager": 200, "officer": 200, "administrator": 200},
        )
    ],
    "workflow:publish": [
        ("get", DRAFT + "publish/", OFFICERS),
        ("post", DRAFT + "publish/", {"anonymous": 302, "councillor": 403, "manager": 403}),
    ],
    "workflow:audit": [("get", "/audit/", OFFICERS)],
    "workflow:targets": [("get", "/targets/", OFFICERS)],
    "workflow:target_rule": [("get", "/targets/2C/", OFFICERS)],
    "workflow:target_change": [
        ("get", "/targets/2C/2024/tolerance/", OFFICERS),
        ("post", "/targets/2C/2024/tolerance/", NOT_OFFICERS),
    ],
    "imports:upload": [
        ("get", "/imports/", OFFICERS),
        ("post", "/imports/", {"anonymous": 302, "councillor": 403, "manager": 403}),
    ],
    "imports:detail": [("get", "/imports/{upload}/", OFFICERS)],
    "imports:all": [("get", "/imports/all/", OFFICERS)],
    "imports:status": [("get", "/imports/{upload}/status/", OFFICERS)],
    "imports:confirm": [("post", "/imports/{upload}/confirm/", {"anonymous": 302, "councillor": 403, "manager": 403})],
    "imports:cancel": [("post", "/imports/{upload}/cancel/", {"anonymous": 302, "councillor": 403, "manager": 403})],
    "imports:original": [("get", "/imports/{upload}/file/", OFFICERS)],
    "imports:errors": [("get", "/imports/{upload}/errors.csv", OFFICERS)],
    "imports:template": [("get", "/imports/template/long.csv", OFFICERS)],
    # client-level data names people: officers only, and its people behind a figure a permission of its own
    "cld:index": [("get", "/client-level-data/", OFFICERS)],
    "cld:upload": [("post", "/client-level-data/upload/", {**NOT_OFFICERS, "officer": 400})],
    "cld:population": [("post", "/client-level-data/population/", {**NOT_OFFICERS, "officer": 400})],
    "cld:postcodes": [("post", "/client-level-data/postcodes/", {**NOT_OFFICERS, "officer": 400})],
    "cld:submission": [("get", "/client-level-data/submissions/999999/", {**NOT_OFFICERS, "officer": 404})],
    "cld:withdraw": [("get", "/client-level-data/submissions/999999/withdraw/", {**NOT_OFFICERS, "officer": 404})],
    "cld:people": [("get", "/client-level-data/people/2025-03-31/3D1A/Total/", OFFICERS)],  # the demo's
    "cld:areas": [("get", "/client-level-data/areas/2025-03-31/3D1A/Total/", OFFICERS)],  # the demo's, by ward
    "login": [("get", "/accounts/login/", dict.fromkeys(ROLES, 200))],
    "logout": [("get", "/accounts/logout/", dict.fromkeys(ROLES[1:], 405))],
    # Health is public; with Redis configured and no worker running in the tests, it says 503.
    "health": [("get", "/health/", {"anonymous": 503 if os.environ.get("REDIS_URL") else 200})],
    "live": [("get", "/health/live/", dict.fromkeys(ROLES, 200))],
    # The catalogue admin: staff only (officers and administrators); everyone else is sent to sign in.
    "admin:*": [
        ("get", "/admin/", {"anonymous": 302, "councillor": 302, "manager": 302, "officer": 200, "administrator": 200}),
        ("get", "/admin/indicators/target/", {"anonymous": 302, "councillor": 302, "manager": 302, "officer": 200}),
        ("get", "/admin/auth/user/", {"officer": 403, "administrator": 200}),
    ],
}


def route_names(patterns=None, namespace="") -> set[str]:
    names = set()
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            if entry.namespace == "admin":
                names.add("admin:*")
                continue
            names |= route_names(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern):
            if entry.name is None:
                raise AssertionError(f"Give the URL pattern {entry.pattern} a name so its access can be tested")
            names.add(f"{namespace}{entry.name}")
    return names


def test_every_url_has_an_entry():
    routes = route_names()
    assert routes - set(MATRIX) == set(), "new URLs need a row in the role matrix"
    assert set(MATRIX) - routes == set(), "the matrix names URLs that no longer exist"


@pytest.fixture
def world(demo):
    roles.ensure_roles()
    users = {}
    for role, group in [
        ("councillor", roles.COUNCILLOR),
        ("manager", roles.MANAGER),
        ("officer", roles.PERFORMANCE_OFFICER),
        ("administrator", roles.ADMINISTRATOR),
    ]:
        user = UserFactory(username=f"matrix-{role}", is_staff=role in ("officer", "administrator"))
        user.is_superuser = role == "administrator"
        user.save()
        user.groups.add(Group.objects.get(name=group))
        users[role] = user
    Measure.objects.filter(code="2C").update(owner_user=users["manager"])
    upload = services.receive(b"code,period,value\n2C,2024-09,x\n", "bad.csv", user=users["officer"], queue_check=False)
    services.check(upload.pk)
    return users, upload


@pytest.mark.parametrize("role", ROLES)
def test_role_matrix(world, client, role):
    """Every URL in the matrix for one role; every mismatch is listed, not just the first."""
    users, upload = world
    if role != "anonymous":
        client.force_login(users[role])
    wrong = []
    for route, checks in MATRIX.items():
        for method, url, expected in checks:
            if role not in expected:
                continue
            url = url.format(upload=upload.pk)
            response = client.post(url, {}) if method == "post" else client.get(url)
            status = response.status_code
            if status != expected[role]:
                wrong.append(f"{route}: {method.upper()} {url} gave {status}, expected {expected[role]}")
            elif role == "anonymous" and status == 302 and not response["Location"].startswith(SIGN_IN_PAGES):
                wrong.append(f"{route}: {url} sent an anonymous reader to {response['Location']}, not to sign in")
    assert wrong == []


SIGN_IN_PAGES = ("/accounts/login/", "/admin/login/")


def test_a_public_scorecard_is_open_to_everyone_but_only_where_published(demo, client):
    from indicators.models import Scorecard

    Scorecard.objects.filter(slug="monthly-asc-dashboard").update(is_public=True)
    assert client.get("/scorecards/monthly-asc-dashboard/2024-08/").status_code == 200
    assert client.get(DRAFT).status_code == 404  # a draft is not public
    assert client.get(PUBLISHED).status_code == 302  # another council scorecard still needs a log-in
    index = client.get("/").content.decode()
    assert "Monthly Adult Social Care dashboard" in index and "Cabinet Scorecard" not in index
    assert client.get("/my-measures/").status_code == 302


@pytest.mark.parametrize(
    "url, data",
    [
        ("/commentary/2C/2024-09/", {"intent": "save", "text": "Words"}),
        (DRAFT + "publish/", {"intent": "publish", "confirm_missing": "on"}),
        ("/imports/", {}),
    ],
)
def test_every_form_needs_its_csrf_token(world, url, data):
    from django.test import Client

    users, _ = world
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["officer"])
    assert client.post(url, data).status_code == 403
