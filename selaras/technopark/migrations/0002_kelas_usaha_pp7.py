"""Load the PP 7/2021 size-class thresholds from data/aturan/klasifikasi_umkm_pp7_2021.csv."""

from decimal import Decimal

from django.db import migrations

from selaras.core.csvdata import read_rows

NAMES = {"mikro": "Usaha Mikro", "kecil": "Usaha Kecil", "menengah": "Usaha Menengah", "besar": "Usaha Besar"}


def load(apps, schema_editor):
    KelasUsaha = apps.get_model("technopark", "KelasUsaha")
    for order, row in enumerate(read_rows("aturan/klasifikasi_umkm_pp7_2021.csv"), start=1):
        KelasUsaha.objects.update_or_create(
            kode=row["kelas"],
            defaults={
                "nama": NAMES.get(row["kelas"], row["kelas"].title()),
                "urutan": order,
                # Not nullable yet: 0004 turns an empty lower bound into none.
                "modal_di_atas": Decimal(row["modal_usaha_min_exclusive_Rp"] or "0"),
                "modal_sampai": Decimal(row["modal_usaha_max_inclusive_Rp"] or "0") or None,
                "penjualan_di_atas": Decimal(row["penjualan_tahunan_min_exclusive_Rp"] or "0"),
                "penjualan_sampai": Decimal(row["penjualan_tahunan_max_inclusive_Rp"] or "0") or None,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("technopark", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
