"""Requests refused before anything reads them, and signed-in pages kept out of caches."""

import pytest


@pytest.mark.parametrize("path", ["/accounts/login/", "/imports/", "/scorecards/x/2024-09/publish/"])
def test_a_body_larger_than_allowed_is_refused_unread(db, client, path, settings):
    settings.REQUEST_MAX_BODY_BYTES = 1_000
    settings.IMPORT_MAX_UPLOAD_BYTES = 2_000
    limit = 3_000 if path == "/imports/" else 1_000
    response = client.generic("POST", path, b"", CONTENT_LENGTH=str(limit + 1))
    assert response.status_code == 413
    assert response.content.decode() == (
        f"The request is {limit + 1:,} bytes; the most accepted here is {limit:,} bytes."
    )


def test_a_body_without_a_length_is_refused(db, client):
    response = client.generic("POST", "/accounts/login/", b"", HTTP_TRANSFER_ENCODING="chunked", CONTENT_LENGTH="")
    assert response.status_code == 411


@pytest.mark.parametrize(
    "address", ["/admin/indicators/measure/?scorecard=%00", "/admin/indicators/measure/?q=a%00b", "/?x=%00"]
)
def test_an_address_with_a_nul_is_refused_not_a_server_error(admin_client, address):
    response = admin_client.get(address)
    assert response.status_code == 400 and "NUL" in response.content.decode()


def test_pages_for_someone_signed_in_are_never_stored(signed_in, client):
    assert "no-store" in signed_in.get("/").headers["Cache-Control"]
    assert "private" in signed_in.get("/").headers["Cache-Control"]


@pytest.mark.parametrize(
    "proxies, forwarded, address",
    [
        (0, "203.0.113.9", "10.0.0.1"),  # no proxy configured: the header is not trusted at all
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "8.8.8.8, 203.0.113.9", "203.0.113.9"),  # a client cannot choose its address by writing the header
        (2, "8.8.8.8, 203.0.113.9, 198.51.100.7", "203.0.113.9"),
        (1, "", "10.0.0.1"),
    ],
)
def test_the_clients_address_behind_proxies(settings, proxies, forwarded, address):
    from django.test import RequestFactory

    from config.client import client_address

    settings.PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == address
