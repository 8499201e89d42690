"""Signing in, and lockout after repeated failures."""

from datetime import timedelta

import pytest

from accounts.templatetags.people import wait_in_words

from ..factories import UserFactory

LOGIN = "/accounts/login/"


def attempt(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR="10.1.2.3")


@pytest.mark.django_db
def test_a_wrong_password_and_an_unknown_user_get_the_same_answer(client):
    UserFactory(username="officer-a")
    wrong_password = attempt(client, "officer-a", "not-the-password")
    no_such_user = attempt(client, "nobody-at-all", "not-the-password")
    assert wrong_password.status_code == no_such_user.status_code == 200
    message = "The user name and password do not match an account."
    assert message in wrong_password.content.decode() and message in no_such_user.content.decode()


@pytest.mark.django_db
def test_five_failures_lock_the_user_name_out_even_with_the_right_password(client, settings):
    UserFactory(username="officer-b")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "officer-b", "guess")
    locked = attempt(client, "officer-b", "a-long-test-password")
    assert locked.status_code == 429 and "Signing in is paused" in locked.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_success_before_the_limit_clears_the_count(client, settings):
    UserFactory(username="officer-c")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "officer-c", "guess")
    assert attempt(client, "officer-c", "a-long-test-password").status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "officer-c", "guess")
    assert attempt(client, "officer-c", "a-long-test-password").status_code == 302


@pytest.mark.django_db
def test_login_page_and_failed_login_message(client, officer):
    assert "Sign in" in client.get("/accounts/login/").content.decode()
    response = client.post("/accounts/login/", {"username": "officer-test", "password": "wrong"})
    assert "The user name and password do not match an account" in response.content.decode()
    response = client.post("/accounts/login/", {"username": "officer-test", "password": "a-long-test-password"})
    assert response.status_code == 302 and response["Location"] == "/"


def through_proxy(client, username, password, address):
    """A request as the TLS proxy passes it on: its own REMOTE_ADDR, the client's in X-Forwarded-For."""
    return client.post(
        LOGIN, {"username": username, "password": password}, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=address
    )


@pytest.mark.django_db
def test_behind_a_proxy_a_strangers_guesses_lock_out_only_the_strangers_address(client, settings):
    settings.PROXY_COUNT = 1
    UserFactory(username="officer-d")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        through_proxy(client, "officer-d", "guess", "203.0.113.9")
    assert through_proxy(client, "officer-d", "a-long-test-password", "203.0.113.9").status_code == 429
    # the officer, at another address behind the same proxy, still signs in
    assert through_proxy(client, "officer-d", "a-long-test-password", "198.51.100.4").status_code == 302


@pytest.mark.django_db
def test_failures_during_a_lockout_do_not_extend_it(client, settings):
    from axes.models import AccessAttempt

    UserFactory(username="officer-e")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "officer-e", "guess")
    locked_at = AccessAttempt.objects.get(username="officer-e").attempt_time
    for _ in range(3):
        assert attempt(client, "officer-e", "guess").status_code == 429
    assert AccessAttempt.objects.get(username="officer-e").attempt_time == locked_at


@pytest.mark.django_db
def test_an_administrator_can_unlock_an_account(client, settings):
    from django.core.management import call_command

    UserFactory(username="officer-f")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "officer-f", "guess")
    call_command("axes_reset_username", "officer-f")
    assert attempt(client, "officer-f", "a-long-test-password").status_code == 302


@pytest.mark.django_db
def test_the_lockout_page_states_the_cool_off_the_settings_give(client, settings):
    settings.AXES_COOLOFF_TIME = 0.5
    UserFactory(username="officer-g")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "officer-g", "guess")
    page = attempt(client, "officer-g", "guess")
    assert page.status_code == 429
    assert "Try again in 30 minutes" in page.content.decode()


@pytest.mark.parametrize(
    "length, words",
    [
        (timedelta(hours=1), "an hour"),
        (timedelta(minutes=30), "30 minutes"),
        (timedelta(hours=2, minutes=30), "2 hours 30 minutes"),
        (timedelta(hours=1, minutes=1), "1 hour 1 minute"),
        (timedelta(seconds=5), "1 minute"),
        (None, "a while"),
    ],
)
def test_cool_off_in_words(length, words):
    assert wait_in_words(length) == words
