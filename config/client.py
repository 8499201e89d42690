"""The address a request came from. Behind the TLS proxy (or proxies) the deployment guide asks for,
REMOTE_ADDR is the proxy's for everyone, so the client's address is read from X-Forwarded-For, trusting
only what the `DJANGO_PROXY_COUNT` proxies in front of the site added (django-ipware). With no proxy
configured, REMOTE_ADDR is the client. Used for log-in lockouts and for limiting anonymous downloads."""

from __future__ import annotations

from django.conf import settings
from ipware import get_client_ip


def client_address(request) -> str | None:
    if not settings.PROXY_COUNT:
        return request.META.get("REMOTE_ADDR")
    # Each of our proxies appends the address it was reached from; the first of them (N-th from the right)
    # saw the client. django-ipware counts the proxies listed before the one REMOTE_ADDR names, hence N - 1.
    address, _routable = get_client_ip(
        request,
        proxy_order="left-most",
        proxy_count=settings.PROXY_COUNT - 1,
        request_header_order=("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"),
        strict=False,
    )
    return address or request.META.get("REMOTE_ADDR")
