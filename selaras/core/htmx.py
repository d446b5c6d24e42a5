"""The full page and its HTMX fragment come from the same URL; this decides which to render."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def render_page_or_fragment(
    request: HttpRequest, page: str, fragment: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    """Render `fragment` for an HTMX request that is not a whole-page boost, else `page`."""
    htmx = getattr(request, "htmx", None)
    partial = bool(htmx) and not getattr(htmx, "boosted", False)
    return render(request, fragment if partial else page, context, status=status)


def client_redirect(request: HttpRequest, url: str, status: int = 204) -> HttpResponse:
    """Send the browser of an HTMX request to `url` (204 with HX-Redirect) and make sure the
    page loads. htmx sets location.href, and a URL that differs from the current one only by
    its #fragment merely scrolls: the form stays filled and no message shows. For that one
    case HX-Refresh asks htmx to reload after moving to the fragment."""
    response = HttpResponse(status=status, headers={"HX-Redirect": url})
    current = urlsplit(request.headers.get("HX-Current-URL", ""))
    target = urlsplit(url)
    if (current.path, current.query) == (target.path, target.query):
        response["HX-Refresh"] = "true"
    return response
