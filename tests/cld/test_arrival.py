"""A client-level data file on arrival: minimised and pseudonymised, its data quality counted, and a
row that cannot be used named by its line and field."""

import datetime as dt
import json

import pytest
from django.core.management import CommandError, call_command

from cld import arrival, pseudonyms
from indicators.problems import FileError

from .files import care_home, community, csv_file

KEY = b"k" * 40


def test_nothing_that_names_a_person_is_kept():
    rows = [
        care_home(
            "LOCAL-77",
            "2024-06-01",
            born="1940-06-17",
            **{"NHS Number": "943 476 5919", "GP Practice Name": "Elm Surgery"},
        ),
        care_home("LOCAL-78", "2024-07-01", **{"Event Description": "Moved after a fall at home"}),
    ]
    data = csv_file(rows)
    arrived = arrival.read_file(data, "s.csv", KEY)
    kept = arrived.frame().to_csv() + repr(arrived)
    stored = arrived.events_path.read_bytes().decode("latin-1")  # the Parquet file itself, as bytes
    for identifier in (
        "9434765919",
        "943 476 5919",
        "LOCAL-77",
        "LOCAL-78",
        "NameLOCAL-77",
        "Example",
        "B1 1AA",
        "Elm Surgery",
        "fall at home",
        "1940-06-17",
    ):
        assert identifier not in kept, identifier
        assert identifier not in stored, identifier
    assert "17" not in arrived.frame()["birth_month"].astype(str).str.cat()  # the day of birth is never kept
    events = arrived.frame()
    assert events["birth_month"][0].date() == dt.date(1940, 6, 1)  # year and month only
    assert events["person"][0] == pseudonyms.pseudonym("nhs", "9434765919", KEY)  # the NHS number's, when given
    assert events["person"][1] == pseudonyms.pseudonym("la:330", "LOCAL-78", KEY)


def test_the_same_person_keeps_a_pseudonym_only_under_the_same_key():
    first = pseudonyms.pseudonym("nhs", "9434765919", KEY)
    assert first == pseudonyms.pseudonym("nhs", "9434765919", KEY)
    assert first != pseudonyms.pseudonym("nhs", "9434765919", b"j" * 40)


@pytest.mark.parametrize(
    ("key", "problem"),
    [("", "needs CLD_PSEUDONYM_KEY"), ("short", "at least 32"), ("x" * 32, "published")],
)
def test_a_missing_short_or_published_key_is_refused(settings, key, problem):
    settings.CLD_PSEUDONYM_KEY = key
    with pytest.raises(pseudonyms.KeyProblem, match=problem):
        pseudonyms.key()


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ({"LA Person Unique Identifier": "", "NHS Number": ""}, "row 2: there is neither an NHS number"),
        ({"Event Start Date": "31/02/2024"}, "row 2: 'Event Start Date' is '31/02/2024', which is not a date"),
        ({"Event End Date": "2024-05-01"}, "row 2: the event ends (2024-05-01) before it starts (2024-06-01)"),
        ({"Event Type": "NULL"}, "row 2: 'Event Type' is empty"),
        ({"Date of Birth": "sometime"}, "row 2: 'Date of Birth' is not a date"),
    ],
)
def test_a_row_that_cannot_be_used_is_named(row, problem):
    arrived = arrival.read_file(csv_file([care_home("1", "2024-06-01", **row)]), "s.csv", KEY)
    assert any(problem in p for p in arrived.problems), arrived.problems
    assert arrived.count == 0


def test_a_file_without_the_fields_is_refused_saying_which():
    with pytest.raises(FileError, match="line 1: the heading row has no Event Start Date"):
        arrival.read_file(
            b"LA Code,Event Type,Date of Birth,NHS Number\n330,Service,1950-01-01,9434765919\n", "s.csv", KEY
        )


def test_data_quality_counts_each_field():
    rows = [
        care_home("1", "2024-06-01", **{"Client Type": "Carer"}),  # Release 1 wording
        care_home("2", "2024-06-01", **{"Service Type": "Day care"}),  # not in the list
        care_home("3", "2024-06-01", "2024-08-01", born="1900-01-01"),  # a dummy date of birth
    ]
    quality = arrival.read_file(csv_file(rows), "s.csv", KEY).quality
    assert quality.fields["Client Type"] == {"valid": 2, "release 1": 1}
    assert quality.fields["Service Type"] == {"valid": 2, "invalid": 1}
    assert quality.fields["Event End Date"] == {"blank": 2, "valid": 1}
    assert quality.open_by_type == {"Service": 2}
    assert quality.dummy_births == 1 and quality.no_nhs_number == 3
    assert quality.stated_periods == {(dt.date(2024, 4, 1), dt.date(2025, 3, 31))}
    assert (quality.earliest_end, quality.latest_end) == (dt.date(2024, 8, 1), dt.date(2024, 8, 1))


