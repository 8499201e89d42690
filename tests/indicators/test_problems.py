"""A problem says where it is, the same way wherever it was found."""

import pytest

from indicators.problems import FileError, Problem


@pytest.mark.parametrize(
    "problem, shown",
    [
        (Problem("the file is empty"), "the file is empty"),
        (Problem('"12a" is not a number', row=641, column="value"), 'row 641, value: "12a" is not a number'),
        (
            Problem("not a number", sheet="Figures", cell="C7", row=7, column="Sep 24"),
            'sheet "Figures", cell C7 (Sep 24): not a number',
        ),
        (
            Problem("unknown field", entry='measures[4] (code "2C") > units'),
            'measures[4] (code "2C") > units: unknown field',
        ),
    ],
)
def test_where_and_what(problem, shown):
    assert str(problem) == shown
    assert Problem.from_dict(problem.as_dict()) == problem


def test_a_file_error_holds_every_problem():
    error = FileError([Problem("one", row=2, column="code"), "two"])
    assert error.errors == ["row 2, code: one", "two"] and str(error) == "row 2, code: one\ntwo"
