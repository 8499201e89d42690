"""CSV, Excel and PDF downloads."""

import csv
import io

import pytest
from openpyxl import load_workbook

from indicators.models import Measure, Scorecard, StoredPeriod
from scorecard import queries
from workflow.services import correct

URL = "/scorecards/cabinet-scorecard/2020-09/scorecard."


def test_csv_has_every_measure_with_its_figures(demo, signed_in):
    response = signed_in.get(URL + "csv")
    assert response["Content-Disposition"] == 'attachment; filename="cabinet-scorecard-2020-09.csv"'
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 15
    shared_lives = next(r for r in rows if r["Code"] == "CS09")
    assert (
        shared_lives["Status"],
        shared_lives["Last period figure (as reported)"],
        shared_lives["Last period recalculated"],
        shared_lives["This period figure"],
        shared_lives["Direction of travel"],
    ) == ("RED", "97.0", "99.0", "101.0", "Up (Green) 4.1%")
    admissions = next(r for r in rows if r["Code"] == "CS04")
    assert (admissions["Quartile"], admissions["This period"]) == ("3rd", "Q1 2020/21")


def test_excel_keeps_numbers_as_numbers_with_the_measures_format(demo, signed_in):
    book = load_workbook(io.BytesIO(signed_in.get(URL + "xlsx").content))
    sheet = book.active
    header = [c.value for c in sheet[3]]
    row = next(r for r in sheet.iter_rows(min_row=4) if r[2].value == "CS07")
    cell = row[header.index("This period figure")]
    assert cell.value == 37.5 and cell.number_format == '#,##0.0"%"'
    assert sheet["A1"].value == "Adult Social Care Cabinet Scorecard, September 2020"


def publish_a_correction(note: str) -> None:
    correct(
        None,
        Scorecard.objects.get(slug="cabinet-scorecard"),
        StoredPeriod.objects.get(code="2020-09"),
        note,
        check_permission=False,
    )


def test_text_that_would_run_as_a_formula_is_neutralised(demo, signed_in):
    Measure.objects.filter(code="CS09").update(title='=HYPERLINK("http://x","click")')
    publish_a_correction("Title corrected")  # the published month shows the new title once corrected
    csv_text = signed_in.get(URL + "csv").content.decode("utf-8-sig")
    assert "'=HYPERLINK" in csv_text
    sheet = load_workbook(io.BytesIO(signed_in.get(URL + "xlsx").content)).active
    titles = [r[3].value for r in sheet.iter_rows(min_row=4)]
    assert sheet["A2"].value.startswith("Version 2 of 2, corrected on ")
    assert '\'=HYPERLINK("http://x","click")' in titles


def test_pdf_is_the_scorecard_then_a_page_per_measure(demo, signed_in):
    response = signed_in.get(URL + "pdf")
    assert response.content.startswith(b"%PDF") and response["Content-Type"] == "application/pdf"
    report = queries.scorecard_report(
        Scorecard.objects.get(slug="cabinet-scorecard"), StoredPeriod.objects.get(code="2020-09")
    )
    from django.template.loader import render_to_string
    from weasyprint import HTML

    html = render_to_string(
        "scorecard/pdf.html",
        {
            "report": report,
            "draft": False,
            "rows": report.rows,
            "measure_pages": [(row, []) for row in report.rows],
            "show_drafts": False,
        },
    )
    document = HTML(string=html).render()
    assert len(document.pages) - 15 in (1, 2)  # the summary's one or two pages, then fifteen measure pages
    assert "Shared Lives" in html and "Recalculated: 99" in html


def test_draft_until_the_period_is_published(demo):
    cabinet = queries.scorecard_report(
        Scorecard.objects.get(slug="cabinet-scorecard"), StoredPeriod.objects.get(code="2020-09")
    )
    monthly = queries.scorecard_report(
        Scorecard.objects.get(slug="monthly-asc-dashboard"), StoredPeriod.objects.get(code="2024-09")
    )
    assert (cabinet.is_published, monthly.is_published) == (True, False)


def test_unknown_download_format(demo, signed_in):
    response = signed_in.get(URL + "docx")
    assert response.status_code == 404 and "csv, xlsx or pdf, not &#x27;docx&#x27;" in response.content.decode()


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "pdf"])
def test_downloads_need_a_log_in(demo, client, fmt):
    assert client.get(URL + fmt).status_code == 302


def test_a_download_is_made_once_per_data_version(demo, signed_in, monkeypatch):
    from scorecard import exports

    made = []
    real = exports.to_pdf
    monkeypatch.setattr(exports, "to_pdf", lambda *args: made.append(1) or real(*args))
    for _ in range(3):
        assert signed_in.get(URL + "pdf").status_code == 200
    assert len(made) == 1
    from indicators.models import DataVersion

    DataVersion.bump()  # the figures change: the next download is made afresh
    signed_in.get(URL + "pdf")
    assert len(made) == 2