POPULATION = (
    b"mid_year,code,name,geography_type,all_ages,pop_18_64,pop_65_plus\n2024,E08000025,Birmingham,,1,700000,160000\n"
)


def test_the_command_prints_one_json_object(settings, tmp_path, capsys):
    settings.CLD_PSEUDONYM_KEY = "a-secret-of-forty-characters-for-tests-00"
    submission = tmp_path / "cld-2024-25-q4.csv"
    submission.write_bytes(
        csv_file(
            [
                care_home("1", "2024-06-01"),
                care_home("2", "2024-09-01", born="1970-01-01"),
                community("3", delivery="Direct payment", born="1950-01-01"),
                community("4", delivery="CASSR commissioned support", born="1950-01-01"),
            ]
        )
    )
    population = tmp_path / "ons.csv"
    population.write_bytes(POPULATION)
    call_command(
        "cld_ascof",
        str(submission),
        "--quarter-end",
        "2025-03-31",
        "--population",
        str(population),
        "--council",
        "E08000025",
        "--json",
    )
    printed = json.loads(capsys.readouterr().out)
    assert printed == {
        "period": {"start": "2024-04-01", "end": "2025-03-31"},
        "measures": [
            {"code": "2A", "group": "18 to 64", "numerator": 0, "denominator": 0, "value": None},  # no reablement
            {"code": "2A", "group": "65 and above", "numerator": 0, "denominator": 0, "value": None},
            {"code": "2A", "group": "Total", "numerator": 0, "denominator": 0, "value": None},
            {"code": "2B", "group": "18 to 64", "numerator": 1, "denominator": 700000, "value": "0.1"},
            {"code": "2C", "group": "65 and above", "numerator": 1, "denominator": 160000, "value": "0.6"},
            {"code": "2E", "group": "18 to 64", "numerator": 0, "denominator": 1, "value": "0.0"},
            # people 3 and 4's status is unknown; home support presumes them at home
            {"code": "2E", "group": "65 and above", "numerator": 2, "denominator": 3, "value": "66.7"},
            {"code": "2E", "group": "Learning disability 18 to 64", "numerator": 0, "denominator": 0, "value": None},
            {"code": "3D1A", "group": "18 to 64", "numerator": 0, "denominator": 0, "value": None},
            {"code": "3D2A", "group": "18 to 64", "numerator": 0, "denominator": 0, "value": None},
            {"code": "3D1A", "group": "65 and above", "numerator": 1, "denominator": 2, "value": "50.0"},
            {"code": "3D2A", "group": "65 and above", "numerator": 1, "denominator": 2, "value": "50.0"},
            {"code": "3D1A", "group": "Total", "numerator": 1, "denominator": 2, "value": "50.0"},
            {"code": "3D2A", "group": "Total", "numerator": 1, "denominator": 2, "value": "50.0"},
            *(  # the carer's care home stay is no support of a carer's
                {"code": code, "group": group, "numerator": 0, "denominator": 0, "value": None}
                for group in ("18 to 64", "65 and above", "Total")
                for code in ("3D1B", "3D2B")
            ),
        ],
    }


def test_the_command_refuses_what_it_cannot_use(settings, tmp_path):
    settings.CLD_PSEUDONYM_KEY = "a-secret-of-forty-characters-for-tests-00"
    submission = tmp_path / "s.csv"
    submission.write_bytes(csv_file([care_home("1", "2024-06-01", **{"Event Start Date": "soon"})]))
    with pytest.raises(CommandError, match="(?s)row 2: 'Event Start Date' is 'soon'.*Nothing was worked out"):
        call_command("cld_ascof", str(submission), "--quarter-end", "2025-03-31")
    with pytest.raises(CommandError, match="not the last day of a quarter"):
        call_command("cld_ascof", str(submission), "--quarter-end", "2025-03-30")
    settings.CLD_PSEUDONYM_KEY = ""
    with pytest.raises(CommandError, match="needs CLD_PSEUDONYM_KEY"):
        call_command("cld_ascof", str(submission), "--quarter-end", "2025-03-31")


