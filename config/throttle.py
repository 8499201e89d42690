"""How often one address may ask for something costly, counted per minute in the cache (shared by
every web process when it is Redis). When the cache is down, requests are let through: a slow page is
better than a refused one."""

from __future__ import annotations

import time

from django.core.cache import cache

from .client import client_address


def allowed(request, what: str, per_minute: int) -> bool:
    key = f"throttle:{what}:{client_address(request)}:{int(time.time() // 60)}"
    if cache.add(key, 1, timeout=90):
        return True
    try:
        return cache.incr(key) <= per_minute
    except ValueError:  # the count expired or the cache cannot be reached
        return True
