"""Account pages beyond Django's own: the password change behind the login throttle."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views

from selaras.accounts.forms import ThrottledPasswordChangeForm


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = ThrottledPasswordChangeForm
    template_name = "accounts/password_change.html"

    def get_form(self, form_class: Any = None) -> ThrottledPasswordChangeForm:
        form = super().get_form(form_class)
        form.request = self.request  # the throttle counts by account and address
        return form
