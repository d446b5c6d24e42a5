"""Form fields that read numbers as Indonesian staff write them and name the field in errors."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from selaras.core.params import parse_id
from selaras.lib.numbers import AmbiguousNumber, format_number, parse_decimal


class IndonesianDecimalField(forms.DecimalField):
    """Accepts 1.250.000,50 as well as 1250000.50; refuses text and, unless allowed,
    negative numbers, with a message that names the field."""

    widget = forms.TextInput

    def __init__(self, *args: Any, allow_negative: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("max_digits", 18)
        kwargs.setdefault("decimal_places", 2)
        self.allow_negative = allow_negative
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("inputmode", "decimal")
        self.widget.attrs.setdefault("class", "form-control form-control-sm num")

    def to_python(self, value: Any) -> Decimal | None:
        if value in self.empty_values:
            return None
        try:
            number = parse_decimal(str(value))
        except AmbiguousNumber as exc:
            raise forms.ValidationError(f"{self.label or 'Nilai'}: {exc}", code="ambiguous") from None
        except ValueError:
            raise forms.ValidationError(
                f"{self.label or 'Nilai'} harus berupa angka, bukan '{value}'.", code="invalid"
            ) from None
        if number < 0 and not self.allow_negative:
            raise forms.ValidationError(f"{self.label or 'Nilai'} tidak boleh negatif.", code="negative")
        return number

    def validate(self, value: Any) -> None:
        if value in self.empty_values and self.required:
            raise forms.ValidationError(f"{self.label or 'Nilai'} wajib diisi.", code="required")

    def run_validators(self, value: Any) -> None:
        try:
            super().run_validators(value)
        except forms.ValidationError as exc:
            raise forms.ValidationError(
                f"{self.label or 'Nilai'}: " + " ".join(exc.messages), code="invalid"
            ) from None

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal):
            return format_number(value)
        return value


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Choices by id that refuses what cannot be an id ("²", 0, beyond 64 bits) as an
    invalid choice instead of letting the database overflow on it."""

    def _check_values(self, value: Any) -> Any:
        for pk in value if isinstance(value, list | tuple) else []:
            if parse_id(pk) is None:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                )
        return super()._check_values(value)
