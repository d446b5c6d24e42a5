"""Size classes of PP 7/2021 exactly at each threshold (more than the lower, at most the upper)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from selaras.technopark.klasifikasi import classify

pytestmark = pytest.mark.django_db
M = Decimal(1_000_000)


@pytest.mark.parametrize(
    ("modal", "expected"),
    [
        (Decimal(1), "mikro"),
        (1000 * M, "mikro"),
        (1000 * M + Decimal("0.01"), "kecil"),
        (5000 * M, "kecil"),
        (5000 * M + 1, "menengah"),
        (10_000 * M, "menengah"),
        (10_000 * M + 1, "besar"),
    ],
)
def test_class_by_business_capital(modal, expected):
    assert classify(modal, Decimal(0), sebelum_pp7=False).kode == expected


@pytest.mark.parametrize(
    ("omzet", "expected"),
    [
        (2000 * M, "mikro"),
        (2000 * M + 1, "kecil"),
        (15_000 * M, "kecil"),
        (15_000 * M + 1, "menengah"),
        (50_000 * M, "menengah"),
        (50_000 * M + 1, "besar"),
    ],
)
def test_class_by_annual_sales_for_businesses_registered_before_pp7(omzet, expected):
    assert classify(Decimal(1), omzet, sebelum_pp7=True).kode == expected


def test_zero_capital_has_no_class():
    assert classify(Decimal(0), Decimal(0), sebelum_pp7=False) is None
