"""manage.py publish_period."""

import io

from django.core.management import call_command


def test_publish_period_command(people):
    out = io.StringIO()
    call_command("publish_period", "monthly-asc-dashboard", "2024-09", "--confirm-missing", stdout=out)
    assert "Published Monthly Adult Social Care dashboard, September 2024." in out.getvalue()


def test_a_quarter_is_published_by_its_address(demo):
    from io import StringIO

    from django.core.management import call_command

    from indicators.models import Target

    Target.objects.filter(measure__code="SH05").update(target=120)
    out = StringIO()
    call_command(
        "publish_period", "quarterly-performance", "2020-21-q2", correct="Capacity target corrected.", stdout=out
    )
    assert "Published version 2 of Performance Reporting" in out.getvalue() and "SH05" in out.getvalue()
