"""Health, for the load balancer, docker compose and whoever is on call.

/health/        every service the product needs: the database, the cache, file storage and, where
                tasks go to a worker, Redis and a worker that answers. 503 when any is down. The public
                get a plain "up" or "down" and the status code; which service, and where it is, only
                signed-in staff or a request from the machine itself (the container's own check).
/health/live/   the web process answers at all (no checks): for restarting a stuck process, and
                the trivial page the page speed test measures against.
"""

from __future__ import annotations

import datetime as dt
import ipaddress

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.urls import path
from django.views.decorators.cache import never_cache
from health_check.views import HealthCheckView

from .client import client_address


def checks() -> list:
    found = [
        "health_check.checks.Database",
        ("health_check.checks.Cache", {"alias": "default"}),
        "health_check.checks.Storage",
    ]
    if settings.REDIS_URL:
        from redis.asyncio import Redis

        url = settings.REDIS_URL
        found.append(("health_check.contrib.redis.Redis", {"client_factory": lambda: Redis.from_url(url)}))
        found.append(("health_check.contrib.celery.Ping", {"timeout": dt.timedelta(seconds=2)}))
    return found


class Health(HealthCheckView):
    """django-health-check's page, answering 503 (not 500) when something is down, in detail only to
    staff and to the machine itself."""

    async def get(self, request, *args, **kwargs):
        self.checks = checks()
        response = await super().get(request, *args, **kwargs)
        if response.status_code == 500:
            response.status_code = 503
        if not await sees_detail(request):
            up = response.status_code == 200
            return HttpResponse("up\n" if up else "down\n", status=response.status_code, content_type="text/plain")
        return response


async def sees_detail(request) -> bool:
    """Staff signed in, or a request from this machine (loopback, as the client address is read behind
    the configured proxies)."""
    user = await request.auser()
    if user.is_authenticated and user.is_staff:
        return True
    try:
        return ipaddress.ip_address(client_address(request) or "").is_loopback
    except ValueError:
        return False


@login_not_required
@never_cache
def live(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("", login_not_required(Health.as_view()), name="health"),
    path("live/", live, name="live"),
]
