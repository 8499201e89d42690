"""PDFs cannot starve page requests: only so many are made at once across every web process, each
signed-in reader may ask for only so many new ones a minute, and one already made comes at once."""

import pytest
from django.core.cache import cache

from config import throttle

PDF = "/scorecards/cabinet-scorecard/2020-09/scorecard.pdf"


def test_a_slot_is_had_by_one_at_a_time_and_given_back():
    cache.clear()
    with throttle.slot("work", 1) as first:
        with throttle.slot("work", 1) as second:
            assert (first, second) == (True, False)
        with throttle.slot("other-work", 1) as other:
            assert other
    with throttle.slot("work", 1) as again:
        assert again
    with throttle.slot("work", 2) as one, throttle.slot("work", 2) as two, throttle.slot("work", 2) as three:
        assert (one, two, three) == (True, True, False)


def test_with_the_cache_down_each_process_keeps_its_own_count(monkeypatch):
    class Down:  # a Redis that does not answer, as ResilientRedisCache reports it
        def add(self, *args, **kwargs):
            return False

        def get(self, key, default=None, **kwargs):
            return default

    monkeypatch.setattr(throttle, "cache", Down())
    with throttle.slot("down", 1) as first, throttle.slot("down", 1) as second:
        assert (first, second) == (True, False)


def test_a_reader_asking_while_every_place_is_busy_is_asked_to_try_again(demo, signed_in, people):
    cache.clear()
    signed_in.force_login(people["councillor"])
    with throttle.slot("pdf", 1):  # another reader's PDF is being made
        response = signed_in.get(PDF)
    assert response.status_code == 503 and response["Retry-After"] == "2"
    assert "Your PDF is waiting its turn" in response.content.decode()
    made = signed_in.get(PDF)
    assert made.status_code == 200 and made.content.startswith(b"%PDF")
    with throttle.slot("pdf", 1):  # one already made comes at once, busy or not
        assert signed_in.get(PDF).content == made.content


def test_each_reader_may_ask_for_only_so_many_new_pdfs_a_minute(demo, signed_in, people, settings, monkeypatch):
    import types

    monkeypatch.setattr("config.throttle.time", types.SimpleNamespace(time=lambda: 1_800_000_030.0))  # one minute
    cache.clear()
    settings.PDFS_PER_MINUTE_SIGNED_IN = 2
    signed_in.force_login(people["councillor"])
    codes = [signed_in.get(PDF + f"?months={n}&summary={n % 2}").status_code for n in range(1, 5)]
    assert codes[:2] == [200, 200] and codes[2] == 429
    assert "more new PDFs in the last minute than one person may" in signed_in.get(PDF + "?months=9").content.decode()


@pytest.mark.parametrize("busy", [True, False])
def test_csv_and_excel_never_wait_for_a_pdf_place(demo, signed_in, busy):
    cache.clear()
    if busy:
        with throttle.slot("pdf", 1):
            assert signed_in.get(PDF.replace(".pdf", ".csv")).status_code == 200
    else:
        assert signed_in.get(PDF.replace(".pdf", ".xlsx")).status_code == 200


@pytest.mark.parametrize(
    "title, written",
    [
        ("ASCOF from client-level data", "ASCOF from client-level data"),  # a hyphen stays one
        ('The "Cabinet" scorecard', "The \\22 Cabinet\\22  scorecard"),
        ("Adults & Communities", "Adults & Communities"),  # a style element decodes no entities
        ("a</style><script>", "a\\3c /style\\3e \\3c script\\3e "),  # cannot close the style element
        ("back\\slash\nnew line", "back\\5c slash\\a new line"),
    ],
)
def test_a_pdfs_running_header_is_written_as_a_css_string(title, written):
    from scorecard.templatetags.scorecard_tags import css_string

    assert css_string(title) == written
