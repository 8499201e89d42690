"""manage.py import_extract: the upload path on the command line."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from imports.models import Upload
from indicators.models import DataPoint

from ..factories import MeasureFactory
from ..helpers import EXTRACT_HEADER


def test_command_prints_errors_and_counts(catalogue, tmp_path, capsys):
    path = tmp_path / "x.csv"
    path.write_text(EXTRACT_HEADER + "SAT1,2024-09,,,oops,\n")
    with pytest.raises(CommandError, match="was refused: 1 problem in 1 row: nothing has been imported"):
        call_command("import_extract", str(path))
    assert 'cell E2 (SAT1, value): "oops" is not a number' in capsys.readouterr().err
    path.write_text(EXTRACT_HEADER + "SAT1,2024-09,,,3,\n")
    call_command("import_extract", str(path), "--dry-run")
    assert "Dry run: nothing was imported" in capsys.readouterr().out and DataPoint.objects.count() == 0
    call_command("import_extract", str(path), "--reporting-period", "Sep 24")
    assert DataPoint.objects.count() == 1
    with pytest.raises(CommandError, match="--reporting-period: 'soon' is not a period"):
        call_command("import_extract", str(path), "--reporting-period", "soon")


def test_command_shows_the_same_preview_and_keeps_history(july_and_august, tmp_path, capsys):
    path = tmp_path / "fix.csv"
    path.write_text("code,period,value\nSAT1,2024-08,141\nSAT1,2024-09,110\n")
    call_command("import_extract", str(path), "--dry-run")
    out = capsys.readouterr().out
    assert "revised  SAT1 2024-08: 140 -> 141" in out and "new      SAT1 2024-09: 110" in out
    assert "Dry run: nothing was imported." in out and not DataPoint.objects.filter(period__code="2024-09").exists()
    call_command("import_extract", str(path))
    assert "Imported 1 new, 1 revised" in capsys.readouterr().out
    assert [u.state for u in Upload.objects.filter(file_name="fix.csv").order_by("id")] == ["cancelled", "committed"]
    path.write_text("code,period,value\nSAT1,2024-09,oops\n")
    with pytest.raises(CommandError, match="was refused"):
        call_command("import_extract", str(path))
    assert 'cell C2 (SAT1, value): "oops" is not a number' in capsys.readouterr().err


def test_import_extract_exits_non_zero_when_the_import_could_not_be_finished(db, tmp_path, monkeypatch):
    """A script must not carry on after a file that imported nothing."""
    from imports import file_kinds

    MeasureFactory(code="SAT1")
    path = tmp_path / "september.csv"
    path.write_text("code,period,value\nSAT1,2024-09,1\n")

    def broken(self, upload, data):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(file_kinds.ExtractFile, "commit", broken)
    with pytest.raises(CommandError, match=r"september.csv was not imported: Importing the figures failed"):
        call_command("import_extract", str(path))
