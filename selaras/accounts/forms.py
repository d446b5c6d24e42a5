from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, UsernameField

from selaras.accounts import throttle
from selaras.accounts.authentication import INVALID_LOGIN
from selaras.accounts.usernames import normalize_username


class NormalizedUsernameField(UsernameField):
    """A username field that reads the way usernames are stored (see usernames.py)."""

    def to_python(self, value: Any) -> str:
        return normalize_username(super().to_python(value) or "")


class ThrottleRefusalMixin:
    """Says "too many failures" instead of "wrong password" when the throttle refused.

    The throttle itself lives in the authentication backend, which every login form reaches
    through authenticate(); the form only words the refusal.
    """

    request: Any

    def clean(self) -> dict[str, Any]:
        try:
            return super().clean()  # type: ignore[misc]
        except forms.ValidationError:
            message = throttle.noted_refusal(self.request)
            if message:
                raise forms.ValidationError(message, code="locked") from None
            raise


class ThrottledLoginForm(ThrottleRefusalMixin, AuthenticationForm):
    """The login page's form."""

    username = NormalizedUsernameField(widget=forms.TextInput(attrs={"autofocus": True}))
    error_messages = {
        "invalid_login": INVALID_LOGIN,
        "inactive": "Akun ini tidak aktif.",
    }


class ThrottledAdminLoginForm(ThrottleRefusalMixin, AdminAuthenticationForm):
    """The Django admin's login form, installed on admin.site by AccountsConfig.ready()."""

    username = NormalizedUsernameField(widget=forms.TextInput(attrs={"autofocus": True}))


class ThrottledPasswordChangeForm(PasswordChangeForm):
    """The old password is a password guess like any login: it counts towards the same lock,
    so a session left open does not allow unlimited guessing."""

    def clean_old_password(self) -> str:
        key = throttle.throttle_key(self.user.get_username())
        address = throttle.client_address(getattr(self, "request", None))
        message = throttle.refusal(throttle.tally(key, address))
        if message:
            throttle.record_failure(key, address, refused=True)
            raise forms.ValidationError(message, code="locked")
        try:
            return super().clean_old_password()
        except forms.ValidationError:
            throttle.record_failure(key, address)
            raise
