"""The upload pages, as an officer uses them."""

import csv

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from imports.models import Upload
from indicators.models import DataPoint, Measure, Revision

from ..factories import UserFactory
from ..helpers import MONTHLY_DASHBOARD, web_upload
from ..workbooks import xlsx


def seed_000_wide_workbook() -> bytes:
    """Seed 000's grid as a council keeps it: one row per measure, Jul-Sep 24, cells like 654 / 2913."""
    cells: dict[str, dict[str, str]] = {}
    for month in ("2024-07", "2024-08", "2024-09"):
        with open(MONTHLY_DASHBOARD / f"extract-{month}.csv") as handle:
            for row in csv.DictReader(handle):
                if row["numerator"]:
                    n, d = row["numerator"], row["denominator"]
                    text = f"({n} x 100000) / {d}" if row["code"] in ("2B", "2C") else f"{n} / {d}"
                else:
                    text = row["value"]
                cells.setdefault(row["code"], {})[month] = text
    titles = dict(Measure.objects.values_list("code", "title"))
    rows = [["Code", "Measure", "Jul 24", "Aug 24", "Sep 24", "Trend"]]
    for code, months in cells.items():
        rows.append([code, titles[code], months["2024-07"], months["2024-08"], months["2024-09"], ""])
    return xlsx({"Notes": [["Monthly ASC dashboard"]], "Dashboard": rows})


def sep_scorecard(client):
    response = client.get("/api/scorecards/monthly-asc-dashboard/2024-09/")
    return response.status_code, response


def test_officer_uploads_septembers_wide_workbook_confirms_and_the_scorecard_changes(
    july_and_august, signed_in, upload, post
):
    assert sep_scorecard(signed_in)[0] == 404  # no September figures yet
    response = upload(signed_in, seed_000_wide_workbook(), "dashboard-sep-24.xlsx")
    item = web_upload()
    assert response.status_code == 302 and response["Location"] == f"/imports/{item.pk}/"

    page = signed_in.get(f"/imports/{item.pk}/").content.decode()
    assert "Checked: ready to confirm" in page
    assert "41 new, 0 revised and 82 unchanged figures for September 2024" in page
    assert (
        "Read sheet &quot;Dashboard&quot;: its headings are in row 1 (Code, Measure, Jul 24, Aug 24, Sep 24, Trend)."
        in page
    )
    assert "Sheet &quot;Notes&quot; has no table of figures." in page
    assert "22.45%" in page and "654 / 2913" in page
    assert DataPoint.objects.filter(period__code="2024-09").count() == 0  # nothing changed before confirming

    post(signed_in, f"/imports/{item.pk}/confirm/")
    item.refresh_from_db()
    assert item.state == Upload.State.COMMITTED and item.revision.reporting_period.code == "2024-09"
    status, response = sep_scorecard(signed_in)
    measure = next(m for s in response.json()["sections"] for m in s["measures"] if m["code"] == "3D part 2a")
    assert (status, measure["this_period"]["value_display"], measure["status"]["status"]) == (200, "22.45%", "RED")

    upload(signed_in, seed_000_wide_workbook(), "dashboard-sep-24.xlsx")
    again = Upload.objects.latest("id")
    assert again.state == Upload.State.NO_CHANGES
    assert (
        "No changes: all 123 figures are already as in this file."
        in signed_in.get(f"/imports/{again.pk}/").content.decode()
    )
    assert Revision.objects.count() == 3


def test_a_revised_figure_is_previewed_old_to_new(july_and_august, signed_in, upload, post):
    rows = [["code", "period", "numerator", "denominator", "value", "note"], ["SAT1", "2024-08", "", "", "141", ""]]
    upload(signed_in, xlsx({"S": rows}), "fix.xlsx", reporting_period="Sep 24")
    page = signed_in.get(f"/imports/{web_upload().pk}/").content.decode()
    assert "Revised figures" in page and "<td>140</td><td>141</td>" in page.replace("\n", "")


