"""Client-level submissions through the one way in: kept as pseudonymised events, the file as sent
deleted, figures worked out for every quarter covered, withdrawn with a reason; and nothing that names a
person anywhere the product keeps anything."""

import datetime as dt
import logging
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from cld import submissions
from cld.models import QuarterFigure, Submission
from imports.models import Upload
from indicators.models import AuditEvent

from .files import care_home, community, csv_file

pytestmark = pytest.mark.django_db
KEY = "a-secret-of-forty-characters-for-tests-00"


@pytest.fixture(autouse=True)
def key(settings):
    settings.CLD_PSEUDONYM_KEY = KEY


def submission(tmp_path: Path, name: str, rows: list[dict], start="2024-04-01", end="2025-03-31") -> Path:
    path = tmp_path / name
    path.write_bytes(
        csv_file([{"Reporting Period Start Date": start, "Reporting Period End Date": end, **row} for row in rows])
    )
    return path


def figure(code: str, group: str, quarter_end: str) -> QuarterFigure:
    return QuarterFigure.objects.get(code=code, group=group, quarter_end=dt.date.fromisoformat(quarter_end))


def test_a_submission_is_kept_as_events_and_the_file_as_sent_is_deleted(tmp_path, settings, capsys):
    path = submission(tmp_path, "q4.csv", [care_home("1", "2024-06-01"), care_home("2", "2024-09-01", "2024-12-01")])
    call_command("import_cld", str(path))
    upload = Upload.objects.get()
    assert upload.state == Upload.State.COMMITTED and upload.kind == "cld"
    assert not upload.file  # the file as sent is gone, and the upload says so
    assert "deleted once it was checked" in upload.read_note
    kept = Submission.objects.get()
    assert (kept.events, kept.people, kept.la_code) == (2, 2, "330")
    assert (kept.period_start, kept.period_end) == (dt.date(2024, 4, 1), dt.date(2025, 3, 31))
    stored = [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]
    assert [p.suffix for p in stored] == [".parquet"]
    assert figure("2C", "65 and above", "2025-03-31").numerator == 2
    printed = capsys.readouterr().out
    assert "events: 2; people: 2; LA code 330" in printed and "Kept as submission" in printed
    assert AuditEvent.objects.filter(details__cld_submission=kept.pk).exists()


def test_the_same_file_again_changes_nothing(tmp_path):
    path = submission(tmp_path, "q4.csv", [care_home("1", "2024-06-01")])
    call_command("import_cld", str(path))
    call_command("import_cld", str(path))
    second = Upload.objects.order_by("pk").last()
    assert second.state == Upload.State.NO_CHANGES and "changes nothing" in second.message
    assert Submission.objects.count() == 1 and not second.file


def test_a_row_that_cannot_be_used_keeps_nothing_not_even_the_file(tmp_path, settings):
    path = submission(tmp_path, "q4.csv", [care_home("1", "2024-06-01"), care_home("2", "not a date")])
    with pytest.raises(CommandError, match="refused"):
        call_command("import_cld", str(path))
    upload = Upload.objects.get()
    assert upload.state == Upload.State.REFUSED
    assert upload.errors[0]["row"] == 3 and "'Event Start Date' is 'not a date'" in upload.errors[0]["message"]
    assert not Submission.objects.exists() and not QuarterFigure.objects.exists()
    assert not [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]


def test_a_dry_run_keeps_nothing(tmp_path, settings):
    call_command("import_cld", str(submission(tmp_path, "q4.csv", [care_home("1", "2024-06-01")])), "--dry-run")
    assert Upload.objects.get().state == Upload.State.CANCELLED
    assert not Submission.objects.exists()
    assert not [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]


def test_each_quarter_covered_is_worked_out_and_a_resubmitted_event_counts_once(tmp_path):
    first = submission(tmp_path, "q4.csv", [care_home("1", "2024-06-01")])
    second = submission(
        tmp_path,
        "q1.csv",
        [care_home("1", "2024-06-01"), care_home("2", "2025-05-01")],  # person 1's stay sent again
        start="2024-07-01",
        end="2025-06-30",
    )
    call_command("import_cld", str(first))
    call_command("import_cld", str(second))
    assert sorted({f.quarter_end for f in QuarterFigure.objects.all()}) == [dt.date(2025, 3, 31), dt.date(2025, 6, 30)]
    assert figure("2C", "65 and above", "2025-03-31").numerator == 1
    assert figure("2C", "65 and above", "2025-06-30").numerator == 1  # person 2 only: person 1 began in June 2024
    assert figure("2C", "65 and above", "2025-06-30").submissions == list(
        Submission.objects.in_use().values_list("pk", flat=True)
    )


