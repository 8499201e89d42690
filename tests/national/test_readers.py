"""Reading the three national layouts: header aliases, level synonyms, the measure-type pivot, the
disaggregation suffix, suppression never read as 0, and refusals naming the row and column."""

import pytest

from indicators.problems import FileError
from national.readers import read_national, year_in_name

H2024 = (
    "Geographical code,Geographical description,Geographical level,ONS code,ASCOF measure code,"
    "Disaggregation level,Measure type,Measure value"
)
H2014 = (
    "Geographical Code,Geographical Description,Geographical Level,ONS Area Code,ASCOF Measure Code,"
    "Disaggregation Level,Measure Type,Measure_Value,Measure Group,Measure Group Description"
)
HOFLOG = (
    "Financial year,Local authority code,Local authority name,Grouping,Entity_Name,Region,Measure,Code,Value,"
    "MEDIAN,MADs_from_median,rank_order"
)

ASCOF_2024 = (
    H2024
    + """
England,England,England,E92000001,1A,Total,Numerator,100
England,England,England,E92000001,1A,Total,Denominator,200
England,England,England,E92000001,1A,Total,Outcome,50
E12000004,East Midlands,Regional,E12000004,1A,Total,Outcome,48
E10000018,Leicestershire,Local Authority,E10000018,1A,Total,Numerator,10
E10000018,Leicestershire,Local Authority,E10000018,1A,Total,Denominator,20
E10000018,Leicestershire,Local Authority,E10000018,1A,Total,Outcome,[c]
"""
)

ASCOF_2014 = (
    H2014
    + """
E10000018,Leicestershire,Council,E10000018,2A1864,Total,Numerator,40,2A,Admissions
E10000018,Leicestershire,Council,E10000018,2A1864,Total,Denominator,300000,2A,Admissions
E10000018,Leicestershire,Council,E10000018,2A65OV,Total,Outcome,:,2A,Admissions
"""
)

OFLOG = (
    HOFLOG
    + """
2021-22,E10000018,Leicestershire,LA_Raw,Counties,East Midlands,"Outcome, short-term services",ASC5,90,76.4,1,desc
2021-22,E08000025,Birmingham,LA_Raw,Metropolitan Districts,West Midlands,"Outcome, short-term services",ASC5,,76.4,,desc
"""
)


def test_the_2024_layout_pivots_measure_types_into_one_record_per_area():
    layout, rows = read_national(ASCOF_2024.encode(), "ascof-2024-25.csv")
    assert layout == "ascof_2024"
    by_area = {(r.level, r.area_code): r for r in rows}
    england = by_area[("england", "E92000001")]
    assert (england.numerator, england.denominator, england.value, england.year) == (100, 200, 50, 2024)
    assert by_area[("region", "E12000004")].value == 48
    council = by_area[("council", "E10000018")]
    assert (council.numerator, council.denominator, council.value) == (10, 20, None)  # [c] is suppressed, not 0


def test_the_2014_layout_reads_the_disaggregation_from_the_code():
    layout, rows = read_national(ASCOF_2014.encode(), "ASCOF_2021_22.csv")
    assert layout == "ascof_2014"
    assert {(r.measure, r.disaggregation, r.year) for r in rows} == {
        ("2A", "18 to 64", 2021),
        ("2A", "65 and over", 2021),
    }
    older = next(r for r in rows if r.disaggregation == "65 and over")
    assert older.value is None  # ":" is suppressed


def test_oflog_codes_are_filed_under_ascof_codes_and_blanks_stay_blank():
    layout, rows = read_national(OFLOG.encode(), "oflog.csv")
    assert layout == "oflog"
    assert [(r.measure, r.area_name, r.value, r.region, r.council_type) for r in rows] == [
        ("2D", "Leicestershire", 90.0, "East Midlands", "Counties"),
        ("2D", "Birmingham", None, "West Midlands", "Metropolitan Districts"),
    ]


@pytest.mark.parametrize(
    "data, name, message",
    [
        (OFLOG.replace(",90,", ",ninety,"), "oflog.csv", 'row 2, column "Value": "ninety" is not a figure'),
        (OFLOG.replace("2021-22,E10000018", "2021-23,E10000018"), "oflog.csv", 'row 2, column "Financial year"'),
        (OFLOG.replace("E08000025", "B0RMINGHAM"), "oflog.csv", 'row 3, column "Local authority code"'),
        (ASCOF_2024.replace("Regional", "Galaxy"), "ascof-2024-25.csv", 'row 5, column "Geographical level"'),
        (ASCOF_2024.replace("Total,Outcome,48", "Total,Average,48"), "ascof-2024-25.csv", 'column "Measure type"'),
        (ASCOF_2024, "ascof.csv", "does not say its year"),
        ("name,age\nx,1\n", "people.csv", "not a national file"),
        ("", "empty.csv", "empty"),
    ],
)
def test_a_bad_file_is_refused_whole_naming_the_row_and_column(data, name, message):
    with pytest.raises(FileError) as refused:
        read_national(data.encode(), name)
    assert message in str(refused.value)


@pytest.mark.parametrize(
    "name, year",
    [("ascof-2024-25.csv", 2024), ("ASCOF_2022_23.csv", 2022), ("meas-from-ascof-2014-15.csv", 2014), ("x.csv", None)],
)
def test_the_year_in_a_file_name(name, year):
    assert year_in_name(name) == year
