"""The preview says what status each figure would give, by the measure's own target rule."""

from decimal import Decimal

import pytest

from imports import services
from imports.models import Upload
from indicators.periods import Period

from ..factories import MeasureFactory, TargetFactory

RULES = {
    "75, within 5": {"rule": "tolerance", "target": Decimal(75), "tolerance": Decimal(5)},
    "DoT only": {"rule": "direction", "target": None},
    "for information": {"rule": "none", "target": None},
}


@pytest.mark.parametrize(
    "rule, august, september, gives",
    [
        ("75, within 5", "", "80", "GREEN: met or exceeded target"),
        ("75, within 5", "", "74.96", "GREEN: met or exceeded target"),  # printed 75.0: judged as printed
        ("75, within 5", "", "72", "AMBER: within tolerance of target"),
        ("75, within 5", "", "60", "RED: missed target"),
        ("DoT only", "50", "48", "RED: no target: worsening"),
        ("DoT only", "50", "52", "GREEN: no target: improving"),
        ("DoT only", "", "52", "N/A: no target, and no earlier figure to compare with"),
        ("for information", "", "52", "N/A: for information: no target"),
        (None, "", "52", "N/A: for information: no target"),
    ],
)
def test_each_previewed_figure_says_the_status_it_would_give(db, rule, august, september, gives):
    measure = MeasureFactory(code="P1")
    if rule:
        TargetFactory(measure=measure, **RULES[rule])
    rows = ["code,period,numerator,denominator,value,note"]
    if august:
        rows.append(f"P1,2024-08,,,{august},")
    rows.append(f"P1,2024-09,,,{september},")
    upload = services.take_file(
        "\n".join(rows).encode(), "p1.csv", reporting_period=Period.month(2024, 9), dry_run=True
    )
    assert upload.state == Upload.State.CANCELLED
    assert {entry["period"]: entry["gives"] for entry in upload.preview}["2024-09"] == gives


def test_the_status_column_is_explained_once_above_the_figures(july_and_august, signed_in, post):
    from django.core.files.uploadedfile import SimpleUploadedFile

    rows = "code,period,numerator,denominator,value,note\nSAT1,2024-09,,,150,\n"
    post(signed_in, "/imports/", {"file": SimpleUploadedFile("s.csv", rows.encode()), "kind": "extract"})
    page = signed_in.get(f"/imports/{Upload.objects.latest('id').pk}/").content.decode()
    assert page.count("Status it gives is what the measure") == 1 and '<th scope="col">Status it gives</th>' in page
