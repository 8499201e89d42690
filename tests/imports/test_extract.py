"""Checking and committing extracts: row by row, refused whole, kept as revisions."""

import pytest

from imports.extract import check_extract
from imports.models import Upload
from imports.readers import read_table
from imports.revisions import commit_extract
from imports.services import take_path
from indicators.models import DataPoint, Measure, Revision
from indicators.periods import Period
from indicators.problems import FileError

from ..factories import MeasureFactory
from ..helpers import EXTRACT_HEADER


def check(text: str | bytes):
    data = text.encode() if isinstance(text, str) else text
    return check_extract(read_table(data, "extract.csv"))


def test_good_rows(catalogue):
    result = check(EXTRACT_HEADER + "3D part 2a,2024-09,654,2913,,\nsat1,Sep 24,,,110,\nCS02,2024/25 Q1,,,75.9,\n")
    assert result.ok, result.errors
    assert [(result.measures[m].code, p.code) for m, p in zip(result.measure_ids, result.periods, strict=True)] == [
        ("3D part 2a", "2024-09"),
        ("SAT1", "2024-09"),
        ("CS02", "2024/25 Q1"),
    ]


def test_headers_are_matched_without_case_or_spacing(catalogue):
    result = check(" Measure Code ,PERIOD,Numerator,Denominator,Value,Notes\nSAT1,2024-09,,,110,\n")
    assert result.ok


def test_missing_columns_are_named():
    with pytest.raises(FileError, match=r"Row 1: missing column\(s\) period"):
        read_table(b"code,numerator\nSAT1,1\n", "extract.csv")


@pytest.mark.parametrize(
    "row, column, message",
    [
        ("XX9,2024-09,,,1,", "code", '"XX9" is not a measure in the catalogue'),
        (",2024-09,,,1,", "code", "the measure code is blank"),
        ("SAT1,Smarch,,,1,", "period", "is not a period"),
        ("CS02,2024-09,,,1,", "period", "2024-09 is a month but CS02 is reported quarterly"),
        ("SAT1,2024-09,,,lots,", "value", '"lots" is not a number'),
        ("3D part 2a,2024-09,5,0,,", "denominator", "the denominator is zero"),
        ("3D part 2a,2024-09,5,,,", "denominator", "a numerator needs a denominator"),
        ("3D part 2a,2024-09,3000,2913,,", "numerator", "3000 is more than the denominator 2913"),
        ("3D part 2a,2024-09,654,2913,22.5,", "value", "22.5 disagrees with 654 / 2913, which gives 22.45%"),
    ],
)
def test_each_refused_row_says_where_and_why(catalogue, row, column, message):
    result = check(EXTRACT_HEADER + "SAT1,2024-08,,,5,\n" + row + "\n")
    assert not result.ok
    assert [(e.row, e.column) for e in result.errors][:1] == [(3, column)]
    assert message in result.errors[0].message


@pytest.mark.parametrize(
    "row, not_yet",
    [
        ("SAT1,2024-09,,,,", True),  # a template's row not filled in yet: listed, not refused, nothing kept
        ("SAT1,2024-09,,,  ,", True),  # spaces are empty too
        ("SAT1,2024-09,,,,Due next month", False),  # a reason for having no figure is kept as one
        ("SAT1,2024-09,,,0,", False),  # a nought is a figure
    ],
)
def test_a_row_with_every_figure_cell_empty_has_no_figure_yet(catalogue, row, not_yet):
    result = check(EXTRACT_HEADER + "SAT1,2024-08,,,5,\n" + row + "\n")
    assert result.ok, result.errors
    assert [(r, m.code, p.code) for r, m, p in result.not_yet] == ([(3, "SAT1", "2024-09")] if not_yet else [])
    assert len(result) == (1 if not_yet else 2)


def test_the_same_measure_and_period_twice(catalogue):
    result = check(EXTRACT_HEADER + "SAT1,2024-09,,,110,\nSAT1,Sep 24,,,111,\n")
    assert str(result.errors[0]) == "cell B3 (SAT1, period): SAT1 2024-09 is already in row 2: give each figure once"


def test_value_that_agrees_at_display_precision_is_accepted(catalogue):
    result = check(EXTRACT_HEADER + "3D part 2a,2024-09,654,2913,22.45%,\n")
    assert result.ok


def test_no_value_with_a_reason(catalogue):
    result = check(EXTRACT_HEADER + "SAT1,2024-09,,,N/A,Data suspended\n")
    assert result.ok and result.reasons[0] == "Data suspended"


def test_windows_1252_and_byte_order_mark(catalogue):
    assert check("\ufeff".encode() + (EXTRACT_HEADER + "SAT1,2024-09,,,1,\n").encode()).ok
    cp1252 = (EXTRACT_HEADER + "SAT1,2024-09,,,1,caf\u00e9 \u2013 closed\n").encode("cp1252")
    result = check(cp1252)
    assert result.ok and result.notes[0] == "caf\u00e9 \u2013 closed"


