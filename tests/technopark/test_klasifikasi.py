"""Size classes of PP 7/2021 exactly at each threshold (more than the lower, at most the upper)."""

from __future__ import annotations

import importlib
from decimal import Decimal

import pytest
from django.apps import apps

from selaras.technopark.factories import make_umkm
from selaras.technopark.klasifikasi import classify
from selaras.technopark.models import UMKM, KelasUsaha

migration = importlib.import_module("selaras.technopark.migrations.0005_kelas_usaha_mikro_no_lower_bound")

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


def test_zero_capital_is_mikro():
    # Pasal 35(3)a gives Usaha Mikro no lower bound: "sampai dengan paling banyak" Rp1 M
    assert classify(Decimal(0), Decimal(0), sebelum_pp7=False).kode == "mikro"
    assert classify(Decimal(0), 3000 * M, sebelum_pp7=False).kode == "mikro"


def test_zero_sales_before_pp7_is_mikro():
    assert classify(5000 * M, Decimal(0), sebelum_pp7=True).kode == "mikro"


def test_the_lower_bound_of_mikro_is_none_in_the_data():
    mikro = KelasUsaha.objects.get(kode="mikro")
    assert (mikro.modal_di_atas, mikro.penjualan_di_atas) == (None, None)
    assert (mikro.modal_sampai, mikro.penjualan_sampai) == (1000 * M, 2000 * M)


def test_without_thresholds_nothing_is_classified():
    assert classify(Decimal(0), Decimal(0), sebelum_pp7=False, classes=[]) is None


def test_the_migration_classifies_businesses_left_without_a_class(cast):
    # given a business of capital 0 saved as unclassified under the old thresholds
    umkm = make_umkm(cast.bidang_b, modal_usaha=Decimal(0), omzet_tahunan=Decimal(0))
    UMKM.objects.filter(pk=umkm.pk).update(kelas=None)
    # when the migration runs
    migration.reload_thresholds(apps, None)
    # then it is mikro
    assert UMKM.objects.get(pk=umkm.pk).kelas.kode == "mikro"