def test_a_withdrawn_submission_is_left_out_and_the_reason_audited(tmp_path, officer):
    call_command("import_cld", str(submission(tmp_path, "q4.csv", [care_home("1", "2024-06-01")])))
    call_command(
        "import_cld",
        str(submission(tmp_path, "q1.csv", [care_home("2", "2025-05-01")], start="2024-07-01", end="2025-06-30")),
    )
    later = Submission.objects.get(period_end=dt.date(2025, 6, 30))
    submissions.withdraw(later, officer, "Sent with the wrong council's events")
    assert sorted({f.quarter_end for f in QuarterFigure.objects.all()}) == [dt.date(2025, 3, 31)]
    audit = AuditEvent.objects.get(details__cld_submission=later.pk, details__new="withdrawn")
    assert audit.user == officer and "wrong council" in audit.summary
    with pytest.raises(ValueError, match="was withdrawn"):
        submissions.withdraw(later, officer, "again")
    with pytest.raises(ValueError, match="Say why"):
        submissions.withdraw(Submission.objects.get(period_end=dt.date(2025, 3, 31)), officer, " ")


@pytest.mark.parametrize(
    ("stated", "latest_end", "read_as", "noted"),
    [
        (("2024-04-01", "2025-03-31"), "2025-03-20", ("2024-04-01", "2025-03-31"), False),
        (("2023-01-01", "2025-03-31"), "2025-03-20", ("2024-04-01", "2025-03-31"), True),  # stated wider
        (("2024-04-01", "2025-03-31"), "2025-05-02", ("2024-07-01", "2025-06-30"), True),  # events end later
        (None, "2025-02-10", ("2024-04-01", "2025-03-31"), False),
    ],
)
def test_the_period_is_read_from_the_events_as_dhsc_does(stated, latest_end, read_as, noted):
    from cld.arrival import Quality

    quality = Quality(latest_end=dt.date.fromisoformat(latest_end))
    if stated:
        quality.stated_periods = {tuple(dt.date.fromisoformat(d) for d in stated)}
    start, end, note = submissions.period_of(quality, "s.csv")
    assert (start.isoformat(), end.isoformat()) == read_as
    assert bool(note) == noted


def test_a_file_with_several_periods_or_none_is_refused():
    from cld.arrival import Quality
    from indicators.problems import FileError

    with pytest.raises(FileError, match="states 2 reporting periods"):
        submissions.period_of(
            Quality(
                stated_periods={
                    (dt.date(2024, 4, 1), dt.date(2025, 3, 31)),
                    (dt.date(2024, 7, 1), dt.date(2025, 6, 30)),
                }
            ),
            "s.csv",
        )
    with pytest.raises(FileError, match="states no reporting period"):
        submissions.period_of(Quality(), "s.csv")


NAMES_AND_NUMBERS = [
    "9434765919",
    "943 476 5919",
    "LOCAL-77",
    "NameLOCAL-77",
    "Example",
    "B1 1AA",
    "Elm Surgery",
    "1940-06-17",
]


def test_no_name_nhs_number_or_postcode_is_kept_anywhere(tmp_path, settings, caplog):
    caplog.set_level(logging.DEBUG)
    rows = [
        care_home(
            "LOCAL-77",
            "2024-06-01",
            born="1940-06-17",
            **{"NHS Number": "943 476 5919", "GP Practice Name": "Elm Surgery"},
        ),
        community("LOCAL-78", delivery="Direct payment", **{"Event Description": "Moved after a fall at home"}),
    ]
    call_command("import_cld", str(submission(tmp_path, "q4.csv", rows)))
    held = []
    for model in apps.get_models():
        for values in model.objects.values_list():
            held.append(repr(values))
    everything = "\n".join(held)
    files = b"".join(p.read_bytes() for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()).decode("latin-1")
    for identifier in [*NAMES_AND_NUMBERS, "LOCAL-78", "fall at home"]:
        assert identifier not in everything, identifier
        assert identifier not in files, identifier
        assert identifier not in caplog.text, identifier
    assert Submission.objects.get().people == 2


def test_a_check_started_again_after_the_file_was_deleted_says_to_upload_it_again(tmp_path):
    from imports import services

    path = submission(tmp_path, "q4.csv", [care_home("1", "2024-06-01")])
    upload = services.receive(path.read_bytes(), "q4.csv", kind=Upload.Kind.CLD, queue_check=False)
    upload.file.delete(save=True)
    checked = services.check(upload.pk)
    assert checked.state == Upload.State.REFUSED and "upload it again" in checked.message