def test_one_bad_row_in_a_thousand_refuses_the_file_and_changes_nothing(july_and_august, signed_in, upload, post):
    lines = ["code,period,numerator,denominator,value,note"]
    codes = list(Measure.objects.filter(unit="count").values_list("code", flat=True))
    for i in range(1001):
        lines.append(f"{codes[i % len(codes)]},{2000 + i // 12 // len(codes)}-{i // len(codes) % 12 + 1:02d},,,{i},")
    lines[640] = lines[640].rsplit(",", 2)[0] + ",12a,"  # spreadsheet row 641: the header is row 1
    before = list(DataPoint.objects.order_by("id").values_list("id", "value"))
    upload(signed_in, "\n".join(lines).encode(), "big.csv")
    item = web_upload()
    assert item.state == Upload.State.REFUSED and item.error_count == 1
    assert [{k: e[k] for k in ("row", "column", "message")} for e in item.errors] == [
        {
            "row": 641,
            "column": "value",
            "message": '"12a" is not a number: write the figure alone, and any words in the note',
        }
    ]
    page = signed_in.get(f"/imports/{item.pk}/").content.decode()
    assert "Confirm and import" not in page and "&quot;12a&quot; is not a number" in page
    assert post(signed_in, f"/imports/{item.pk}/confirm/").status_code == 302
    item.refresh_from_db()
    assert item.state == Upload.State.REFUSED
    assert list(DataPoint.objects.order_by("id").values_list("id", "value")) == before
    report = signed_in.get(f"/imports/{item.pk}/errors.csv").content.decode("utf-8-sig")
    assert report.splitlines() == [
        "sheet,cell,row,measure,column,problem",
        f",E641,641,{lines[640].split(',')[0]},value,"
        '"""12a"" is not a number: write the figure alone, and any words in the note"',
    ]


def test_cancel(july_and_august, signed_in, upload, post):
    upload(signed_in, b"code,period,value\nSAT1,2024-09,110\n", "x.csv")
    item = web_upload()
    post(signed_in, f"/imports/{item.pk}/cancel/")
    item.refresh_from_db()
    assert item.state == Upload.State.CANCELLED and not DataPoint.objects.filter(period__code="2024-09").exists()


@pytest.mark.parametrize(
    "name, data, fields, message",
    [
        ("x.pdf", b"%PDF", {}, "upload a .csv or .xlsx file"),
        ("x.xlsx", b"code,period", {}, "is named .xlsx but is not an Excel workbook"),
        ("x.csv", b"", {}, "The submitted file is empty"),
        ("x.csv", b"code,period,value\n", {"reporting_period": "someday"}, "&#x27;someday&#x27; is not a period"),
        ("x.csv", b"code", {"kind": "definitions"}, "A definitions file must be a .yaml file"),
    ],
)
def test_form_errors_say_what_is_wrong_and_nothing_is_kept(db, signed_in, name, data, fields, message):
    response = signed_in.post("/imports/", {"file": SimpleUploadedFile(name, data), "kind": "extract", **fields})
    assert response.status_code == 200 and "There is a problem" in response.content.decode()
    assert message in response.content.decode()
    assert not Upload.objects.exists()


def test_an_unreadable_file_is_refused_with_its_reason(july_and_august, signed_in, upload, post):
    upload(signed_in, b"a,b\n1,2\n", "x.csv")
    item = web_upload()
    assert (
        item.state == Upload.State.REFUSED
        and "x.csv has no headings with a code column; its first row with words (row 1) is: a, b." in item.message
    )


def test_upload_size_limit(db, signed_in, settings, upload, post):
    settings.IMPORT_MAX_UPLOAD_BYTES = 10
    response = upload(signed_in, b"code,period,value\nSAT1,2024-09,1\n", "x.csv")
    assert "The file is 33 bytes; the largest accepted is 10 bytes." in response.content.decode()


