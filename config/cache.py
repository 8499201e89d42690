"""The cache, which pages can do without: when Redis cannot be reached, a read finds nothing and a
write is skipped, so each page is worked out afresh instead of failing. `/health/` reports the outage.
One redis-py client per connection pool serves every call."""

from __future__ import annotations

import logging
import sys
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

log = logging.getLogger(__name__)


class _ReusedClient(RedisCacheClient):
    """Django makes a new redis-py client for every cache call, and a client copies its table of reply
    handlers as it is made (about half a millisecond); a page asks the cache three times. One client per
    connection pool serves every call: the client is safe to share, the pool hands out connections."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _ReusedClient

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


class _NearStore:
    """Page fragments held in this process, newest used last, up to `limit` bytes of memory in all (`size`
    of each)."""

    def __init__(self, limit: int, size=sys.getsizeof):
        self.limit = limit
        self._size_of = size
        self._held: OrderedDict[str, tuple[float | None, str]] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, key: str) -> str | None:
        with self._lock:
            found = self._held.get(key)
            if found is None:
                return None
            expires, value = found
            if expires is not None and expires <= time.monotonic():
                self._drop(key)
                return None
            self._held.move_to_end(key)
            return value

    def put(self, key: str, value: str, timeout: float | None) -> None:
        if self._size_of(value) > self.limit // 4:  # one page may not push out most of the others
            return
        with self._lock:
            if key in self._held:
                self._drop(key)
            self._held[key] = (None if timeout is None else time.monotonic() + timeout, value)
            self._size += self._size_of(value)
            while self._size > self.limit:
                self._drop(next(iter(self._held)))

    def _drop(self, key: str) -> None:
        _expires, value = self._held.pop(key)
        self._size -= self._size_of(value)

    def discard(self, key: str) -> None:
        with self._lock:
            if key in self._held:
                self._drop(key)

    def clear(self) -> None:
        with self._lock:
            self._held.clear()
            self._size = 0


near_fragments = _NearStore(limit=settings.PAGE_FRAGMENTS_IN_PROCESS_MB * 1_000_000)


class FragmentCache(BaseCache):
    """The `{% cache %}` tag's cache: page fragments read from this process's memory first, then from the
    shared cache (`default`). A warm 200-measure page's fragment is over half a megabyte; fetching it from
    Redis costs more than the rest of the request. Every fragment's key names the data version, so a
    fragment held here is never out of date: a change of the data is a new key in every process."""

    def __init__(self, location, params):
        super().__init__(params)

    @property
    def _far(self) -> BaseCache:
        return caches["default"]

    def get(self, key, default=None, version=None):
        full = self._far.make_key(key, version)
        value = near_fragments.get(full)
        if value is not None:
            return value
        value = self._far.get(key, default, version)
        if isinstance(value, str):
            near_fragments.put(full, value, self._far.get_backend_timeout(DEFAULT_TIMEOUT))
        return value

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._far.set(key, value, timeout, version)
        if isinstance(value, str):
            near_fragments.put(self._far.make_key(key, version), value, self._far.get_backend_timeout(timeout))

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        added = self._far.add(key, value, timeout, version)
        if added and isinstance(value, str):
            near_fragments.put(self._far.make_key(key, version), value, self._far.get_backend_timeout(timeout))
        return added

    def delete(self, key, version=None):
        near_fragments.discard(self._far.make_key(key, version))
        return self._far.delete(key, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._far.touch(key, timeout, version)

    def has_key(self, key, version=None):
        return near_fragments.get(self._far.make_key(key, version)) is not None or self._far.has_key(key, version)

    def clear(self):
        near_fragments.clear()
        self._far.clear()


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
