"""Login throttling: too many failures for one username or address lock it for a while."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from selaras.accounts.models import LoginFailure

IP_ALLOWANCE = 4


def client_ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def is_locked(username: str, ip: str | None) -> bool:
    since = timezone.now() - dt.timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)
    recent = LoginFailure.objects.filter(at__gte=since)
    limit = settings.LOGIN_FAILURE_LIMIT
    if recent.filter(username=username.lower()).count() >= limit:
        return True
    # One office shares one address, so an address gets more room than a username.
    return bool(ip) and recent.filter(ip_address=ip).count() >= limit * IP_ALLOWANCE


def record_failure(username: str, ip: str | None) -> None:
    LoginFailure.objects.create(username=username.lower(), ip_address=ip)


def clear_failures(username: str) -> None:
    LoginFailure.objects.filter(username=username.lower()).delete()
