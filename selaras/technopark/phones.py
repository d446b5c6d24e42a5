"""The one rule for an UMKM owner's phone number, used by the model (so every full_clean,
the API included), the form and the import.

An Indonesian number: 9 to 15 digits, optionally starting with +62, 62 or 0; spaces and
dashes (and the dots or brackets people type around an area code) are allowed and
stripped. Anything else, such as "=1+2", is refused rather than stored."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

SEPARATORS = re.compile(r"[\s\-.()\u00a0]")
PHONE = re.compile(r"^(?:\+62\d{7,13}|\d{9,15})$")
RULE = (
    "Telepon harus nomor Indonesia: 9 sampai 15 angka, boleh diawali +62, 62 atau 0, "
    "boleh memakai spasi atau tanda hubung, misalnya 0812-3456-7890."
)


def normalise_phone(value: str | None) -> str:
    """The number with its separators stripped ("" for none), or ValidationError."""
    phone = SEPARATORS.sub("", value or "")
    if phone and not PHONE.match(phone):
        raise ValidationError(RULE, code="telepon")
    return phone


def validate_phone(value: str | None) -> None:
    """The model field's validator: the stored value must already be a valid number."""
    normalise_phone(value)
