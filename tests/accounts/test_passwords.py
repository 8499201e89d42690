"""Everyone can change their password; anyone can ask for a reset link by e-mail, which never says
whether the address has an account."""

import re

import pytest
from django.core import mail

from accounts import roles

from ..helpers import person, text

NEW = "correct horse battery staple"


@pytest.mark.django_db
@pytest.mark.parametrize("role", [roles.MANAGER, roles.COUNCILLOR, roles.PERFORMANCE_OFFICER])
def test_every_role_can_change_their_password(client, role):
    user = person(f"someone-{role[:4]}", role)
    user.set_password("an old password of theirs")
    user.save()
    client.force_login(user)
    assert "Change your password" in text(client.get("/accounts/password/"))
    response = client.post(
        "/accounts/password/",
        {"old_password": "an old password of theirs", "new_password1": NEW, "new_password2": NEW},
    )
    assert response.status_code == 302 and response["Location"] == "/accounts/password/changed/"
    user.refresh_from_db()
    assert user.check_password(NEW)
    assert client.get("/").status_code == 200  # still signed in


@pytest.mark.django_db
def test_a_wrong_old_password_says_so_and_changes_nothing(client):
    user = person("changer", roles.MANAGER)
    user.set_password("an old password of theirs")
    user.save()
    client.force_login(user)
    page = text(
        client.post("/accounts/password/", {"old_password": "wrong", "new_password1": NEW, "new_password2": NEW})
    )
    assert "There is a problem" in page and "Old password" in page
    user.refresh_from_db()
    assert user.check_password("an old password of theirs")


@pytest.mark.django_db
def test_a_password_is_reset_through_a_link_sent_by_email(client):
    user = person("forgetful", roles.COUNCILLOR)
    assert "Forgotten your password?" in text(client.get("/accounts/login/"))
    response = client.post("/accounts/password/reset/", {"email": "forgetful@council.example"})
    assert response["Location"] == "/accounts/password/reset/sent/"
    (message,) = mail.outbox
    assert message.to == ["forgetful@council.example"] and "forgetful" in message.body
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/)", message.body).group(1)
    form = client.get(link, follow=True)
    assert "Set a new password" in text(form)
    response = client.post(form.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})
    assert response["Location"] == "/accounts/password/reset/done/"
    user.refresh_from_db()
    assert user.check_password(NEW)
    assert "This link cannot be used" in text(client.get(link, follow=True))  # once only


@pytest.mark.django_db
def test_an_unknown_address_looks_the_same_and_sends_nothing(client):
    response = client.post("/accounts/password/reset/", {"email": "nobody@council.example"})
    assert response["Location"] == "/accounts/password/reset/sent/" and mail.outbox == []


@pytest.mark.django_db
def test_reset_requests_from_one_address_are_limited(client, settings):
    from django.core.cache import cache

    cache.clear()
    settings.PASSWORD_RESETS_PER_MINUTE = 2
    for _ in range(2):
        assert client.post("/accounts/password/reset/", {"email": "x@council.example"}).status_code == 302
    refused = client.post("/accounts/password/reset/", {"email": "x@council.example"})
    assert refused.status_code == 429 and "Wait a minute" in text(refused)
