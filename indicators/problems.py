"""What is wrong with a file, said where it is. Every reader and loader (extracts, definitions,
commentary, national files) reports with these, so every message names its place the same way and the
upload pages, the command line and the error report show them alike."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong, with as much of its place as is known: a sheet and cell of a workbook, a row and
    column of a table, or an entry of a YAML file; and the measure it concerns."""

    message: str
    row: int | None = None  # as a spreadsheet numbers it (the first row is 1)
    column: str = ""  # the column heading, or the field
    sheet: str = ""
    cell: str = ""  # "C7"
    entry: str = ""  # 'measures[4] (code "2C") > targets[0]'
    code: str = ""  # the measure code

    @property
    def where(self) -> str:
        """'cell E7 (2C, value)', 'sheet "Figures", cell E7 (2C, Sep 24)', 'row 4, value',
        'measures[4] (code "2C") > targets[0]'."""
        if self.entry:
            return self.entry
        parts = []
        if self.sheet:
            parts.append(f'sheet "{self.sheet}"')
        if self.cell:
            parts.append(f"cell {self.cell}")
        elif self.row is not None:
            parts.append(f"row {self.row}")
        detail = [d for d in (self.code, self.column) if d]
        if self.cell and detail:
            return f"{', '.join(parts)} ({', '.join(detail)})"
        return ", ".join(parts + detail)

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message

    def as_dict(self) -> dict:
        return {**asdict(self), "where": self.where}

    @classmethod
    def from_dict(cls, data: dict) -> Problem:
        return cls(**{name: data[name] for name in cls.__dataclass_fields__ if name in data})


class FileError(Exception):
    """A file that cannot be taken, whole: nothing in it is kept. Holds every problem found."""

    def __init__(self, problems: str | Problem | list[Problem | str], count: int | None = None):
        if isinstance(problems, str | Problem):
            problems = [problems]
        self.problems = [p if isinstance(p, Problem) else Problem(str(p)) for p in problems]
        self.count = len(self.problems) if count is None else count  # when only the first are kept
        super().__init__("\n".join(str(p) for p in self.problems))

    @property
    def errors(self) -> list[str]:
        return [str(p) for p in self.problems]
