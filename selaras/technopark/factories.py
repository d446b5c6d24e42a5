"""Small builders of Technopark records for tests, benchmarks and the demo."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from selaras.organisations.models import Kampung, UnitKerja
from selaras.technopark.models import UMKM, Aktivitas, Partisipasi


def make_umkm(unit: UnitKerja, kampung: Kampung | None = None, **values: Any) -> UMKM:
    kampung = kampung or Kampung.objects.filter(pemda_id=unit.pemda_id).order_by("kode").first()
    fields: dict[str, Any] = {
        "nama_usaha": "Keripik Pisang Makmur",
        "nama_pemilik": "Siti Aminah",
        "telepon": "081234567890",
        "sektor": "C",
        "produk": "Keripik pisang",
        "modal_usaha": Decimal(25_000_000),
        "omzet_tahunan": Decimal(120_000_000),
        "tenaga_kerja": 3,
        **values,
    }
    return UMKM.objects.create(
        pemda_id=unit.pemda_id,
        perangkat_daerah_id=unit.perangkat_daerah_id,
        unit_kerja=unit,
        kecamatan_id=kampung.kecamatan_id,
        kampung=kampung,
        **fields,
    )


def record_activity(
    unit: UnitKerja, jenis: str, tanggal: dt.date, umkm: Iterable[UMKM], by: Any = None, **outcomes: bool
) -> Aktivitas:
    """An activity with its participants; `outcomes` (nib_diperoleh=True, ...) apply to each."""
    businesses = list(umkm)
    place = businesses[0] if businesses else None
    aktivitas = Aktivitas.objects.create(
        pemda_id=unit.pemda_id,
        perangkat_daerah_id=unit.perangkat_daerah_id,
        unit_kerja=unit,
        jenis=jenis,
        tanggal=tanggal,
        kecamatan_id=place.kecamatan_id if place else None,
        kampung_id=place.kampung_id if place else None,
        topik=f"{jenis.title()} {tanggal:%d-%m}",
        dibuat_oleh=by,
    )
    for business in businesses:
        Partisipasi.objects.create(pemda_id=unit.pemda_id, aktivitas=aktivitas, umkm=business, **outcomes)
    return aktivitas
