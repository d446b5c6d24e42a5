"""Governments, their agencies and divisions, and the regions they work in."""

from __future__ import annotations

from django.db import models

from selaras.core.models import TimestampedModel


class Pemda(TimestampedModel):
    """Pemerintah Daerah: a kabupaten, kota or provinsi, keyed on its Kemendagri code."""

    class Level(models.TextChoices):
        PROVINSI = "provinsi", "Provinsi"
        KABUPATEN = "kabupaten", "Kabupaten"
        KOTA = "kota", "Kota"

    kode = models.CharField("kode Kemendagri", max_length=5, unique=True)
    nama = models.CharField("nama", max_length=120)
    tingkat = models.CharField("tingkat", max_length=10, choices=Level.choices)
    ibukota = models.CharField("ibu kota", max_length=80, blank=True)

    class Meta:
        verbose_name = "Pemerintah Daerah"
        verbose_name_plural = "Pemerintah Daerah"
        ordering = ["kode"]

    def __str__(self) -> str:
        return self.nama


class PerangkatDaerah(TimestampedModel):
    """Perangkat Daerah (OPD): an agency of a Pemda, such as Balitbangda or Bappeda."""

    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="perangkat_daerah")
    kode = models.CharField("kode", max_length=40, blank=True)
    nama = models.CharField("nama", max_length=200)
    singkatan = models.CharField("singkatan", max_length=40)
    alamat = models.CharField("alamat", max_length=250, blank=True)
    kepala_nama = models.CharField("nama kepala", max_length=120, blank=True)
    kepala_nip = models.CharField("NIP kepala", max_length=30, blank=True)
    kepala_jabatan = models.CharField("jabatan kepala", max_length=120, blank=True)

    class Meta:
        verbose_name = "Perangkat Daerah"
        verbose_name_plural = "Perangkat Daerah"
        ordering = ["pemda", "nama"]
        constraints = [models.UniqueConstraint(fields=["pemda", "singkatan"], name="pd_unique_singkatan")]

    def __str__(self) -> str:
        return self.singkatan or self.nama


class UnitKerja(TimestampedModel):
    """Unit Kerja: a division inside a Perangkat Daerah (bidang, sekretariat or UPT)."""

    class Jenis(models.TextChoices):
        SEKRETARIAT = "sekretariat", "Sekretariat"
        BIDANG = "bidang", "Bidang"
        UPT = "upt", "UPT"

    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="+")
    perangkat_daerah = models.ForeignKey(PerangkatDaerah, on_delete=models.CASCADE, related_name="unit_kerja")
    jenis = models.CharField("jenis", max_length=12, choices=Jenis.choices)
    nama = models.CharField("nama", max_length=200)
    singkatan = models.CharField("singkatan", max_length=40, blank=True)

    class Meta:
        verbose_name = "Unit Kerja"
        verbose_name_plural = "Unit Kerja"
        ordering = ["perangkat_daerah", "jenis", "nama"]
        constraints = [models.UniqueConstraint(fields=["perangkat_daerah", "nama"], name="uk_unique_nama")]

    def __str__(self) -> str:
        return self.singkatan or self.nama

    @property
    def nama_lengkap(self) -> str:
        """The name a user picks from a list: "Bidang Ekonomi dan Pembangunan (EKBANG)"."""
        if self.singkatan and self.singkatan != self.nama:
            return f"{self.nama} ({self.singkatan})"
        return self.nama


class Kecamatan(TimestampedModel):
    """Kecamatan (district), keyed on its Kemendagri code such as 18.02.01."""

    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="kecamatan")
    kode = models.CharField("kode Kemendagri", max_length=8, unique=True)
    nama = models.CharField("nama", max_length=80)
    jumlah_kampung = models.PositiveSmallIntegerField("jumlah kampung", default=0)
    jumlah_kelurahan = models.PositiveSmallIntegerField("jumlah kelurahan", default=0)
    lat = models.DecimalField("lintang", max_digits=9, decimal_places=5, null=True, blank=True)
    lng = models.DecimalField("bujur", max_digits=9, decimal_places=5, null=True, blank=True)
    luas_km2 = models.DecimalField(
        "luas perkiraan (km²)", max_digits=8, decimal_places=1, null=True, blank=True
    )

    class Meta:
        verbose_name = "Kecamatan"
        verbose_name_plural = "Kecamatan"
        ordering = ["kode"]

    def __str__(self) -> str:
        return self.nama


class Kampung(TimestampedModel):
    """Kampung (Lampung Tengah's word for desa) or kelurahan, keyed on its Kemendagri code."""

    class Jenis(models.TextChoices):
        KAMPUNG = "kampung", "Kampung"
        KELURAHAN = "kelurahan", "Kelurahan"

    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="+")
    kecamatan = models.ForeignKey(Kecamatan, on_delete=models.PROTECT, related_name="kampung")
    kode = models.CharField("kode Kemendagri", max_length=13, unique=True)
    nama = models.CharField("nama", max_length=80)
    jenis = models.CharField("jenis", max_length=10, choices=Jenis.choices)

    class Meta:
        verbose_name = "Kampung/Kelurahan"
        verbose_name_plural = "Kampung/Kelurahan"
        ordering = ["kode"]

    def __str__(self) -> str:
        return self.nama