def test_a_file_too_large_or_not_text_is_refused(settings):
    settings.CLD_MAX_UPLOAD_BYTES = 100
    with pytest.raises(FileError, match="the largest client-level data file read is 100 bytes"):
        arrival.read_file(csv_file([care_home("1", "2024-06-01")]), "s.csv", KEY)
    settings.CLD_MAX_UPLOAD_BYTES = 10_000_000
    with pytest.raises(FileError, match="sent as CSV text"):
        arrival.read_file(b"PK\x03\x04 a workbook", "s.csv", KEY)
    with pytest.raises(FileError, match="sent as CSV text"):
        arrival.read_file(csv_file([]), "s.xlsx", KEY)


def test_windows_1252_text_is_read():
    data = csv_file([care_home("1", "2024-06-01", **{"Event Description": "café"})]).decode().encode("cp1252")
    assert arrival.read_file(data, "s.csv", KEY).count == 1


def test_an_unclosed_quote_is_named_by_its_line(settings):
    data = csv_file([care_home("1", "2024-06-01")]) + b'330,"never closed' + b"x" * 200_000
    with pytest.raises(FileError, match="line 3: the CSV cannot be read"):
        arrival.read_file(data, "s.csv", KEY)


def test_the_command_says_each_figure_in_its_own_unit(settings, tmp_path, capsys):
    settings.CLD_PSEUDONYM_KEY = "a-secret-of-forty-characters-for-tests-00"
    submission = tmp_path / "s.csv"
    submission.write_bytes(
        csv_file([care_home("1", "2024-06-01"), community("2", delivery="Direct payment"), community("3")])
    )
    population = tmp_path / "ons.csv"
    population.write_bytes(POPULATION)
    call_command(
        "cld_ascof",
        str(submission),
        "--quarter-end",
        "2025-03-31",
        "--population",
        str(population),
        "--council",
        "E08000025",
    )
    printed = capsys.readouterr().out
    assert "2C (65 and above): 1 people of 160,000 = 0.6 per 100,000" in printed
    assert "3D2A (Total): 1 people of 2 = 50.0%; 1 delivery unknown" in printed
    # no status given: the care home's resident is not at home, the two with home support presumed at home
    assert "2E (65 and above): 2 people of 3 = 66.7%; 0 accommodation unknown; 2 presumed at home" in printed


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("2024-06-30", dt.date(2024, 6, 30)),
        ("2024-06-30 00:00:00", dt.date(2024, 6, 30)),
        ("2024-06-30T09:15", dt.date(2024, 6, 30)),
        ("30/06/2024", dt.date(2024, 6, 30)),
        ("3/6/2024", dt.date(2024, 6, 3)),
        ("30/06/24", dt.date(2024, 6, 30)),
        ("30-06-2024", dt.date(2024, 6, 30)),
        ("2024/06/30", dt.date(2024, 6, 30)),
        (" 2024-06-30 ", dt.date(2024, 6, 30)),
    ],
)
def test_dates_are_read_as_councils_write_them(written, read):
    arrived = arrival.read_file(csv_file([care_home("1", written)]), "s.csv", KEY)
    assert arrived.problems == []
    assert arrived.frame()["start"][0].date() == read


@pytest.mark.parametrize("secret", [b"k" * 40, b"a much longer key than one block of sixty-four bytes, " * 3])
def test_pseudonyms_worked_out_in_sql_are_the_same_as_in_python(secret):
    rows = [care_home("L-1", "2024-06-01"), care_home("L-2", "2024-06-01", **{"NHS Number": "943 476 5919"})]
    people = list(arrival.read_file(csv_file(rows), "s.csv", secret).frame()["person"])
    assert people == [pseudonyms.pseudonym("la:330", "L-1", secret), pseudonyms.pseudonym("nhs", "9434765919", secret)]


def test_spacing_capitals_and_null_are_read_as_meant():
    rows = [
        care_home(
            "1", "2024-06-01", **{"Service Type": "long term SUPPORT:  residential care", "Event Outcome": "NULL"}
        ),
    ]
    arrived = arrival.read_file(csv_file(rows), "s.csv", KEY)
    events = arrived.frame()
    assert events["service_type"][0] == "Long term support: Residential care"
    assert events["outcome"][0] is None
    assert arrived.quality.fields["Service Type"] == {"valid": 1}
    assert arrived.quality.fields["Event Outcome"] == {"blank": 1}


def test_the_arrival_counts_its_people_and_names_its_councils():
    rows = [
        care_home("1", "2024-06-01"),
        care_home("1", "2024-09-01"),
        care_home("2", "2024-06-01", **{"LA Code": "331"}),
    ]
    arrived = arrival.read_file(csv_file(rows), "s.csv", KEY)
    assert (arrived.people, arrived.la_codes) == (2, ["330", "331"])