def test_one_bad_row_among_many_refuses_the_file_and_changes_nothing(catalogue, tmp_path):
    rows = [f"SAT1,{year}-{month:02d},,,{year + month},\n" for year in range(1990, 2073) for month in range(1, 13)]
    rows[500] = rows[500].rsplit(",", 3)[0] + ",,seven,\n"  # same period, a value that is not a number
    path = tmp_path / "extract.csv"
    path.write_text(EXTRACT_HEADER + "".join(rows[:1000]))
    before = DataPoint.objects.count()
    upload = take_path(path)
    assert upload.state == Upload.State.REFUSED
    assert [f"{e['where']}: {e['message']}" for e in upload.errors] == [
        'cell E502 (SAT1, value): "seven" is not a number: write the figure alone, and any words in the note'
    ]
    assert DataPoint.objects.count() == before and Revision.objects.count() == 0


def test_commit_keeps_revisions_and_reports_no_changes_the_second_time(catalogue, tmp_path):
    path = tmp_path / "sep.csv"
    path.write_text(EXTRACT_HEADER + "SAT1,2024-08,,,140,\nSAT1,2024-09,,,110,\n")
    first = take_path(path)
    assert (first.rows_new, first.rows_revised, first.rows_unchanged, first.reporting_period.code) == (
        2,
        0,
        0,
        "2024-09",
    )
    again = take_path(path)
    assert again.state == Upload.State.NO_CHANGES and again.revision is None
    assert again.message == "No changes: all 2 figures are already as in this file."
    path.write_text(EXTRACT_HEADER + "SAT1,2024-08,,,141,\nSAT1,2024-09,,,110,\n")
    revised = take_path(path, reporting_period=Period.month(2024, 10))
    assert (revised.rows_new, revised.rows_revised, revised.rows_unchanged) == (0, 1, 1)
    assert sorted(DataPoint.objects.filter(period__code="2024-08").values_list("value", flat=True)) == [140, 141]
    assert Revision.objects.count() == 2  # nothing overwritten


def test_resending_an_older_month_after_a_later_one_changes_nothing(catalogue, tmp_path):
    aug, sep = tmp_path / "aug.csv", tmp_path / "sep.csv"
    aug.write_text(EXTRACT_HEADER + "SAT1,2024-08,,,97,\n")
    sep.write_text(EXTRACT_HEADER + "SAT1,2024-08,,,99,\nSAT1,2024-09,,,101,\n")
    take_path(aug)
    take_path(sep)
    again = take_path(aug, reporting_period=Period.month(2024, 8))
    assert again.state == Upload.State.NO_CHANGES


def test_a_figure_after_the_reporting_month_is_refused(catalogue):
    result = check(EXTRACT_HEADER + "SAT1,2024-10,,,1,\n")
    with pytest.raises(FileError, match=r"Row 2 \(SAT1\): 2024-10 starts after the reporting month 2024-09"):
        commit_extract(result, Period.month(2024, 9))


def test_a_period_still_running_may_say_why_it_has_no_figure_but_not_give_one(catalogue):
    MeasureFactory(code="3D1", frequency=Measure.Frequency.ANNUAL)
    ok = check(EXTRACT_HEADER + "3D1,2021/22,,,,Due June 2022\nSAT1,2021-11,,,5,\n")
    commit_extract(ok, Period.month(2021, 11))
    point = DataPoint.objects.get(measure__code="3D1")
    assert point.period.code == "2021/22" and point.no_value_reason == "Due June 2022"
    assert point.revision.reporting_period.code == "2021-11"  # the reason does not move the month on

    early = check(EXTRACT_HEADER + "3D1,2021/22,,,61.5,\n")
    with pytest.raises(FileError, match="2021/22 ends after the reporting month 2021-11, so it can only give"):
        commit_extract(early, Period.month(2021, 11))


def test_commit_refuses_a_file_with_errors(catalogue):
    with pytest.raises(FileError, match="nothing was imported"):
        commit_extract(check(EXTRACT_HEADER + "XX,2024-09,,,1,\n"))


@pytest.mark.parametrize("data, message", [(b"", "extract.csv is empty"), (b"\x81\x8d\x8f\x90\x9d", "neither UTF-8")])
def test_unreadable_files(data, message):
    with pytest.raises(FileError, match=message):
        read_table(data, "extract.csv")


@pytest.mark.parametrize(
    "line, message",
    [
        (f"SAT1,2024-09,,,,{'x' * 301}", "the reason for having no figure is 301 characters; the most is 300"),
        ("SAT1,2024-09,,,1,bell\x07ringing", "the note holds a control character"),
        ("SAT1,2024-09,,,10000000000000000,", "10000000000000000 is too large"),
        ("3D part 2a,2024-09,,,1e30,", "1e30 is too large"),
        ("3D part 2a,2024-09,1,1e30,,", '"1e30" is not a number: a numerator or denominator is a count'),
    ],
)
def test_what_the_database_would_refuse_is_refused_at_its_cell_when_checked(catalogue, line, message):
    result = check(EXTRACT_HEADER + line + "\n")
    assert not result.ok and message in str(result.errors[0]), [str(e) for e in result.errors]
    assert result.errors[0].cell and result.errors[0].code


def test_a_nul_anywhere_in_a_csv_refuses_the_file_whole(catalogue, tmp_path):
    path = tmp_path / "nul.csv"
    path.write_bytes((EXTRACT_HEADER + "SAT1,2024-08,,,1,\n" * 400).encode() + b"SAT1,2024-09,,,1,a\x00b\n")
    upload = take_path(path)
    assert upload.state == Upload.State.REFUSED and "holds NUL characters" in upload.message
    assert not DataPoint.objects.exists()
