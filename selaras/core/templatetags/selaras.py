"""Template filters for the user's language: Rupiah, numbers, percentages and dates."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import template

from selaras.lib import dates, numbers

register = template.Library()


@register.filter
def rupiah(value: Decimal | int | None) -> str:
    return numbers.format_rupiah(value)


@register.filter
def uang(value: Decimal | int | None) -> str:
    """An amount in a column headed (Rp): 175.500.000 or 1.000,50."""
    return numbers.format_amount(value)


@register.filter
def angka(value: Decimal | int | None, places: int | None = None) -> str:
    return numbers.format_number(value, places)


@register.filter
def persen(value: Decimal | None) -> str:
    return numbers.format_percent(value)


@register.filter
def tanggal(value: dt.date | None) -> str:
    return dates.format_date(value)


@register.filter
def waktu(value: dt.datetime | None) -> str:
    from django.utils import timezone

    if value is None:
        return "-"
    return dates.format_datetime(timezone.localtime(value))


SAMPLE_NOTE = "Angka pada halaman ini adalah nilai contoh untuk demonstrasi, bukan data resmi."


@register.inclusion_tag("core/_data_contoh.html")
def data_contoh(shown: bool = True, note: str = SAMPLE_NOTE) -> dict[str, object]:
    """The one "data contoh" mark of a page that shows sample figures: once per page, near
    its heading, never on every row."""
    return {"shown": bool(shown), "note": note}
