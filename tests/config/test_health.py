"""Health: honest about every service, public, and pages that keep working when the cache is down."""

import pytest
from django.core.cache import caches

DEAD_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1


def test_live_answers_without_checking_anything(client):
    response = client.get("/health/live/")
    assert (response.status_code, response.content, response["Cache-Control"]) == (
        200,
        b"ok",
        "max-age=0, no-cache, no-store, must-revalidate, private",
    )


def test_health_checks_the_database_the_cache_and_storage(db, client, settings):
    settings.REDIS_URL = ""  # tasks in process: no broker or worker to check
    response = client.get("/health/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200, response.content
    assert set(response.json().values()) == {"OK"}
    assert {name.split("(")[0] for name in response.json()} == {"Database", "Cache", "Storage"}


@pytest.fixture
def redis_down(settings):
    """Tasks sent to a worker through a Redis that does not answer, and the page cache there too."""
    settings.REDIS_URL = DEAD_REDIS
    settings.CACHES = {
        "default": {
            "BACKEND": "config.cache.ResilientRedisCache",
            "LOCATION": DEAD_REDIS,
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    yield
    caches["default"].close()


def test_health_says_503_when_redis_is_down(db, client, redis_down):
    response = client.get("/health/", HTTP_ACCEPT="application/json")
    assert response.status_code == 503
    answers = response.json()
    assert [name for name, answer in answers.items() if answer != "OK"] == [
        name for name in answers if name.startswith(("Cache", "Redis", "Ping"))
    ]
    assert any(name.startswith("Redis") for name in answers)


def test_pages_still_render_when_the_cache_is_down(demo, signed_in, redis_down):
    """Each page is worked out afresh instead of failing."""
    for url in (
        "/",
        "/scorecards/cabinet-scorecard/2020-09/",
        "/scorecards/cabinet-scorecard/2020-09/measures/CS09/",
        "/scorecards/monthly-asc-dashboard/2024-09/",
        "/api/scorecards/cabinet-scorecard/2020-09/",
    ):
        assert signed_in.get(url).status_code == 200, url
    assert caches["default"].get("anything") is None
    caches["default"].set("anything", 1)  # a write is skipped, not an error


@pytest.mark.parametrize("accept", ["application/json", "text/html"])
def test_the_public_get_up_or_down_and_never_the_insides(db, client, settings, redis_down, accept):
    outside = {"REMOTE_ADDR": "203.0.113.9", "HTTP_ACCEPT": accept}
    response = client.get("/health/", **outside)
    assert (response.status_code, response.content) == (503, b"down\n")
    settings.REDIS_URL, settings.CACHES = "", {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    response = client.get("/health/", **outside)
    assert (response.status_code, response.content) == (200, b"up\n")


def test_staff_and_the_machine_itself_get_the_detail(db, client, redis_down):
    from ..helpers import person

    outside = {"REMOTE_ADDR": "203.0.113.9", "HTTP_ACCEPT": "application/json"}
    client.force_login(person("on-call", "Performance officer", is_staff=True))
    assert any(name.startswith("Redis") for name in client.get("/health/", **outside).json())
    client.logout()
    local = client.get("/health/", REMOTE_ADDR="127.0.0.1", HTTP_ACCEPT="application/json")
    assert local.status_code == 503 and any(name.startswith("Redis") for name in local.json())
