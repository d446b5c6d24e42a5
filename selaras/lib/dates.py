"""Indonesian dates and the fiscal periods (tahun, triwulan) of a regional government."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
QUARTER_NUMERALS = {1: "I", 2: "II", 3: "III", 4: "IV"}


def format_date(value: dt.date | dt.datetime | None) -> str:
    """2 Februari 2026."""
    if value is None:
        return "-"
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def format_datetime(value: dt.datetime | None) -> str:
    """2 Februari 2026 14.05 (Indonesian writes the time with a dot), in the local time zone
    (WIB for Lampung) whatever zone the value carries."""
    if value is None:
        return "-"
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{format_date(value)} {value:%H.%M}"


def quarter_label(quarter: int, year: int | None = None) -> str:
    """Triwulan II 2026."""
    label = f"Triwulan {QUARTER_NUMERALS[quarter]}"
    return f"{label} {year}" if year else label


def quarter_of(day: dt.date) -> int:
    return (day.month - 1) // 3 + 1


def quarter_bounds(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    """First and last day of a quarter of the fiscal (calendar) year."""
    start = dt.date(year, 3 * quarter - 2, 1)
    end_month = 3 * quarter
    next_first = dt.date(year + (end_month == 12), end_month % 12 + 1, 1)
    return start, next_first - dt.timedelta(days=1)


def today() -> dt.date:
    """Today in the project's time zone. Every "which quarter is it" question asks here, so a
    test fixes the date by replacing this one function (the root conftest's `today` fixture);
    callers look it up on the module (dates.today()) for that reason."""
    return timezone.localdate()


def quarters_begun(tahun: int, day: dt.date) -> int:
    """How many quarters of the year have begun on `day`: 4 for a past year, 0 for a future one."""
    if tahun < day.year:
        return 4
    return quarter_of(day) if tahun == day.year else 0


def quarters_ended(tahun: int, day: dt.date) -> int:
    """How many quarters of the year have ended on `day` (a quarter ends with its last day)."""
    return max(quarters_begun(tahun, day) - (tahun == day.year), 0)


def running_quarter(tahun: int, day: dt.date) -> int | None:
    """The quarter that has begun but not ended on `day` ("berjalan"), if it is in the year."""
    return quarter_of(day) if tahun == day.year else None


def default_quarter(tahun: int, day: dt.date) -> int:
    """The quarter a report of the year opens on: the last one that has ended, or TW I while
    none has (a future year, or the first quarter still running)."""
    return max(quarters_ended(tahun, day), 1)
