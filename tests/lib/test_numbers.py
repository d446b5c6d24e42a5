from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from selaras.lib.dates import format_date, quarter_bounds, quarter_label
from selaras.lib.numbers import format_number, format_percent, format_rupiah, parse_decimal


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("1250000000"), "Rp 1.250.000.000"),
        (Decimal("1250000.50"), "Rp 1.250.000,50"),
        (Decimal("0"), "Rp 0"),
        (Decimal("999"), "Rp 999"),
        (Decimal("-1500"), "Rp -1.500"),
        (None, "-"),
    ],
)
def test_rupiah_is_written_the_indonesian_way(value, expected):
    assert format_rupiah(value) == expected


def test_numbers_and_percentages():
    assert format_number(Decimal("1250000.5")) == "1.250.000,5"
    assert format_number(Decimal("12.000")) == "12"
    assert format_percent(Decimal("87.5")) == "87,50%"
    assert format_percent(Decimal("100.005")) == "100,01%"
    assert format_percent(None) == "-"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.250.000,50", "1250000.50"),
        ("1250000.50", "1250000.50"),
        ("1.250", "1250"),
        ("Rp 2.000.000", "2000000"),
        ("0,5", "0.5"),
        ("12", "12"),
        ("-3", "-3"),
    ],
)
def test_parse_decimal_reads_what_staff_type(text, expected):
    assert parse_decimal(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["", "abc", "1,2,3", "NaN", "inf"])
def test_parse_decimal_refuses_text_in_indonesian(text):
    with pytest.raises(ValueError, match="angka|kosong"):
        parse_decimal(text)


def test_dates_and_quarters():
    assert format_date(dt.date(2026, 2, 2)) == "2 Februari 2026"
    assert quarter_label(2, 2026) == "Triwulan II 2026"
    assert quarter_bounds(2026, 4) == (dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    assert quarter_bounds(2026, 1) == (dt.date(2026, 1, 1), dt.date(2026, 3, 31))


@pytest.mark.parametrize("text", ["1.2.3", "12.50.000", "1250.000", "1.2,5"])
def test_dots_that_do_not_group_thousands_by_three_are_refused(text):
    with pytest.raises(ValueError, match="bukan angka yang jelas"):
        parse_decimal(text)


def test_well_grouped_numbers_still_read():
    assert parse_decimal("1.250.000,50") == Decimal("1250000.50")
    assert parse_decimal("-1.250") == Decimal("-1250")
    assert parse_decimal("12.5") == Decimal("12.5")
