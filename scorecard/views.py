"""Pages. Views stay thin: they ask `queries` for what they show."""

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render

from . import queries


def index(request):
    """The scorecards and the periods each has figures for, with links to their data."""
    return render(request, "scorecard/index.html", {"scorecards": queries.list_scorecards()})


@login_not_required
def health(request):
    """For the load balancer and docker compose: the database answers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # noqa: BLE001 - any failure means unhealthy
        return JsonResponse({"database": "unavailable"}, status=503)
    return JsonResponse({"database": "ok"})
