"""Every way in authenticates here: the login page, the admin login and the API's HTTP Basic
all end in django.contrib.auth.authenticate(), which asks this backend."""

from __future__ import annotations

from typing import Any

from asgiref.sync import sync_to_async
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from drf_spectacular.authentication import BasicScheme
from rest_framework.authentication import BasicAuthentication
from rest_framework.exceptions import AuthenticationFailed

from selaras.accounts import throttle
from selaras.accounts.models import User

INVALID_LOGIN = "Nama pengguna atau kata sandi salah."


class LoginLocked(PermissionDenied):
    """Raised to stop authenticate() from asking any other backend."""


class ThrottledModelBackend(ModelBackend):
    """Django's model backend behind the shared login throttle, on normalised usernames."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if username is None:
            username = kwargs.get(User.USERNAME_FIELD)
        if username is None or password is None:
            return None
        key = throttle.throttle_key(username)
        address = throttle.client_address(request)
        counted = throttle.tally(key, address)
        message = throttle.refusal(counted)
        if message:
            throttle.record_failure(key, address, refused=True)
            throttle.note_refusal(request, message)
            raise LoginLocked(message)
        user = None
        if "\x00" not in username:  # PostgreSQL refuses NUL in text; no username holds one
            user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            throttle.record_failure(key, address)
        elif counted.pair:
            throttle.clear_failures(key, address)
        return user

    async def aauthenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        # ModelBackend's own async version would skip the throttle.
        return await sync_to_async(self.authenticate)(request, username, password, **kwargs)


class ThrottledBasicAuthentication(BasicAuthentication):
    """DRF's HTTP Basic, answering in Bahasa Indonesia and saying so when the login is locked."""

    def authenticate_credentials(
        self, userid: str, password: str, request: HttpRequest | None = None
    ) -> tuple[User, None]:
        try:
            return super().authenticate_credentials(userid, password, request)
        except AuthenticationFailed:
            raise AuthenticationFailed(throttle.noted_refusal(request) or INVALID_LOGIN) from None


class ThrottledBasicScheme(BasicScheme):
    """Describes ThrottledBasicAuthentication in the OpenAPI schema as plain HTTP Basic."""

    target_class = ThrottledBasicAuthentication
