"""Signing in, and lockout after repeated failures."""

import pytest

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
