"""The legal basics: an accessibility statement, a privacy notice and help, linked from every page, and
forbidden pages inside the site."""

import re

import pytest


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url, says",
    [
        (
            "/accessibility/",
            [
                "Accessibility statement",
                "partially compliant",
                "Enforcement procedure",
                "Equality and Human Rights Commission",
            ],
        ),
        ("/privacy/", ["sessionid", "csrftoken", "no analytics"]),
        ("/help/", ["Reading a scorecard", "Variation"]),
    ],
)
def test_the_legal_pages_are_open_to_everyone(client, url, says):
    page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    for words in says:
        assert words in text, words


@pytest.mark.django_db
def test_the_statement_names_the_council_and_its_contact(client, settings):
    settings.SITE_OWNER = "Example Borough Council"
    settings.SITE_CONTACT_EMAIL = "access@example.gov.uk"
    text = client.get("/accessibility/").content.decode()
    assert "run by Example Borough Council" in text and 'href="mailto:access@example.gov.uk"' in text
    help_page = client.get("/help/").content.decode()
    assert "This service is run by Example Borough Council." in help_page
    assert 'href="mailto:access@example.gov.uk"' in help_page


@pytest.mark.django_db
def test_an_unnamed_council_is_never_the_council_that_runs_this_service(client, settings):
    settings.SITE_OWNER = ""
    settings.SITE_CONTACT_EMAIL = ""
    for url in ("/accessibility/", "/privacy/", "/help/"):
        text = client.get(url).content.decode()
        assert "the council that runs this service" not in text
        assert "the council whose scorecards it publishes" in text, url


@pytest.mark.django_db
def test_help_explains_every_word_the_pages_use(client):
    text = client.get("/help/").content.decode()
    for word in (
        "DoT only",
        "Recalculated",
        "Set by judgement",
        "Judged on the figure as printed",
        "Quartile",
        "XmR chart",
        "Special cause",
        "Assurance",
        "pp",
    ):
        assert re.search(rf"<dt( id=\"[a-z-]+\")?>{re.escape(word)}</dt>", text), word
    assert '<dt id="recalculated">Recalculated</dt>' in text  # the scorecard's note links to it
    assert 'href="/benchmarking/"' in text


def test_every_page_links_the_statement_privacy_and_help(demo, signed_in):
    for url in ("/", "/scorecards/cabinet-scorecard/2020-09/", "/benchmarking/", "/my-measures/"):
        text = signed_in.get(url).content.decode()
        assert 'href="/accessibility/"' in text and 'href="/privacy/"' in text and 'href="/help/"' in text, url


def test_a_forbidden_page_says_why_inside_the_site(demo, client):
    from accounts import roles

    from ..helpers import person

    client.force_login(person("forbidden-councillor", roles.COUNCILLOR))
    response = client.get("/audit/")
    text = response.content.decode()
    assert response.status_code == 403 and "You cannot open this page" in text and "The audit log is for" in text
    assert 'href="/accessibility/"' in text
