"""Guards every request passes before anything reads it.

* `RequestLimits`: a body larger than allowed is refused (413) before a byte of it is read, and so is a
  body with no stated length; an address with a NUL character is refused (400), since no page or
  database takes one.
* `PrivatePages`: a page for someone signed in (which may show drafts) is never kept by the browser's
  or a proxy's cache.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers, patch_cache_control

from .sizes import file_size


def _refusal(status: int, message: str) -> HttpResponse:
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


class RequestLimits:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.META.get("QUERY_STRING", "") or "%00" in request.META.get("QUERY_STRING", ""):
            return _refusal(400, "The address holds a NUL character, which no page accepts.")
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            if request.path == settings.CLD_UPLOAD_PATH:
                limit = settings.CLD_MAX_UPLOAD_BYTES + settings.REQUEST_MAX_BODY_BYTES
            elif request.path.startswith(settings.UPLOAD_PATH):
                limit = settings.IMPORT_MAX_UPLOAD_BYTES + settings.REQUEST_MAX_BODY_BYTES
            else:
                limit = settings.REQUEST_MAX_BODY_BYTES
            length = request.META.get("CONTENT_LENGTH") or ""
            if not length.isdigit():
                if request.META.get("HTTP_TRANSFER_ENCODING") or length:
                    return _refusal(411, "The request must say how long its body is.")
            elif int(length) > limit:
                return _refusal(
                    413, f"The request is {file_size(int(length))}; the most accepted here is {file_size(limit)}."
                )
        return self.get_response(request)


class PrivatePages:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
        return response
