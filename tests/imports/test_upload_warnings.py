"""What an officer is warned of before confirming an extract (over the demo's monthly dashboard: July and
August 2024 published, September a draft). Warnings never refuse the file."""

from imports import services
from imports.models import Upload
from indicators.models import DataPoint, Measure

from ..helpers import text


def checked(data: str, **options) -> Upload:
    upload = services.receive(data.encode(), "october.csv", queue_check=False, **options)
    return services.check(upload.pk)


def messages(upload: Upload, kind: str) -> list[str]:
    return [w["message"] for w in upload.warnings if w["kind"] == kind]


def test_revising_published_months_is_called_out_first(demo):
    upload = checked("code,period,value\nSAT1,2024-07,152\nSAT1,2024-08,141\nSAT1,2024-09,111\n")
    assert upload.state == Upload.State.READY and upload.rows_revised == 3
    assert messages(upload, "published") == [
        "This file revises 2 published figures for July and August 2024. Councillors will still see the "
        "published figures; the revised ones show beside them as Recalculated."
    ]
    assert upload.warnings[0]["kind"] == "published"  # the most important first
    assert [(c["period"], c["status"], c["published"], c["old"], c["new"]) for c in upload.preview] == [
        ("2024-07", "revised", True, "151", "152"),
        ("2024-08", "revised", True, "140", "141"),
        ("2024-09", "revised", False, "110", "111"),
    ]
    title = Measure.objects.get(code="SAT1").title
    assert {c["code"] for c in upload.preview} == {"SAT1"} and {c["title"] for c in upload.preview} == {title}


def test_a_month_with_figures_for_only_some_measures(demo):
    lines = ["code,period,value"] + [f"{code},2024-10,1" for code in ("SAT1", "FD2", "R2", "R1a", "AR3a")]
    upload = checked("\n".join(lines) + "\n")
    assert messages(upload, "coverage") == [
        "Monthly Adult Social Care dashboard: 36 of 41 monthly measures have no October 2024 figure, in this file "
        "or already held (2A, 2B, 2C, 2E, 3D part 2a, 4B, AR10, AR11, AR12, AR14, …). Their figures will show as "
        "missing."
    ]


def test_figures_that_cannot_be_right_for_their_unit(demo):
    upload = checked("code,period,numerator,denominator,value\n2E,2024-10,,,100.5\nSAT1,2024-10,,,-3\n")
    assert messages(upload, "range") == [
        "Row 2, 2E October 2024: 100.50% is over 100%.",
        "Row 3, SAT1 October 2024: -3 is negative, which a count cannot be.",
    ]
    assert upload.state == Upload.State.READY  # a warning, not a refusal


def test_a_jump_far_outside_the_measures_history_and_a_denominator_that_moves(demo):
    upload = checked("code,period,numerator,denominator,value\nSAT1,2024-10,,,9999\n3D part 2a,2024-10,655,29130,\n")
    jumps = messages(upload, "jump")
    assert jumps[0].startswith("Row 2, SAT1 October 2024: 9,999 is more than 5 times the median of its last 3 figures")
    assert "(about 140)" in jumps[0]
    assert jumps[1:] == [
        "Row 3, 3D part 2a October 2024: 2.25% is less than a fifth of the median of its last 3 figures (about "
        "22.58%). Check it before confirming.",
        "Row 3, 3D part 2a October 2024: the denominator moved 900% from the period before (2,913 to 29,130).",
    ]


def test_thresholds_are_settings(demo, settings):
    settings.IMPORT_WARN_JUMP_FACTOR = 100
    upload = checked("code,period,value\nSAT1,2024-10,9999\n")
    assert not messages(upload, "jump")


def test_the_page_shows_the_warnings_above_the_confirm_button_and_the_button_after_the_list(demo, signed_in):
    upload = checked("code,period,value\nSAT1,2024-07,152\nSAT1,2024-10,9999\n")
    page = signed_in.get(f"/imports/{upload.pk}/").content.decode()
    assert page.index("Check these before confirming") < page.index("Confirm and import")
    assert page.count("Confirm and import") == 2
    words = text(signed_in.get(f"/imports/{upload.pk}/"))
    assert "Revised figures that were published (1)" in words and "New figures (1)" in words
    assert words.index("Revised figures that were published") < words.index("New figures")
    assert f"SAT1{Measure.objects.get(code='SAT1').title}" in words.replace("SAT1 ", "SAT1")
    assert "error(s)" not in words and "SHA-256" not in words.split("About this upload")[0]
    assert not DataPoint.objects.filter(period__code="2024-10").exists()  # nothing changed before confirming
