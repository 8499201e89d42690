"""The client-level pages as an officer and a councillor see them: upload, data-quality report, confirm,
figures by quarter, the people behind one (audited), withdrawal; and who is refused."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts import roles
from cld.models import QuarterFigure, Submission
from imports.models import Upload
from indicators.models import AuditEvent

from ..conftest import person
from .files import care_home, community, csv_file

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def key(settings):
    settings.CLD_PSEUDONYM_KEY = "a-secret-of-forty-characters-for-tests-00"


@pytest.fixture
def officer_client(client, officer, django_capture_on_commit_callbacks):
    """An officer signed in, whose requests run the steps they queue (check, commit) as the worker would."""
    client.force_login(officer)
    post = client.post

    def posting(*args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return post(*args, **kwargs)

    client.post = posting
    return client


def rows():
    return [
        care_home("1", "2024-06-01"),
        care_home("2", "2024-09-01", **{"Client Type": "Carer"}),
        community("3", delivery="Direct payment", born="1950-01-01"),
        community(
            "4", delivery="", born="1950-01-01", **{"Accommodation Status": "Owner occupier or shared ownership scheme"}
        ),
    ]


def uploaded(client) -> Upload:
    data = SimpleUploadedFile("cld-2024-25-q4.csv", csv_file(rows()), content_type="text/csv")
    response = client.post(reverse("cld:upload"), {"file": data})
    upload = Upload.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("imports:detail", args=[upload.pk])
    return upload


def test_the_officer_uploads_reads_the_quality_report_and_confirms(officer_client):
    upload = uploaded(officer_client)
    page = officer_client.get(reverse("imports:detail", args=[upload.pk])).content.decode()
    assert "Data-quality report" in page
    assert "the 12 months from 2024-04-01 to 2025-03-31" in page
    assert "not kept" in page and "Download the original" not in page
    assert "Confirm and import" in page
    officer_client.post(reverse("imports:confirm", args=[upload.pk]))
    assert Upload.objects.get().state == Upload.State.COMMITTED
    page = officer_client.get(reverse("cld:index")).content.decode()
    assert "To 31 Mar 2025" in page and "3D2A" in page and "People behind" in page
    assert QuarterFigure.objects.filter(code="3D2A", group="Total").get().numerator == 1


def test_the_people_behind_add_up_and_every_look_is_audited(officer_client, officer):
    upload = uploaded(officer_client)
    officer_client.post(reverse("imports:confirm", args=[upload.pk]))
    address = reverse("cld:people", args=["2025-03-31", "3D1A", "Total"])
    page = officer_client.get(address).content.decode()
    figure = QuarterFigure.objects.get(code="3D1A", group="Total")
    assert page.count("Numerator and denominator") == figure.numerator
    assert page.count("Denominator only") == figure.denominator - figure.numerator
    download = officer_client.get(address + "?download=csv")
    people = list(csv.DictReader(io.StringIO(download.content.decode())))
    assert {p["pseudonym"] for p in people if p["counted_in"] == "numerator"} and len(
        {p["pseudonym"] for p in people}
    ) == figure.denominator
    looks = AuditEvent.objects.filter(action=AuditEvent.Action.CLIENT_LEVEL, user=officer)
    assert [e.details["download"] for e in looks.order_by("at", "id")] == [False, True]
    assert officer_client.get(reverse("cld:people", args=["2025-02-28", "3D1A", "Total"])).status_code == 404
    assert officer_client.get(reverse("cld:people", args=["not-a-day", "3D1A", "Total"])).status_code == 404


@pytest.mark.parametrize("role", [roles.COUNCILLOR, roles.MANAGER])
def test_councillors_and_managers_are_refused_every_client_level_page(client, officer_client, role):
    upload = uploaded(officer_client)
    officer_client.post(reverse("imports:confirm", args=[upload.pk]))
    client.force_login(person(f"someone-{role}", role))
    for address in (
        reverse("cld:index"),
        reverse("cld:people", args=["2025-03-31", "3D1A", "Total"]),
        reverse("cld:submission", args=[Submission.objects.get().pk]),
        reverse("cld:withdraw", args=[Submission.objects.get().pk]),
    ):
        assert client.get(address).status_code == 403, address
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.CLIENT_LEVEL).exists()


def test_withdrawing_needs_a_reason_and_works_the_figures_out_again(officer_client):
    upload = uploaded(officer_client)
    officer_client.post(reverse("imports:confirm", args=[upload.pk]))
    kept = Submission.objects.get()
    address = reverse("cld:withdraw", args=[kept.pk])
    refused = officer_client.post(address, {"reason": ""})
    assert refused.status_code == 400
    assert "There is a problem" in refused.content.decode() and "Say why" in refused.content.decode()
    assert officer_client.post(address, {"reason": "Wrong quarter"}).status_code == 302
    assert Submission.objects.get().withdrawn and not QuarterFigure.objects.exists()
    page = officer_client.get(reverse("cld:submission", args=[kept.pk])).content.decode()
    assert "Withdrawn on" in page and "Wrong quarter" in page


def test_an_empty_or_wrong_file_is_refused_on_the_form(officer_client):
    for name, data, message in [
        ("empty.csv", b"", "The file is empty"),
        ("book.xlsx", b"PK\x03\x04", "a .csv file"),
    ]:
        response = officer_client.post(reverse("cld:upload"), {"file": SimpleUploadedFile(name, data)})
        assert response.status_code == 400 and message in response.content.decode()
    assert not Upload.objects.exists()


def test_a_submission_larger_than_other_uploads_is_let_through(officer_client, settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 100  # far smaller than the file: only other uploads are held to it
    upload = uploaded(officer_client)
    assert upload.size > 100


def test_the_client_level_pages_ask_the_same_number_of_queries_for_one_quarter_and_three(officer_client, tmp_path):
    """More submissions, quarters and figures never mean more queries on the index or a submission's page."""
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from .test_submissions import submission

    def queries_of(path: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert officer_client.get(path).status_code == 200
        return len(captured.captured_queries)

    def pages() -> tuple[int, int]:
        latest = Submission.objects.order_by("-period_end").first()
        return queries_of(reverse("cld:index")), queries_of(reverse("cld:submission", args=[latest.pk]))

    call_command("import_cld", str(submission(tmp_path, "q4.csv", rows())))
    pages()  # the reader's permissions kept in the cache from here on
    one = pages()
    for name, start, end in (("q1.csv", "2024-07-01", "2025-06-30"), ("q2.csv", "2024-10-01", "2025-09-30")):
        call_command("import_cld", str(submission(tmp_path, name, rows(), start=start, end=end)))
    assert QuarterFigure.objects.values("quarter_end").distinct().count() == 3
    pages()  # warm as before: an import may move the roles version on, and the permissions are read again
    assert pages() == one


def test_the_quality_report_counts_reablement_whose_outcome_cannot_be_classified(officer_client):
    from .test_short_term import reablement

    rows = [
        reablement("1", "2024-06-01", "2024-06-28"),  # ended as planned
        reablement("2", "2024-07-01", "2024-07-20", "Continuation of support or services"),  # nothing followed
        reablement("3", "2024-08-01", "2024-08-20", "Admitted to hospital"),
    ]
    data = SimpleUploadedFile("cld-reablement.csv", csv_file(rows), content_type="text/csv")
    officer_client.post(reverse("cld:upload"), {"file": data})
    upload = Upload.objects.get()
    assert upload.preview[0]["quality"]["reablement"] == {"episodes": 3, "unable_to_classify": 1}
    page = officer_client.get(reverse("imports:detail", args=[upload.pk])).content.decode()
    assert "Reablement episodes whose outcome cannot be classified" in page
    assert "1 of 3 (33%)" in page


POPULATIONS = (
    b"mid_year,code,name,geography_type,all_ages,pop_18_64,pop_65_plus\n"
    b"2024,E08000025,Birmingham,,1,700000,160000\n"
    b"2024,E09000001,City of London,,1,6000,1500\n"
)


def test_populations_uploaded_give_2b_and_2c_as_rates(officer_client):
    from indicators.models import Scorecard

    from ..factories import ScorecardFactory

    upload = uploaded(officer_client)
    officer_client.post(reverse("imports:confirm", args=[upload.pk]))
    assert QuarterFigure.objects.get(code="2C").denominator is None  # counts only, until a population is held
    ScorecardFactory(council_code="E08000025")
    assert Scorecard.objects.exclude(council_code="").exists()
    data = SimpleUploadedFile("ons.csv", POPULATIONS, content_type="text/csv")
    response = officer_client.post(reverse("cld:population"), {"population": data})
    population = Upload.objects.get(kind=Upload.Kind.POPULATION)
    assert response["Location"] == reverse("imports:detail", args=[population.pk])
    assert population.state == Upload.State.READY and "For E08000025: mid-2024" in population.message
    page = officer_client.get(reverse("imports:detail", args=[population.pk])).content.decode()
    assert "Years for the council" in page and "Confirm" in page
    officer_client.post(reverse("imports:confirm", args=[population.pk]))
    two_c = QuarterFigure.objects.get(code="2C")
    assert (two_c.numerator, two_c.denominator, str(two_c.value)) == (1, 160000, "0.6")
    index = " ".join(officer_client.get(reverse("cld:index")).content.decode().split())
    assert "Held for E08000025: mid-2024." in index
    again = SimpleUploadedFile("ons-again.csv", POPULATIONS, content_type="text/csv")
    officer_client.post(reverse("cld:population"), {"population": again})
    assert Upload.objects.filter(kind=Upload.Kind.POPULATION).latest("pk").state == Upload.State.NO_CHANGES


def test_a_population_file_that_cannot_be_read_is_refused_by_row_and_column(officer_client):
    bad = b"mid_year,code,pop_18_64,pop_65_plus\n2024,E08000025,seven hundred,160000\n2024,,1,2\n"
    officer_client.post(reverse("cld:population"), {"population": SimpleUploadedFile("ons.csv", bad)})
    upload = Upload.objects.get(kind=Upload.Kind.POPULATION)
    assert upload.state == Upload.State.REFUSED
    assert [(e["where"], e["message"]) for e in upload.errors] == [
        ("row 2, pop_18_64", "is 'seven hundred': give a whole number of 0 or more"),
        ("row 3, code", "is blank: give the area's ONS code, such as E08000025"),
    ]
    response = officer_client.post(reverse("cld:population"), {"population": SimpleUploadedFile("ons.xlsx", b"x")})
    assert response.status_code == 400 and "save it as CSV" in response.content.decode()


def test_a_long_list_of_people_comes_a_page_at_a_time_and_each_page_looked_at_is_audited(client, people):
    """The demo's 3D2A has hundreds of people: a page of 100 at a time, each look audited with its page; the
    download has everyone; a page that does not exist says so and shows the first."""
    import datetime as dt

    from cld.views import PEOPLE_PER_PAGE

    client.force_login(people["officer"])
    end = dt.date(2025, 3, 31)
    figure = QuarterFigure.objects.get(quarter_end=end, code="3D2A", group="Total", area="")
    assert figure.denominator > 2 * PEOPLE_PER_PAGE  # the demo holds enough for three pages
    address = reverse("cld:people", args=[end.isoformat(), "3D2A", "Total"])
    pages = -(-figure.denominator // PEOPLE_PER_PAGE)
    first = client.get(address).content.decode()
    assert first.count("<code>") == PEOPLE_PER_PAGE
    assert f"people 1 to 100 of {figure.denominator:,}" in first and f"Page 1 of {pages}" in first
    assert "Next page" in first and "Previous page" not in first
    last = client.get(address + f"?page={pages}").content.decode()
    assert last.count("<code>") == figure.denominator - (pages - 1) * PEOPLE_PER_PAGE and "Next page" not in last
    on_both = set(first.split("<code>")[1:]) & set(last.split("<code>")[1:])
    assert not on_both  # no one on two pages
    wrong = client.get(address + "?page=99", follow=True).content.decode()
    assert "There is no page &#x27;99&#x27; of these people; the first page is shown." in wrong
    assert wrong.count("<code>") == PEOPLE_PER_PAGE
    download = client.get(address + "?download=csv").content.decode()
    assert len({row["pseudonym"] for row in csv.DictReader(io.StringIO(download))}) == figure.denominator
    looks = AuditEvent.objects.filter(action=AuditEvent.Action.CLIENT_LEVEL).order_by("at", "id")
    assert [(e.details["page"], e.details["people"]) for e in looks] == [
        (1, PEOPLE_PER_PAGE),
        (pages, figure.denominator - (pages - 1) * PEOPLE_PER_PAGE),
        (1, PEOPLE_PER_PAGE),
        (None, figure.denominator),
    ]
    assert f"looked at (page {pages} of {pages})" in looks[1].summary
