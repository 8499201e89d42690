"""The downloadable templates."""

import io

import pytest
from openpyxl import load_workbook


@pytest.mark.parametrize("layout", ["long", "wide"])
def test_templates_are_prefilled_with_the_catalogues_codes(july_and_august, signed_in, layout):
    text = signed_in.get(f"/imports/template/{layout}.csv").content.decode("utf-8-sig")
    assert "3D part 2a" in text and "ICNP2" in text
    book = load_workbook(io.BytesIO(signed_in.get(f"/imports/template/{layout}.xlsx").content))
    codes = [row[0] for row in book.active.iter_rows(values_only=True)]
    assert codes[0] == "code" and "SAT1" in codes


def test_a_template_filled_in_reads_back(july_and_august, signed_in):
    text = signed_in.get("/imports/template/wide.csv").content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("code,title,")
