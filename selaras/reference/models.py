"""National reference data, shared by every Pemda: nomenclature and the RPJMN priorities."""

from __future__ import annotations

from django.db import models

from selaras.core.models import TimestampedModel


class Nomenklatur(TimestampedModel):
    """One row of the national nomenclature of planning and budgeting (Permendagri 90/2019):
    an urusan, bidang urusan, program, kegiatan or sub kegiatan, with the sub kegiatan's
    performance indicator and unit where the nomenclature gives them."""

    class Level(models.TextChoices):
        URUSAN = "urusan", "Urusan"
        BIDANG = "bidang", "Bidang Urusan"
        PROGRAM = "program", "Program"
        KEGIATAN = "kegiatan", "Kegiatan"
        SUB_KEGIATAN = "sub_kegiatan", "Sub Kegiatan"

    kode = models.CharField("kode", max_length=20, unique=True)
    level = models.CharField("tingkat", max_length=12, choices=Level.choices, db_index=True)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    nama = models.CharField("nomenklatur", max_length=400)
    indikator = models.CharField("indikator kinerja", max_length=500, blank=True)
    satuan = models.CharField("satuan", max_length=60, blank=True)
    kode_urusan = models.CharField(max_length=1)
    kode_bidang = models.CharField(max_length=2, blank=True)
    kode_program = models.CharField(max_length=2, blank=True)
    kode_level_pemda = models.CharField(max_length=1, blank=True)
    kode_kegiatan = models.CharField(max_length=2, blank=True)
    kode_sub_kegiatan = models.CharField(max_length=4, blank=True)
    kode_lama = models.CharField("kode lama (2019)", max_length=20, blank=True)
    sumber = models.CharField("sumber", max_length=200, blank=True)

    class Meta:
        verbose_name = "Nomenklatur"
        verbose_name_plural = "Nomenklatur"
        ordering = ["kode"]

    def __str__(self) -> str:
        return f"{self.kode} {self.nama}"


class PrioritasNasional(TimestampedModel):
    """Prioritas Nasional of the RPJMN 2025-2029 (the eight Asta Cita)."""

    nomor = models.PositiveSmallIntegerField("nomor", unique=True)
    nama = models.CharField("nama", max_length=500)

    class Meta:
        verbose_name = "Prioritas Nasional"
        verbose_name_plural = "Prioritas Nasional"
        ordering = ["nomor"]

    def __str__(self) -> str:
        return f"PN {self.nomor}: {self.nama}"


class ProgramPrioritas(TimestampedModel):
    """Program Prioritas Presiden (17) of the RPJMN 2025-2029."""

    nomor = models.PositiveSmallIntegerField("nomor", unique=True)
    nama = models.CharField("nama", max_length=500)

    class Meta:
        verbose_name = "Program Prioritas Presiden"
        verbose_name_plural = "Program Prioritas Presiden"
        ordering = ["nomor"]

    def __str__(self) -> str:
        return f"PPP {self.nomor}: {self.nama}"


class QuickWin(TimestampedModel):
    """Program Hasil Terbaik Cepat (the eight quick wins) of the RPJMN 2025-2029."""

    nomor = models.PositiveSmallIntegerField("nomor", unique=True)
    nama = models.CharField("nama", max_length=500)

    class Meta:
        verbose_name = "Program Hasil Terbaik Cepat"
        verbose_name_plural = "Program Hasil Terbaik Cepat"
        ordering = ["nomor"]

    def __str__(self) -> str:
        return f"PHTC {self.nomor}: {self.nama}"


class IsuStrategis(TimestampedModel):
    """Isu Strategis: an editable tag of a Pemda (Kemiskinan, SDM, UMKM, ...)."""

    pemda = models.ForeignKey("organisations.Pemda", on_delete=models.PROTECT, related_name="+")
    nama = models.CharField("nama", max_length=120)
    keterangan = models.CharField("keterangan", max_length=300, blank=True)

    class Meta:
        verbose_name = "Isu Strategis"
        verbose_name_plural = "Isu Strategis"
        ordering = ["nama"]
        constraints = [models.UniqueConstraint(fields=["pemda", "nama"], name="isu_unique_nama")]

    def __str__(self) -> str:
        return self.nama
