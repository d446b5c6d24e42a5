"""Usaha Mikro has no lower bound (PP 7/2021 Pasal 35(3)a: "sampai dengan paling banyak").

The thresholds are read again from data/aturan/klasifikasi_umkm_pp7_2021.csv, where an
empty threshold now means none, and every business that had no class (a capital, or sales
before PP 7/2021, of 0) is classified again. The class is derived from the figures, so it
is written in bulk without an audit entry of its own.
"""

from decimal import Decimal

from django.db import migrations, models

from selaras.core.csvdata import read_rows


def _amount(text):
    return Decimal(text) if text else None


def reload_thresholds(apps, schema_editor):
    KelasUsaha = apps.get_model("technopark", "KelasUsaha")
    UMKM = apps.get_model("technopark", "UMKM")
    for row in read_rows("aturan/klasifikasi_umkm_pp7_2021.csv"):
        KelasUsaha.objects.filter(kode=row["kelas"]).update(
            modal_di_atas=_amount(row["modal_usaha_min_exclusive_Rp"]),
            modal_sampai=_amount(row["modal_usaha_max_inclusive_Rp"]),
            penjualan_di_atas=_amount(row["penjualan_tahunan_min_exclusive_Rp"]),
            penjualan_sampai=_amount(row["penjualan_tahunan_max_inclusive_Rp"]),
        )
    classes = list(KelasUsaha.objects.order_by("urutan"))
    for umkm in UMKM.objects.filter(kelas__isnull=True).only(
        "pk", "modal_usaha", "omzet_tahunan", "terdaftar_sebelum_pp7"
    ):
        by_sales = umkm.terdaftar_sebelum_pp7
        value = umkm.omzet_tahunan if by_sales else umkm.modal_usaha
        for kelas in classes:
            low = kelas.penjualan_di_atas if by_sales else kelas.modal_di_atas
            high = kelas.penjualan_sampai if by_sales else kelas.modal_sampai
            if (low is None or value > low) and (high is None or value <= high):
                UMKM.objects.filter(pk=umkm.pk).update(kelas=kelas)
                break


def zero_lower_bounds(apps, schema_editor):
    KelasUsaha = apps.get_model("technopark", "KelasUsaha")
    KelasUsaha.objects.filter(modal_di_atas__isnull=True).update(modal_di_atas=0)
    KelasUsaha.objects.filter(penjualan_di_atas__isnull=True).update(penjualan_di_atas=0)


class Migration(migrations.Migration):
    dependencies = [("technopark", "0004_year_range")]

    operations = [
        migrations.AlterField(
            model_name="kelasusaha",
            name="modal_di_atas",
            field=models.DecimalField(
                blank=True, decimal_places=2, max_digits=18, null=True, verbose_name="modal usaha lebih dari"
            ),
        ),
        migrations.AlterField(
            model_name="kelasusaha",
            name="penjualan_di_atas",
            field=models.DecimalField(
                blank=True,
                decimal_places=2,
                max_digits=18,
                null=True,
                verbose_name="penjualan tahunan lebih dari",
            ),
        ),
        migrations.RunPython(reload_thresholds, zero_lower_bounds),
    ]
