"""The cache, which pages can do without: when Redis cannot be reached, a read finds nothing and a
write is skipped, so each page is worked out afresh instead of failing. `/health/` reports the outage."""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable

from django.core.cache.backends.redis import RedisCache
from django.utils.safestring import SafeString, mark_safe
from redis.exceptions import RedisError

log = logging.getLogger(__name__)


class ResilientRedisCache(RedisCache):
    def _unavailable(self, what: str, error: Exception) -> None:
        log.warning("The cache could not be reached (%s): %s", what, error)

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except RedisError as error:
            self._unavailable("get", error)
            return default

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except RedisError as error:
            self._unavailable("get_many", error)
            return {}

    def set(self, key, value, timeout=None, version=None):
        try:
            super().set(key, value, timeout, version)
        except RedisError as error:
            self._unavailable("set", error)

    def set_many(self, data, timeout=None, version=None):
        try:
            return super().set_many(data, timeout, version)
        except RedisError as error:
            self._unavailable("set_many", error)
            return list(data)

    def add(self, key, value, timeout=None, version=None):
        try:
            return super().add(key, value, timeout, version)
        except RedisError as error:
            self._unavailable("add", error)
            return False

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except RedisError as error:
            self._unavailable("delete", error)
            return False

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except RedisError as error:
            self._unavailable("incr", error)
            raise ValueError("the cache cannot be reached") from error

    def touch(self, key, timeout=None, version=None):
        try:
            return super().touch(key, timeout, version)
        except RedisError as error:
            self._unavailable("touch", error)
            return False


class ProcessCache:
    """The last few things this process built from the data (reports, period lists), keyed with the
    data version. They are never changed after they are built, so they can be shared."""

    def __init__(self, size: int = 64):
        self.size = size
        self.items: OrderedDict[tuple, object] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: tuple):
        with self.lock:
            report = self.items.get(key)
            if report is not None:
                self.items.move_to_end(key)
            return report

    def put(self, key: tuple, value) -> None:
        with self.lock:
            self.items[key] = value
            self.items.move_to_end(key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.items.clear()


# One per process, shared by everything built from the data (scorecard reports, national measure-years):
# each key names the data version it was built from.
process_cache = ProcessCache()
# Small indexes many pages read (which national release holds each measure-year, the measures held, the
# councils): kept apart, so a page that builds many reports (a council's profile) never pushes them out.
index_cache = ProcessCache(size=32)


def kept_html(key: str | None, draw: Callable[[], str], seconds: int = 3600) -> SafeString:
    """A piece of a page as drawn for what it shows, or drawn now and kept in the shared cache. `key`
    names everything the piece depends on (the versions of the figures and words it shows, the address
    and what the reader may see), so it is known before anything is read or worked out, and a kept piece
    costs one cache read. With no `key` the piece is drawn and not kept."""
    from django.core.cache import cache

    found = cache.get(key) if key is not None else None
    if found is None:
        found = str(draw())
        if key is not None:
            cache.set(key, found, seconds)
    return mark_safe(found)  # noqa: S308 -- drawn by the product's own templates, which escape it
