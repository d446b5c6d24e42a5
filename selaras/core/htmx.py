"""The full page and its HTMX fragment come from the same URL; this decides which to render."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def render_page_or_fragment(
    request: HttpRequest, page: str, fragment: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    """Render `fragment` for an HTMX request that is not a whole-page boost, else `page`."""
    htmx = getattr(request, "htmx", None)
    partial = bool(htmx) and not getattr(htmx, "boosted", False)
    return render(request, fragment if partial else page, context, status=status)
