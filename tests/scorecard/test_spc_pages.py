"""Statistical process control on the pages, the PDF and the API, over the demo's example history."""

from io import BytesIO

from ..helpers import text

EXAMPLE = "/scorecards/example-history/2024-03/"


def test_the_grid_shows_variation_and_assurance_in_words_with_counts(demo, signed_in):
    page = text(signed_in.get(EXAMPLE))
    assert "example data, not a council's" in page
    assert "1 special cause improvement" in page and "1 special cause concern" in page
    assert "Variation Assurance" in page
    assert "Improving (high)" in page and "Concern (high)" in page and "Common cause" in page
    assert "Pass" in page and "Fail" in page and "Hit and miss" in page


def test_the_measure_page_draws_the_whole_history_with_its_reading_and_table(demo, signed_in):
    page = signed_in.get(EXAMPLE + "measures/EX01/").content.decode()
    assert 'data-chart="spc-chart"' in page and "Variation over time" in page
    words = text(signed_in.get(EXAMPLE + "measures/EX01/"))
    assert "Special cause: improving (higher is better)." in words
    assert words.count("Special cause: improvement") >= 10  # the last ten months' step up, in the table
    assert "April 2020" in words  # the whole history
    this_year = text(signed_in.get(EXAMPLE + "measures/EX01/?range=year"))
    assert "April 2020" not in this_year and "March 2024" in this_year
    wrong = text(signed_in.get(EXAMPLE + "measures/EX01/?range=forever"))
    assert "is not a range" in wrong


def test_marks_show_with_their_reasons(demo, signed_in):
    excluded = text(signed_in.get(EXAMPLE + "measures/EX06/"))
    assert "Excluded Excluded: Example: a duplicate load counted October's assessments twice." in excluded
    recalculated = text(signed_in.get(EXAMPLE + "measures/EX07/"))
    assert "Limits recalculated from here: Example: the new assessment service began in December 2022." in recalculated


def test_fewer_than_fifteen_points_is_a_run_chart_that_says_why(demo, signed_in):
    page = text(signed_in.get("/scorecards/cabinet-scorecard/2020-09/measures/CS09/"))
    assert "A run chart: limits and icons need at least 15 points" in page and "Too few points" in page


def test_the_api_gives_spc_fields_and_a_series(demo, signed_in):
    data = signed_in.get("/api/scorecards/example-history/2024-03/").json()
    row = next(m for s in data["sections"] for m in s["measures"] if m["code"] == "EX03")
    assert (row["spc"]["variation"], row["spc"]["points"]) == ("concern_high", 48)
    series = signed_in.get("/api/scorecards/example-history/2024-03/measures/EX03/series/").json()
    assert len(series["points"]) == 48 and series["variation"] == "concern_high"
    assert set(series["points"][-1]) >= {"period", "reported", "latest", "mean", "lower_limit", "upper_limit", "type"}
    assert series["points"][-1]["type"] == "concern"
    assert signed_in.get("/api/scorecards/example-history/2024-03/measures/NOPE/series/").status_code == 404


def test_the_pdf_shows_variation_and_assurance(demo, signed_in):
    from pypdf import PdfReader

    pdf = PdfReader(BytesIO(signed_in.get(EXAMPLE + "scorecard.pdf").content))
    words = " ".join(" ".join(page.extract_text().split()) for page in pdf.pages)
    assert "Improving (high)" in words and "Hit and miss" in words and "SPC: Special cause" in words


def test_an_officers_mark_is_in_the_audit_log(demo):
    from indicators.models import AuditEvent

    event = AuditEvent.objects.filter(measure="EX07", summary__contains="SPC mark").latest("at")
    assert "recalculate the limits from here: Example: the new assessment service" in event.summary


def test_an_officer_sets_the_method_in_the_admin_and_the_chart_follows(demo, client):
    from accounts import roles
    from indicators.models import AuditEvent, Measure, StoredPeriod

    from ..helpers import person

    officer = person("spc-officer", roles.PERFORMANCE_OFFICER, is_staff=True)
    client.force_login(officer)
    measure = Measure.objects.get(code="EX01")
    response = client.post(
        "/admin/indicators/spcmark/add/",
        {
            "measure": measure.pk,
            "period": StoredPeriod.objects.get(code="2023-06").pk,
            "kind": "recalculate",
            "reason": "The new review team started in June 2023.",
        },
    )
    assert response.status_code == 302, response.content.decode()[:1500]
    refused = client.post(
        "/admin/indicators/spcmethod/add/", {"measure": measure.pk, "improvement": "down", "conflict": "concern"}
    )
    assert "Say why the chart is drawn this way." in refused.content.decode() or "required" in refused.content.decode()
    event = AuditEvent.objects.filter(measure="EX01", summary__contains="SPC mark").latest("at")
    assert event.user == officer and "The new review team started in June 2023." in event.summary
    # the published month keeps its chart; the next draft would show the recalculation
    from indicators.models import Scorecard
    from scorecard import queries

    draft = queries.working_report(
        Scorecard.objects.get(slug="example-history"), StoredPeriod.objects.get(code="2024-03")
    )
    row = next(r for r in draft.rows if r.measure.code == "EX01")
    assert any(p.note.startswith("Limits recalculated from here") for p in row.spc.points)
