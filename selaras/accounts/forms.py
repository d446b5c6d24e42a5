from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from selaras.accounts import throttle


class ThrottledLoginForm(AuthenticationForm):
    """The login form, refusing further attempts after too many failures."""

    error_messages = {
        "invalid_login": "Nama pengguna atau kata sandi salah.",
        "inactive": "Akun ini tidak aktif.",
        "locked": "Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam 15 menit.",
    }

    def clean(self) -> dict[str, Any]:
        username = self.data.get("username", "")
        ip = throttle.client_ip(self.request) if self.request else None
        if throttle.is_locked(username, ip):
            raise forms.ValidationError(self.error_messages["locked"], code="locked")
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            throttle.record_failure(username, ip)
            raise
        throttle.clear_failures(username)
        return cleaned