def test_history_lists_uploads_and_keeps_the_original(july_and_august, signed_in, upload, post):
    data = b"code,period,value\nSAT1,2024-09,110\n"
    upload(signed_in, data, "sep.csv")
    page = signed_in.get("/imports/").content.decode()
    assert "sep.csv" in page and "Checked: ready to confirm" in page and "September 2024" in page
    item = web_upload()
    assert b"".join(signed_in.get(f"/imports/{item.pk}/file/").streaming_content) == data
    assert signed_in.get(f"/imports/{item.pk}/status/").json() == {
        "state": "ready",
        "label": "Checked: ready to confirm",
        "working": False,
    }


def test_definitions_upload_previews_then_loads(db, signed_in, upload, post):
    data = b"measures:\n  - {code: NEW1, title: A new measure, unit: count, polarity: none}\n"
    upload(signed_in, data, "c.yaml", kind="definitions")
    item = web_upload()
    assert item.state == Upload.State.READY and "would load 1 measures added" in item.message
    assert not Measure.objects.filter(code="NEW1").exists()
    post(signed_in, f"/imports/{item.pk}/confirm/")
    assert Measure.objects.filter(code="NEW1").exists()


def test_a_definitions_preview_lists_each_changed_field_before_anything_is_written(demo, signed_in, upload, post):
    before = Measure.objects.get(code="CS09")
    upload(signed_in, b"measures:\n  - {code: CS09, title: Shared Lives placements}\n", "c.yaml", kind="definitions")
    item = web_upload()
    page = signed_in.get(f"/imports/{item.pk}/").content.decode()
    assert "Changes to the catalogue" in page and "Only what the file gives is changed" in page
    assert f'<th scope="row">measure &quot;CS09&quot;</th><td>title</td><td>{before.title}</td>' in page
    assert "<td>Shared Lives placements</td>" in page and "polarity" not in page.split("Changes to the catalogue")[1]
    assert "0 measures added, 1 changed, 0 unchanged" in item.message
    assert Measure.objects.get(code="CS09").title == before.title
    post(signed_in, f"/imports/{item.pk}/confirm/")
    after = Measure.objects.get(code="CS09")
    assert after.title == "Shared Lives placements" and after.polarity == before.polarity


def test_definitions_upload_with_errors(db, signed_in, upload, post):
    data = b"measures:\n  - {code: NEW1, title: x, unit: furlongs}\n"
    upload(signed_in, data, "c.yaml", kind="definitions")
    item = web_upload()
    problem = f"{item.errors[0]['where']}: {item.errors[0]['message']}"
    assert item.state == Upload.State.REFUSED and 'unit: "furlongs" is not one of' in problem


@pytest.mark.parametrize("url", ["/imports/", "/imports/template/long.csv"])
def test_only_performance_officers_may_upload(demo, client, url):
    from django.contrib.auth.models import Group

    manager = UserFactory(username="a-manager")
    manager.groups.add(Group.objects.get(name="Manager"))
    client.force_login(manager)
    assert client.get(url).status_code == 403


def test_an_imported_extract_says_what_to_do_next_and_marks_the_figures_its_warnings_are_about(demo, signed_in):
    """The demo's September extract was imported with two warnings: the page no longer asks to check them
    'before confirming', each figure a warning is about is marked in the table, and it links to the
    draft month and its publish page."""
    upload = Upload.objects.get(file_name="extract-2024-09.csv")
    assert upload.state == Upload.State.COMMITTED and upload.warnings
    html = signed_in.get(f"/imports/{upload.pk}/").content.decode()
    assert "Warnings found when it was checked" in html and "Check these before confirming" not in html
    assert '<a href="/scorecards/monthly-asc-dashboard/2024-09/">Read Monthly Adult Social Care' in html
    assert 'href="/scorecards/monthly-asc-dashboard/2024-09/publish/"' in html
    about = {(w["code"], w["period"]) for w in upload.warnings if w.get("code")}
    marked = [c for c in upload.preview if (c.get("code"), c.get("period")) in about]
    assert marked and html.count("Warning: ") == sum(
        len({w["kind"] for w in upload.warnings if (w.get("code"), w.get("period")) == (c["code"], c["period"])})
        for c in marked
    )
    assert 'class="tag tag-warning" href="#warnings-title">Warning: cumulative</a>' in html