def test_readers_who_are_not_signed_in_may_download_only_so_often(demo, client, settings, monkeypatch):
    import types

    from indicators.models import Scorecard

    # one minute throughout: the count starts again each minute, which would pass the test at a minute's turn
    monkeypatch.setattr("config.throttle.time", types.SimpleNamespace(time=lambda: 1_800_000_030.0))
    Scorecard.objects.filter(slug="cabinet-scorecard").update(is_public=True)
    settings.DOWNLOADS_PER_MINUTE_SIGNED_OUT = 3
    statuses = [client.get(URL + "csv", REMOTE_ADDR="203.0.113.5").status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 429, 429]
    assert "Too many downloads" in client.get(URL + "csv", REMOTE_ADDR="203.0.113.5").content.decode()
    assert client.get(URL + "csv", REMOTE_ADDR="198.51.100.8").status_code == 200  # another reader


def test_signed_in_readers_are_not_limited(demo, signed_in, settings):
    settings.DOWNLOADS_PER_MINUTE_SIGNED_OUT = 1
    assert {signed_in.get(URL + "csv").status_code for _ in range(4)} == {200}


def _pdf_words(content: bytes) -> str:
    from pypdf import PdfReader

    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.mark.parametrize(
    "address",
    [
        "/scorecards/cabinet-scorecard/2020-09/scorecard.pdf",
        "/scorecards/cabinet-scorecard/2020-09/scorecard.pdf?summary=1",
        "/scorecards/monthly-asc-dashboard/2024-09/scorecard.pdf",
    ],
)
def test_every_pdf_is_tagged_with_its_language_and_title(demo, signed_in, address):
    """PDF/UA: a structure tree screen readers follow, marked content, the language and the title shown."""
    from pypdf import PdfReader

    response = signed_in.get(address)
    assert response.status_code == 200
    root = PdfReader(io.BytesIO(response.content)).trailer["/Root"]
    assert root["/Lang"] == "en-GB"
    assert root["/MarkInfo"]["/Marked"] is True or root["/MarkInfo"]["/Marked"] == True  # noqa: E712
    assert "/StructTreeRoot" in root
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]


def test_the_summary_only_pdf_is_the_table_without_the_measure_pages(demo, signed_in):
    from pypdf import PdfReader

    whole = signed_in.get(URL + "pdf")
    summary = signed_in.get(URL + "pdf?summary=1")
    assert summary["Content-Disposition"] == 'attachment; filename="cabinet-scorecard-2020-09-summary.pdf"'
    whole_pages = len(PdfReader(io.BytesIO(whole.content)).pages)
    summary_pages = len(PdfReader(io.BytesIO(summary.content)).pages)
    assert summary_pages <= 2 and whole_pages >= summary_pages + 15
    words = _pdf_words(summary.content)
    assert "Shared Lives" in words and "Commentary" not in words


def test_the_committee_summary_lists_its_measures_by_status_with_a_trend_each(demo, signed_in):
    """Two A4 landscape pages at most, a contents list worst status first, linked to each row, and one
    table (so every section has the same column widths) with a small trend drawn as SVG per measure,
    its figures as the image's text alternative."""
    from pypdf import PdfReader

    summary = signed_in.get(URL + "pdf?summary=1")
    reader = PdfReader(io.BytesIO(summary.content))
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert (round(width), round(height)) == (842, 595)  # A4 landscape, in points
    words = " ".join(_pdf_words(summary.content).split())
    assert "Contents by status RED 5: 3 Reviews;" in words
    assert words.index("RED 5:") < words.index("GREEN 8:") < words.index("N/A 2:")
    links = {str(a.get_object()["/Dest"]) for page in reader.pages for a in page.get("/Annots", [])}
    assert len(links) == 15  # each measure in the contents leads to its row (a link over two lines is one)
    trends = [a for a in _alternatives(reader.trailer["/Root"]["/StructTreeRoot"]) if a.startswith("Figures this")]
    assert "Figures this year as first reported: Aug 20 95%, Sep 20 92%; 1 since recalculated" in trends
    assert len(trends) >= 10  # a trend each where the year has two figures


def _alternatives(node, found=None) -> list[str]:
    """Every text alternative in a tagged PDF's structure tree."""
    found = [] if found is None else found
    node = node.get_object() if hasattr(node, "get_object") else node
    if isinstance(node, list):
        for child in node:
            _alternatives(child, found)
    elif hasattr(node, "keys"):
        if "/Alt" in node:
            found.append(str(node["/Alt"]))
        if "/K" in node:
            _alternatives(node["/K"], found)
    return found
