"""The demo loads through the one upload path, and again without changing anything."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from cld.models import Submission
from indicators.models import (
    Commentary,
    DataPoint,
    Revision,
    ScorecardPeriod,
    StatusOverride,
)
from tests.helpers import load_demo_with_log_ins

QUARTER_ENDS = [
    "2023-06-30",
    "2023-09-30",
    "2023-12-31",
    "2024-03-31",
    "2024-06-30",
    "2024-09-30",
    "2024-12-31",
    "2025-03-31",
]
QUARTERS_OF_CLIENT_LEVEL_FILES = [f"example-cld-{end}.csv" for end in QUARTER_ENDS]
# one extract per submission: the figures of the catalogue's linked measures, worked out again
QUARTERS_OF_CLIENT_LEVEL_FIGURES = [f"client-level-figures-to-{end}.csv" for end in QUARTER_ENDS]


@pytest.mark.django_db
@override_settings(HTTPS=False)
def test_load_demo_is_in_the_upload_history_as_the_officers_and_twice_changes_nothing(client, run_folder, settings):
    load_demo_with_log_ins(run_folder, settings.MEDIA_ROOT)  # `load_demo --log-ins`, as the browser tests share it
    assert_in_the_upload_history_and_the_audit_log_as_the_officers(client)
    counts = (
        Revision.objects.count(),
        DataPoint.objects.count(),
        Commentary.objects.count(),
        StatusOverride.objects.count(),
        Submission.objects.count(),
    )
    again = io.StringIO()
    call_command("load_demo", stdout=again)
    # every extract of the demo scorecards, the example history and the figures by constituency
    assert again.getvalue().count("No changes") == 10
    assert again.getvalue().count("is already loaded: nothing has changed") == 3  # the boundary files
    assert again.getvalue().count("loading it again changes nothing") == 8  # the client-level submissions
    assert counts == (
        Revision.objects.count(),
        DataPoint.objects.count(),
        Commentary.objects.count(),
        StatusOverride.objects.count(),
        Submission.objects.count(),
    )


@pytest.mark.django_db
def test_the_demo_log_ins_are_printed_one_per_role():
    from demo.management.commands.load_demo import DEMO_USERS, Command

    out = io.StringIO()
    Command(stdout=out).make_users()
    assert "user name: officer" in out.getvalue()
    assert out.getvalue().count("user name:") == len(DEMO_USERS)


@pytest.mark.django_db
@override_settings(HTTPS=True)
def test_load_demo_makes_no_log_ins_in_production():
    """Known passwords only on a demo machine: where HTTPS is on, asking for them loads nothing."""
    from django.contrib.auth import get_user_model

    with pytest.raises(CommandError, match="only made on a demo machine"):
        call_command("load_demo", "--log-ins", stdout=io.StringIO())
    assert not get_user_model().objects.exists() and not Revision.objects.exists()


def test_the_demo_without_log_ins_loads_and_no_one_in_it_can_sign_in(demo):
    """Without log-ins the demo loads wherever it runs (the `demo` fixture is `load_demo` so loaded)."""
    from django.contrib.auth import get_user_model

    assert Revision.objects.exists()
    # Only the two people behind the papers' commentary (one wrote, one approved), and neither can sign in.
    people = get_user_model().objects.all()
    assert sorted(p.username for p in people) == ["papers-author", "papers-reviewer"]
    assert not any(p.has_usable_password() for p in people)


def test_demo_publications_freeze_what_was_loaded(demo):
    assert ScorecardPeriod.objects.filter(published_at__isnull=False).count() == 9
    assert DataPoint.objects.exists()


def assert_in_the_upload_history_and_the_audit_log_as_the_officers(client) -> None:
    """The demo's files, as loaded once with its log-ins, in the upload history and the audit log."""
    from django.contrib.auth import get_user_model

    from imports.models import Upload
    from indicators.models import AuditEvent

    officer = get_user_model().objects.get(username="officer")
    uploads = Upload.objects.order_by("id")
    assert [(u.kind, u.source, u.uploaded_by, u.state) for u in uploads][:10] == [
        *[("national", "demo", officer, "committed")] * 4,
        ("groups", "demo", officer, "committed"),
        *[("boundaries", "demo", officer, "committed")] * 3,
        ("definitions", "demo", officer, "committed"),
        ("extract", "demo", officer, "committed"),
    ]
    assert {u.file_name for u in uploads} == {
        "definitions.yaml",
        "extract-2024-07.csv",
        "extract-2024-08.csv",
        "extract-2024-09.csv",
        "extract-2020-08.csv",
        "extract-2020-09.csv",
        "extract-2021-11.csv",
        "extract-2022-12.csv",
        "commentary.yaml",
        "oflog-adult-social-care-2015-16-to-2022-23.csv",
        "ascof-open-data-2014-15-to-2018-19.csv.gz",
        "ascof-open-data-2020-21.csv.gz",
        "ascof-outcomes-2017-18-to-2023-24.csv.gz",
        "comparator-groups.csv",
        "example-history-2024-03.csv",
        "birmingham-constituencies-2010.geojson",
        "birmingham-constituencies-2024.geojson",
        "birmingham-wards-2022.geojson",
        "by-constituency-2020-09.csv",
        "example-postcodes-to-wards.csv",
        *QUARTERS_OF_CLIENT_LEVEL_FILES,
        *QUARTERS_OF_CLIENT_LEVEL_FIGURES,
    }
    assert uploads.count() == 46 and all(u.state == "committed" for u in uploads)
    # each extract, national and boundary file, the postcode lookup, each client-level submission and the
    # figures worked out from it
    assert AuditEvent.objects.filter(action="upload", user=officer).count() == 34
    assert AuditEvent.objects.filter(action="definitions", user=officer).count() == 7
    client.force_login(officer)
    page = client.get("/imports/").content.decode()
    assert "Nothing has been uploaded yet" not in page and "example-cld-2025-03-31.csv" in page and "Demo data" in page
