"""The main menu, built once per request from what the user's role may open."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

# Who follows the reporting itself: who has not reported, and how late.
COMPLETENESS_ROLES = frozenset({"admin", "perencana", "pimpinan", "kepala_bidang"})
# Who sets the reporting deadlines.
DEADLINE_ROLES = frozenset({"admin"})


def _has_role(user: Any, roles: frozenset[str]) -> bool:
    return bool(user.is_superuser or user.role in roles)


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = [
        ("Beranda", reverse("home")),
        ("Renja", reverse("planning:renja_list")),
        ("Renstra", reverse("planning:renstra_list")),
        ("Monitoring", reverse("monitoring:index")),
    ]
    if _has_role(user, COMPLETENESS_ROLES):
        items.append(("Kelengkapan", reverse("monitoring:completeness_latest")))
    if _has_role(user, DEADLINE_ROLES):
        items.append(("Batas waktu", reverse("monitoring:deadlines")))
    items += [
        ("Technopark", reverse("technopark:umkm_list")),
        ("Referensi", reverse("reference:nomenklatur_list")),
        ("API", reverse("api-docs")),
    ]
    current = request.path
    # Only the closest item is active: a Renja's completeness page is "Kelengkapan", not
    # also "Monitoring".
    matches = [url for _, url in items if url != "/" and current.startswith(url)]
    active = max(matches, key=len, default=None)
    view_name = getattr(request.resolver_match, "view_name", "")
    if view_name == "monitoring:completeness" and _has_role(user, COMPLETENESS_ROLES):
        active = reverse("monitoring:completeness_latest")
    return {"nav_items": [{"label": label, "url": url, "active": url == active} for label, url in items]}
