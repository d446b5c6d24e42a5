"""The main menu, built once per request from what the user's role may open."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = [
        ("Beranda", reverse("home")),
        ("Renja", reverse("planning:renja_list")),
        ("Renstra", reverse("planning:renstra_list")),
        ("Monitoring", reverse("monitoring:index")),
        ("Technopark", reverse("technopark:umkm_list")),
        ("Referensi", reverse("reference:nomenklatur_list")),
        ("API", reverse("api-docs")),
    ]
    current = request.path
    return {
        "nav_items": [
            {"label": label, "url": url, "active": url != "/" and current.startswith(url)}
            for label, url in items
        ]
    }
