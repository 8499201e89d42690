"""The quarters client-level figures are worked out for."""

import datetime as dt

import pytest

from cld import quarters

D = dt.date


@pytest.mark.parametrize(
    ("day", "end", "is_end", "year_from", "quarter_from"),
    [
        (D(2024, 4, 1), D(2024, 6, 30), False, None, D(2024, 4, 1)),
        (D(2024, 6, 30), D(2024, 6, 30), True, D(2023, 7, 1), D(2024, 4, 1)),
        (D(2024, 11, 5), D(2024, 12, 31), False, None, D(2024, 10, 1)),
        (D(2024, 12, 31), D(2024, 12, 31), True, D(2024, 1, 1), D(2024, 10, 1)),
        (D(2025, 2, 28), D(2025, 3, 31), False, None, D(2025, 1, 1)),
        (D(2025, 3, 31), D(2025, 3, 31), True, D(2024, 4, 1), D(2025, 1, 1)),
        (D(2024, 9, 30), D(2024, 9, 30), True, D(2023, 10, 1), D(2024, 7, 1)),
    ],
)
def test_quarter_ends_and_their_12_months(day, end, is_end, year_from, quarter_from):
    assert quarters.end_of(day) == end
    assert quarters.start_of(end) == quarter_from
    assert quarters.is_end(day) is is_end
    if year_from:
        assert quarters.year_to(day) == year_from


def test_the_next_quarter_end_crosses_the_year():
    assert quarters.next_end(D(2024, 12, 31)) == D(2025, 3, 31)
    assert quarters.next_end(D(2025, 3, 31)) == D(2025, 6, 30)


def test_example_cld_writes_a_file_per_quarter_and_refuses_a_day_that_ends_none(tmp_path):
    from django.core.management import CommandError, call_command

    call_command("example_cld", str(tmp_path), "--quarters", "3", "--people", "40")
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "example-cld-2023-06-30.csv",
        "example-cld-2023-09-30.csv",
        "example-cld-2023-12-31.csv",
    ]
    with pytest.raises(CommandError, match="not the last day of a quarter"):
        call_command("example_cld", str(tmp_path / "more"), "--first-quarter-end", "2023-06-29")
