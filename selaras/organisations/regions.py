"""Loading a Pemda's kecamatan and kampung from the shipped Kemendagri-coded CSV files."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from selaras.core.csvdata import read_rows
from selaras.organisations.models import Kampung, Kecamatan, Pemda

LAMPUNG_TENGAH = {
    "kode": "18.02",
    "nama": "Kabupaten Lampung Tengah",
    "tingkat": "kabupaten",
    "ibukota": "Gunung Sugih",
}


@transaction.atomic
def load_lampung_tengah() -> tuple[Pemda, int, int]:
    """Create or update Lampung Tengah with its 28 kecamatan and 311 kampung/kelurahan."""
    pemda, _ = Pemda.objects.update_or_create(
        kode=LAMPUNG_TENGAH["kode"],
        defaults={k: v for k, v in LAMPUNG_TENGAH.items() if k != "kode"},
    )
    kecamatan: dict[str, Kecamatan] = {}
    for row in read_rows("lampung-tengah/kecamatan.csv"):
        kecamatan[row["kode"]], _ = Kecamatan.objects.update_or_create(
            kode=row["kode"],
            defaults={
                "pemda": pemda,
                "nama": row["nama"],
                "jumlah_kampung": int(row["jumlah_kampung"]),
                "jumlah_kelurahan": int(row["jumlah_kelurahan"]),
                "lat": Decimal(row["lat"]),
                "lng": Decimal(row["lng"]),
                "luas_km2": Decimal(row["luas_km2_perkiraan"]),
            },
        )
    existing = {k.kode: k for k in Kampung.objects.filter(pemda=pemda)}
    new, changed = [], []
    for row in read_rows("lampung-tengah/kampung.csv"):
        values = {
            "pemda": pemda,
            "kecamatan": kecamatan[row["kode_kecamatan"]],
            "nama": row["nama"],
            "jenis": row["jenis"],
        }
        if row["kode"] in existing:
            obj = existing[row["kode"]]
            for key, value in values.items():
                setattr(obj, key, value)
            changed.append(obj)
        else:
            new.append(Kampung(kode=row["kode"], **values))
    Kampung.objects.bulk_create(new)
    Kampung.objects.bulk_update(changed, ["pemda", "kecamatan", "nama", "jenis"])
    return pemda, len(kecamatan), len(new) + len(changed)
