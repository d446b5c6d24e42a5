"""Response headers that no Django setting covers: Permissions-Policy and no-store.

Django's SecurityMiddleware sends HSTS, nosniff, Referrer-Policy and COOP, and django-csp
sends the Content-Security-Policy; this middleware adds the rest.

Anything answered to a signed-in user may carry personal data (UMKM owners' phones,
realisation figures, exports), so it must not stay in a browser's or a proxy's cache:
such responses get ``Cache-Control: no-store, private`` unless the view chose its own
caching. Static files never reach this middleware (WhiteNoise answers them earlier), and
pages for anonymous visitors (login, public pages) keep their defaults.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

NO_STORE = "no-store, private"


def permissions_policy(features: dict[str, list[str]]) -> str:
    """`{"camera": [], "geolocation": ["self"]}` -> `camera=(), geolocation=(self)`."""
    return ", ".join(f"{name}=({' '.join(allow)})" for name, allow in features.items())


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        self.permissions_policy = permissions_policy(getattr(settings, "PERMISSIONS_POLICY", {}))

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if self.permissions_policy:
            response.headers.setdefault("Permissions-Policy", self.permissions_policy)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "Cache-Control" not in response:
            response["Cache-Control"] = NO_STORE
        return response
