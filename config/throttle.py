"""How often one address may ask for something costly, counted per minute in the cache (shared by
every web process when it is Redis). When the cache is down, requests are let through: a slow page is
better than a refused one."""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

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


_MISSING = object()
_process_slots: dict[str, threading.BoundedSemaphore] = {}
_slots_lock = threading.Lock()


@contextmanager
def slot(what: str, at_once: int, seconds: int = 120) -> Iterator[bool]:
    """One of `at_once` places for costly work shared by every web process (in the cache), so that such
    work can never take up every process and starve page requests. Yields whether a place was had; it is
    given back at the end, or expires after `seconds` if the process died. When the cache cannot be
    reached, this process's own places are used instead."""
    token = secrets.token_hex(8)
    keys = [f"slot:{what}:{n}" for n in range(at_once)]
    taken = next((key for key in keys if cache.add(key, token, timeout=seconds)), None)
    if taken is not None:
        try:
            yield True
        finally:
            if cache.get(taken) == token:
                cache.delete(taken)
        return
    if any(cache.get(key, _MISSING) is not _MISSING for key in keys):
        yield False  # every place is taken
        return
    with _slots_lock:  # the cache cannot be reached: count in this process
        places = _process_slots.setdefault(what, threading.BoundedSemaphore(at_once))
    if not places.acquire(blocking=False):
        yield False
        return
    try:
        yield True
    finally:
        places.release()
