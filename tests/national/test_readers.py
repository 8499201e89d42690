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

# Without a measure group column, a disaggregation written at the end of the code is read off it.
ASCOF_2014 = (
    H2014.replace(",Measure Group,Measure Group Description", "")
    + """
E10000018,Leicestershire,Council,E10000018,2A1864,Total,Numerator,40
E10000018,Leicestershire,Council,E10000018,2A1864,Total,Denominator,300000
E10000018,Leicestershire,Council,E10000018,2A65OV,Total,Outcome,:
"""
)

# As the stacked open-data file is published: a Return Year, the measure group beside an explicit
# disaggregation, and each year's own spellings (../shared/national/README.md).
HSTACKED = (
    "Return Year,Geographical Code,Geographical Description,Geographical Level,ONS Area Code,ASCOF Measure Code,"
    "Disaggregation Level,Measure Type,Measure Value,Measure Group,Measure Group Description"
)
STACKED = (
    HSTACKED
    + """
2014-15,102,Cumbria,Council,E10000006,2A(1)_1415,Total,Numerator,55,2A(1)_1415,Admissions 18-64
2014-15,102,Cumbria,Council,E10000006,2A(1)_1415,Total,Denominator,290000,2A(1)_1415,Admissions 18-64
2014-15,102,Cumbria,Council,E10000006,1C(1A)1864,18-64,Outcome,80.3,1C(1A),Self-directed support
2018-19,102,Cumbria,Council,E10000006,4BF,Female,Outcome,90,4B,Feel safe and secure
2018-19,102,Cumbria,Council,E10000006,3D1M,Male,Margin Of Error,9.5,3D1,Easy to find information
2018-19,102,Cumbria,Council,E10000006,3D1M,Male,Outcome,71.2,3D1,Easy to find information
2018-19,102,Cumbria,Council,E10000006,3D1M,Male,Base,180,3D1,Easy to find information
2018-19,,Eastern,Region,E12000006,4B,Total,Outcome, ,4B,Feel safe and secure
2018-19,,Inner London,Council type,,4B,Total,Outcome,84,4B,Feel safe and secure
2018-19,,Outer London,Council Type,,4B,Total,Outcome,86,4B,Feel safe and secure
"""
)
HOUTCOMES = (
    "Year,Geographical Description,ONS Code,Measure Group,Measure Group Description,Measure_Value,"
    "Geographical Level,Disaggregation Level,Measure Type"
)
OUTCOMES = (
    HOUTCOMES
    + """
2022-23,Cumbria,E10000006,1B,Control over daily life,77.1,Council,Total,Outcome
2023-24,Cumbria,E10000006,1B,Impact of services (adjusted),0.402,Council,,
2023-24,Yorkshire and The Humber,E12000003,2A,Short-term services,79.0,Region,,
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


def test_the_stacked_file_reads_each_rows_return_year_not_the_years_in_its_name():
    layout, rows = read_national(STACKED.encode(), "ascof-open-data-2014-15-to-2018-19.csv")
    assert layout == "ascof_2014"
    assert {r.year for r in rows} == {2014, 2018}
    assert all(r.edition == "2014" for r in rows)


@pytest.mark.parametrize(
    "year, measure, disaggregation, kind, expected",
    [
        (2014, "2A1", "Total", "numerator", 55),  # 2A(1)_1415 is 2A1
        (2014, "2A1", "Total", "denominator", 290000),
        (2014, "1C1A", "18 to 64", "value", 80.3),  # 1C(1A) is 1C1A, "18-64" is "18 to 64"
        (2018, "4B", "Female", "value", 90),  # 4BF is group 4B, Female
        (2018, "3D1", "Male", "value", 71.2),
        (2018, "3D1", "Male", "margin", 9.5),  # a survey's margin of error is kept beside its value
        (2018, "3D1", "Male", "base", 180),
    ],
)
def test_each_spelling_of_a_code_and_its_disaggregation_is_read_as_one(year, measure, disaggregation, kind, expected):
    _, rows = read_national(STACKED.encode(), "stacked.csv")
    row = next(
        r for r in rows if (r.year, r.measure, r.disaggregation, r.level) == (year, measure, disaggregation, "council")
    )
    assert getattr(row, kind) == expected


def test_regions_and_council_types_are_read_as_the_publisher_meant():
    _, rows = read_national(STACKED.encode(), "stacked.csv")
    region = next(r for r in rows if r.level == "region")
    assert (region.area_name, region.value) == ("East of England", None)  # "Eastern"; a space is suppressed
    types = {r.area_name: r.value for r in rows if r.level == "council_type"}
    assert types == {"Inner London": 84, "Outer London": 86}  # no code, "Council Type": both kept


def test_the_values_only_file_puts_2023_24_in_the_new_edition():
    layout, rows = read_national(OUTCOMES.encode(), "ascof-outcomes-2017-18-to-2023-24.csv")
    assert layout == "outcomes"
    by_year = {(r.year, r.measure, r.level): r for r in rows}
    assert by_year[(2022, "1B", "council")].edition == "2014"  # control over daily life
    assert by_year[(2023, "1B", "council")].edition == "2023"  # another measure: impact of services
    assert by_year[(2023, "1B", "council")].value == 0.402  # a blank measure type in this file is the outcome
    assert by_year[(2023, "2A", "region")].area_name == "Yorkshire and the Humber"


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
