"""Validators shared by the models, so that pages, the API and imports refuse the same
values with the same message."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator

from selaras.core.params import YEAR_MAX, YEAR_MIN


def year_validators(minimum: int = YEAR_MIN, maximum: int = YEAR_MAX) -> list[MinValueValidator]:
    """A plan's, a baseline's or a deadline's year: 2000-2100 unless said otherwise
    (0, 99999 or 289434782 are typing errors, not years)."""
    message = f"Tahun harus antara {minimum} dan {maximum}."
    return [MinValueValidator(minimum, message), MaxValueValidator(maximum, message)]
