"""No phantom revisions: a workbook that keeps its percentages as Excel percentage cells (8/21 held by
Excel as the double 0.38095238095238093), uploaded over the figures it came from, changes nothing."""

import io
from decimal import Decimal as D

import pytest
from openpyxl import Workbook

from imports import services
from imports.extract import check_extract, classify
from imports.models import Upload
from imports.readers import read_table
from indicators import periods, rules
from indicators.models import DataPoint, Revision

from ..factories import MeasureFactory
from ..helpers import EXTRACT_HEADER

MONTHS = ["2024-07", "2024-08", "2024-09"]
# (numerator, denominator) of SAT4 and CQ1, as the case management system counted them.
COUNTED = {"SAT4": [(8, 21), (9, 23), (8, 21)], "CQ1": [(5, 7), (61, 70), (2, 3)]}


@pytest.fixture
def measures(db):
    return {code: MeasureFactory(code=code, decimal_places=2) for code in COUNTED}


def counted_file() -> bytes:
    rows = [
        f"{code},{month},{n},{d},,"
        for code, figures in COUNTED.items()
        for month, (n, d) in zip(MONTHS, figures, strict=True)
    ]
    return (EXTRACT_HEADER + "\n".join(rows) + "\n").encode()


def analysts_workbook(change: dict | None = None) -> bytes:
    """The analyst's copy: each figure typed into Excel as =n/d and kept as a percentage cell, so the file
    holds the double Excel stored (0.38095238095238093), not the numerator and denominator."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Dashboard"
    sheet.append(["ASC monthly dashboard"])
    sheet.append(["Code", "Measure", "Jul 24", "Aug 24", "Sep 24"])
    for code, figures in COUNTED.items():
        cells = [n / d for n, d in figures]
        for month, value in (change or {}).get(code, {}).items():
            cells[MONTHS.index(month)] = value
        sheet.append([code, f"Title of {code}", *cells])
        for column in "CDE":
            sheet[f"{column}{sheet.max_row}"].number_format = "0.00%"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def take(data: bytes, name: str, **options) -> Upload:
    return services.take_file(data, name, reporting_period=periods.parse_period("2024-09"), **options)


def test_the_workbook_of_excel_percentage_cells_over_its_own_figures_previews_no_changes(measures):
    assert take(counted_file(), "counted.csv").state == Upload.State.COMMITTED
    upload = take(analysts_workbook(), "dashboard.xlsx", dry_run=True)
    assert upload.state == Upload.State.NO_CHANGES
    assert upload.message == "No changes: all 6 figures are already as in this file."
    assert upload.preview == [] and Revision.objects.count() == 1


def test_a_real_change_keeps_the_unchanged_figures_as_held_with_their_numerators(measures):
    take(counted_file(), "counted.csv")
    upload = take(analysts_workbook({"CQ1": {"2024-09": 0.7}}), "dashboard.xlsx")
    assert (upload.state, upload.rows_revised, upload.rows_unchanged) == (Upload.State.COMMITTED, 1, 5)
    latest = {
        (p.measure.code, p.period.code): (p.numerator, p.denominator, p.value)
        for p in DataPoint.objects.filter(revision=upload.revision).select_related("measure", "period")
    }
    assert latest[("SAT4", "2024-07")] == (D(8), D(21), None)  # the figure held, not 38.0952381
    assert latest[("CQ1", "2024-08")] == (D(61), D(70), None)
    assert latest[("CQ1", "2024-09")] == (None, None, D(70))  # the one figure the file changed
    revised = [e for e in upload.preview if e["status"] == "revised"]
    assert [(e["code"], e["period"], e["old"], e["new"]) for e in revised] == [
        ("CQ1", "2024-09", "2 / 3 = 66.67%", "70.00%, value only, no numerator or denominator")
    ]


def test_a_real_difference_that_prints_alike_says_what_differs(measures):
    take(counted_file(), "counted.csv")
    typed = EXTRACT_HEADER + "SAT4,2024-09,,,38.1,\n"  # typed by hand: exactly 38.1, not 8 / 21
    upload = take(typed.encode(), "typed.csv", dry_run=True)
    assert upload.rows_revised == 1
    [entry] = upload.preview
    assert (entry["old"], entry["new"]) == ("8 / 21 = 38.10%", "38.10%, value only, no numerator or denominator")


def test_two_value_only_figures_that_print_alike_show_their_full_figures(measures):
    take((EXTRACT_HEADER + "SAT4,2024-09,,,38.0952381,\n").encode(), "first.csv")
    upload = take((EXTRACT_HEADER + "SAT4,2024-09,,,38.1,\n").encode(), "second.csv", dry_run=True)
    [entry] = upload.preview
    assert (entry["old"], entry["new"]) == ("38.10% (exactly 38.0952381)", "38.10% (exactly 38.1)")


def test_every_import_compares_through_the_one_rule(measures):
    """`classify` (the preview, the commit, typed figures and the demo) answers as `rules.same_figure` does."""
    take(counted_file(), "counted.csv")
    extract = check_extract(read_table(analysts_workbook({"SAT4": {"2024-08": 0.4}}), "dashboard.xlsx"))
    classified = classify(extract, periods.parse_period("2024-09"))
    assert (classified.new, classified.revised, classified.unchanged) == (0, 1, 5)


EIGHT_21 = rules.FigureParts(D(8), D(21), None)
BIG = rules.FigureParts(D("1234567890123456789"), D("100000000"), None)  # 12,345,678,901.23456789


@pytest.mark.parametrize(
    "held, read, inexact, same",
    [
        (EIGHT_21, EIGHT_21, False, True),
        (EIGHT_21, rules.FigureParts(None, None, D("38.09523810")), True, True),  # Excel's double, 8 places
        (EIGHT_21, rules.FigureParts(None, None, D("38.09523810")), False, False),  # typed: exactly that
        (EIGHT_21, rules.FigureParts(None, None, D("38.09523809")), True, True),  # within its last digit
        (EIGHT_21, rules.FigureParts(None, None, D("38.09523812")), True, False),
        (EIGHT_21, rules.FigureParts(None, None, D("38.1")), True, False),
        (EIGHT_21, rules.FigureParts(D(8), D(22), None), False, False),
        # A large figure: a double carries 15 significant digits, here 4 decimal places, not 8.
        (BIG, rules.FigureParts(None, None, D("12345678901.2346")), True, True),
        (BIG, rules.FigureParts(None, None, D("12345678901.2348")), True, False),
        (rules.FigureParts(None, None, None, "Due June"), rules.FigureParts(None, None, None, "Due June"), False, True),
        (
            rules.FigureParts(None, None, None, "Due June"),
            rules.FigureParts(None, None, None, "Due July"),
            False,
            False,
        ),
        (EIGHT_21, rules.FigureParts(None, None, None, "Suspended"), True, False),
    ],
)
def test_same_figure(held, read, inexact, same):
    multiplier = D(1) if held is BIG else D(100)
    assert rules.same_figure(held, read, multiplier, inexact) is same
