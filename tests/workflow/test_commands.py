"""manage.py publish_period."""

import io

from django.core.management import call_command


def test_publish_period_command(people):
    out = io.StringIO()
    call_command("publish_period", "monthly-asc-dashboard", "2024-09", "--confirm-missing", stdout=out)
    assert "Published Monthly Adult Social Care dashboard, September 2024." in out.getvalue()
