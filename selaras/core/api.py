"""What every app's REST API shares that needs no model: the key of errors that belong to
no field, and the translation of Django's ValidationError (raised by a model's full_clean or
a domain function) into DRF's 400 body keyed by the payload's field names.

The scoped viewset bases live with the planning API (selaras/planning/api.py), because they
need the accounts' scoping, which core does not import.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework.settings import api_settings

NON_FIELD = api_settings.NON_FIELD_ERRORS_KEY


def validation_errors(
    exc: DjangoValidationError, api_name: Callable[[str], str] = str
) -> dict[str, list[str]]:
    """Django's ValidationError as DRF error details, each model field named by `api_name`
    (the payload key the client sent), errors of no field under `non_field_errors`."""
    if not hasattr(exc, "error_dict"):
        return {NON_FIELD: list(exc.messages)}
    return {
        NON_FIELD if name == NON_FIELD_ERRORS else api_name(name): list(messages)
        for name, messages in exc.message_dict.items()
    }
