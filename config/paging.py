"""The page of a long list a reader asked for (?page=): a page that does not exist is said, and the first
is shown, never an error page. Shared by the upload history, the audit log and the people behind a
client-level figure."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Page, Paginator


def page_asked(request, items, per_page: int, what: str) -> Page:
    """The page of `items` asked for; `what` names the list in the message ('the uploads')."""
    paginator = Paginator(items, per_page)
    text = request.GET.get("page", "1")
    if not text.isdigit() or not 1 <= int(text) <= paginator.num_pages:
        messages.error(request, f"There is no page '{text}' of {what}; the first page is shown.")
        text = "1"
    return paginator.page(int(text))
