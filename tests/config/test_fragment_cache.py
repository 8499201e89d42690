"""Page fragments held in each process before the shared cache (`config.cache.FragmentCache`)."""

import pytest
from django.core.cache import caches

from config import cache as fragment_cache
from config.cache import FragmentCache, _NearStore


@pytest.fixture
def fragments(settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "fragments-far"},
        "template_fragments": {"BACKEND": "config.cache.FragmentCache"},
    }
    fragment_cache.near_fragments.clear()
    yield caches["template_fragments"]
    fragment_cache.near_fragments.clear()


def test_a_fragment_kept_is_read_from_the_process_without_asking_the_shared_cache(fragments):
    assert isinstance(fragments, FragmentCache)
    fragments.set("page", "<table>…</table>", 60)
    assert caches["default"].get("page") == "<table>…</table>"  # shared with the other processes
    caches["default"].delete("page")  # as if Redis had lost it, or could not be reached
    assert fragments.get("page") == "<table>…</table>"


def test_a_fragment_another_process_kept_is_read_from_the_shared_cache_and_held(fragments):
    caches["default"].set("page", "drawn elsewhere", 60)
    assert fragments.get("page") == "drawn elsewhere"
    caches["default"].delete("page")
    assert fragments.get("page") == "drawn elsewhere"
    assert fragments.get("missing") is None


def test_delete_and_clear_empty_both(fragments):
    fragments.set("a", "one", 60)
    fragments.set("b", "two", 60)
    fragments.delete("a")
    assert fragments.get("a") is None and fragments.get("b") == "two"
    fragments.clear()
    assert fragments.get("b") is None and caches["default"].get("b") is None


@pytest.mark.parametrize(
    ("puts", "held"),
    [
        ([("a", 25), ("b", 25), ("c", 25)], {"a", "b", "c"}),
        ([("a", 25), ("b", 25), ("c", 25), ("d", 25), ("e", 25)], {"b", "c", "d", "e"}),  # over 100: oldest goes
        ([("a", 20), ("big", 26)], {"a"}),  # more than a quarter of the store is never held
        ([("a", 25), ("a", 25), ("b", 25), ("c", 25), ("d", 25)], {"a", "b", "c", "d"}),  # replaced, not twice
    ],
)
def test_the_store_holds_at_most_its_limit_newest_used_last(puts, held):
    store = _NearStore(limit=100, size=len)
    for key, size in puts:
        store.put(key, "x" * size, None)
    assert {key for key in ("a", "b", "c", "d", "e", "big") if store.get(key) is not None} == held


def test_a_fragment_read_recently_outlives_one_read_earlier():
    store = _NearStore(limit=100, size=len)
    store.put("a", "x" * 25, None)
    store.put("b", "x" * 25, None)
    store.put("c", "x" * 25, None)
    store.get("a")
    store.put("d", "x" * 25, None)
    store.put("e", "x" * 25, None)
    assert store.get("a") is not None and store.get("b") is None


def test_a_fragment_past_its_time_is_not_read(monkeypatch):
    store = _NearStore(limit=100, size=len)
    now = [1000.0]
    monkeypatch.setattr(fragment_cache.time, "monotonic", lambda: now[0])
    store.put("a", "x", 60)
    now[0] += 59
    assert store.get("a") == "x"
    now[0] += 2
    assert store.get("a") is None
