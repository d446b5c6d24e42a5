"""The size class of a business by PP 7/2021 Pasal 35: by business capital, or by annual
sales for a business registered before the regulation. The thresholds come from
data/aturan/klasifikasi_umkm_pp7_2021.csv, loaded into KelasUsaha by the migration
technopark 0002 (and again by 0004, which reads an empty threshold as none); never from
code."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from selaras.technopark.models import KelasUsaha


def classify(
    modal: Decimal, omzet: Decimal, sebelum_pp7: bool, classes: Iterable[KelasUsaha] | None = None
) -> KelasUsaha | None:
    """The class whose band holds the capital (or, before PP 7/2021, the annual sales):
    more than the lower threshold and at most the upper one, a missing threshold being no
    bound. Usaha Mikro has no lower one (Pasal 35(3)a: "sampai dengan paling banyak"), so a
    capital or sales of 0 is mikro. None only when no band holds the value."""
    for kelas in classes if classes is not None else KelasUsaha.objects.order_by("urutan"):
        low, high = (
            (kelas.penjualan_di_atas, kelas.penjualan_sampai)
            if sebelum_pp7
            else (kelas.modal_di_atas, kelas.modal_sampai)
        )
        value = omzet if sebelum_pp7 else modal
        if (low is None or value > low) and (high is None or value <= high):
            return kelas
    return None
