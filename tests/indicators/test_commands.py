"""manage.py load_definitions: the same path and messages as the upload page."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from indicators.models import Measure

from .test_definitions import GOOD


@pytest.mark.django_db
def test_command_reports_errors_and_changes_nothing(tmp_path, capsys):
    path = tmp_path / "bad.yaml"
    path.write_text(GOOD.replace("unit: rate", "unit: furlongs"))
    with pytest.raises(CommandError, match="Nothing was changed"):
        call_command("load_definitions", str(path))
    assert 'measures[0] (code "2C") > unit: "furlongs" is not one of' in capsys.readouterr().err
    assert Measure.objects.count() == 0


@pytest.mark.django_db
def test_command_dry_run_changes_nothing(tmp_path, capsys):
    path = tmp_path / "good.yaml"
    path.write_text(GOOD)
    call_command("load_definitions", str(path), "--dry-run")
    assert "would load 2 measures added" in capsys.readouterr().out
    assert Measure.objects.count() == 0


@pytest.mark.django_db
def test_command_missing_file(capsys):
    with pytest.raises(CommandError, match="was not loaded"):
        call_command("load_definitions", "/no/such/file.yaml")
    assert "Cannot read /no/such/file.yaml: No such file or directory" in capsys.readouterr().err


@pytest.mark.django_db
def test_command_lists_each_changed_field(tmp_path, capsys):
    path = tmp_path / "good.yaml"
    path.write_text(GOOD)
    call_command("load_definitions", str(path))
    capsys.readouterr()
    path.write_text("measures:\n  - {code: 2C, decimal_places: 2}\n")
    call_command("load_definitions", str(path), "--dry-run")
    assert 'changed  measure "2C" decimal_places: 1 -> 2' in capsys.readouterr().out
