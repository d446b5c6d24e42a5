"""Realisation of the Renja each quarter, its approval, and the evidence behind it
(Permendagri 86/2017: pengendalian dan evaluasi pelaksanaan Renja).

A Laporan is the quarter of one Unit Kerja in one Renja: it is what the operator submits
(diajukan), the head of the bidang verifies (diverifikasi) and the agency head approves
(disetujui). Its status changes only in monitoring/events.py, each change a LaporanEvent.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import CASCADE, Exists, OuterRef, ProtectedError, Q

from selaras.accounts.models import REPORTER_ROLES
from selaras.accounts.scoping import ScopedQuerySet
from selaras.core.models import PemdaOwnedModel
from selaras.core.validators import year_validators
from selaras.lib.dates import quarter_label

MONEY = {"max_digits": 18, "decimal_places": 2}
NON_NEGATIVE = [MinValueValidator(Decimal(0), "Nilai tidak boleh negatif.")]
QUARTERS = [(1, "Triwulan I"), (2, "Triwulan II"), (3, "Triwulan III"), (4, "Triwulan IV")]
QUARTER_VALIDATORS = [MinValueValidator(1), MaxValueValidator(4)]


def reported_condition() -> Q:
    """Reports whose figures are history: submitted at least once (any step taken), or past
    the draft. Only a report that never left the draft holds figures that may vanish."""
    return ~Q(status=Laporan.Status.DRAFT) | Exists(LaporanEvent.objects.filter(laporan=OuterRef("pk")))


def protect_reported(collector: Any, field: Any, sub_objs: Any, using: str) -> None:
    """on_delete for reports, realisation and evidence: deleting the plan row above them
    (a Renja, indicator or sub kegiatan, directly or by cascade, through any door) takes
    them along only while their quarter was never reported; otherwise the delete is refused
    with ProtectedError naming the reported rows, so that approved history cannot vanish."""
    model = sub_objs.model
    if model is Laporan:
        blocked = sub_objs.filter(reported_condition())
    else:
        rows = list(sub_objs.values_list("pk", "renja_id", "unit_kerja_id", "triwulan"))
        reported = set(
            Laporan.objects.filter(reported_condition(), renja_id__in={r[1] for r in rows}).values_list(
                "renja_id", "unit_kerja_id", "triwulan"
            )
        )
        # Outcome rows (no unit) belong to the whole agency's quarter.
        quarters = {(renja, quarter) for renja, _, quarter in reported}
        blocked_ids = [
            pk
            for pk, renja, unit, quarter in rows
            if ((renja, unit, quarter) in reported if unit else (renja, quarter) in quarters)
        ]
        blocked = model._base_manager.filter(pk__in=blocked_ids)
    found = list(blocked)
    if found:
        raise ProtectedError(
            f"{model._meta.verbose_name_plural} sudah dilaporkan dan tidak boleh terhapus.", set(found)
        )
    CASCADE(collector, field, sub_objs, using)


class ReportingQuerySet(ScopedQuerySet):
    """Rows reported by a Unit Kerja: read like the plan, written by the unit's reporters."""

    pd_path = "renja__perangkat_daerah"
    unit_path = "unit_kerja"

    def unit_condition(self, user: Any) -> Q:
        # Outcome rows (no unit) are reported for the whole agency and read by all of it.
        return Q(**{f"{self.unit_path}_id": user.unit_kerja_id}) | Q(**{f"{self.unit_path}__isnull": True})

    def enterable_by(self, user: Any) -> ReportingQuerySet:
        """Rows the user may fill in: operators and heads of bidang for their own unit,
        planners and administrators for the whole Perangkat Daerah."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        if user.role not in REPORTER_ROLES:
            return self.none()
        rows = self.filter(pemda_id=user.pemda_id, **{f"{self.pd_path}_id": user.perangkat_daerah_id})
        if user.is_unit_scoped:
            rows = rows.filter(**{f"{self.unit_path}_id": user.unit_kerja_id})
        return rows


class TenggatTriwulan(PemdaOwnedModel):
    """Batas waktu pelaporan: the deadline of a quarter's report, set by the administrator."""

    tahun = models.PositiveSmallIntegerField("tahun", validators=year_validators())
    triwulan = models.PositiveSmallIntegerField("triwulan", choices=QUARTERS, validators=QUARTER_VALIDATORS)
    batas = models.DateField("batas waktu")

    class Meta:
        verbose_name = "Batas waktu pelaporan"
        verbose_name_plural = "Batas waktu pelaporan"
        ordering = ["tahun", "triwulan"]
        constraints = [models.UniqueConstraint(fields=["pemda", "tahun", "triwulan"], name="tenggat_unique")]

    def __str__(self) -> str:
        return f"{quarter_label(self.triwulan, self.tahun)}: {self.batas}"


class Laporan(PemdaOwnedModel):
    """Laporan realisasi triwulan: the quarter of one Unit Kerja in one Renja, the unit of
    submission, verification and approval. An approved report locks its rows."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draf"
        DIAJUKAN = "diajukan", "Diajukan"
        DIVERIFIKASI = "diverifikasi", "Diverifikasi"
        DISETUJUI = "disetujui", "Disetujui"

    renja = models.ForeignKey("planning.Renja", on_delete=protect_reported, related_name="laporan")
    unit_kerja = models.ForeignKey(
        "organisations.UnitKerja", on_delete=models.PROTECT, related_name="laporan", verbose_name="unit kerja"
    )
    triwulan = models.PositiveSmallIntegerField("triwulan", choices=QUARTERS, validators=QUARTER_VALIDATORS)
    status = models.CharField("status", max_length=12, choices=Status.choices, default=Status.DRAFT)
    diajukan_pada = models.DateTimeField("diajukan pada", null=True, blank=True)

    objects = ReportingQuerySet.as_manager()

    class Meta:
        verbose_name = "Laporan triwulan"
        verbose_name_plural = "Laporan triwulan"
        ordering = ["renja", "triwulan", "unit_kerja"]
        constraints = [
            models.UniqueConstraint(fields=["renja", "unit_kerja", "triwulan"], name="laporan_unique")
        ]

    def __str__(self) -> str:
        return f"{self.unit_kerja} {quarter_label(self.triwulan, self.renja.tahun)}"

    @property
    def is_open(self) -> bool:
        """Figures may change only while the report is a draft."""
        return self.status == self.Status.DRAFT

    def get_additional_data(self) -> dict[str, int]:
        return {"renja": self.renja_id, "laporan": self.pk, "unit_kerja": self.unit_kerja_id}


class LaporanEvent(PemdaOwnedModel):
    """One step of a report's life: who did what, when, from which status to which, why."""

    class Jenis(models.TextChoices):
        DIAJUKAN = "diajukan", "Diajukan"
        DIKEMBALIKAN = "dikembalikan", "Dikembalikan"
        DIVERIFIKASI = "diverifikasi", "Diverifikasi"
        DISETUJUI = "disetujui", "Disetujui"
        DIBUKA_KEMBALI = "dibuka_kembali", "Dibuka kembali"

    # Events are the record of who did what: never deleted (their report is protected).
    laporan = models.ForeignKey(Laporan, on_delete=models.PROTECT, related_name="events")
    jenis = models.CharField("peristiwa", max_length=16, choices=Jenis.choices)
    dari_status = models.CharField("dari", max_length=12, choices=Laporan.Status.choices)
    ke_status = models.CharField("menjadi", max_length=12, choices=Laporan.Status.choices)
    oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    pada = models.DateTimeField("pada")
    alasan = models.TextField("alasan", blank=True)

    class Meta:
        verbose_name = "Peristiwa laporan"
        verbose_name_plural = "Peristiwa laporan"
        ordering = ["pada", "id"]

    def __str__(self) -> str:
        return f"{self.laporan}: {self.get_jenis_display()}"


class Realisasi(PemdaOwnedModel):
    """Realisasi fisik (K): the value an indicator reached in one quarter, in its unit.

    For an indicator aggregated by `jumlah` it is what the quarter added; for `akhir` the
    value at the end of the quarter; for `rata_rata` the quarter's own value."""

    indikator = models.ForeignKey("planning.Indikator", on_delete=protect_reported, related_name="realisasi")
    renja = models.ForeignKey("planning.Renja", on_delete=protect_reported, related_name="+")
    # The sub kegiatan's unit; empty for the outcome indicators of programs and kegiatan,
    # which the planners report for the whole Perangkat Daerah.
    unit_kerja = models.ForeignKey(
        "organisations.UnitKerja", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    triwulan = models.PositiveSmallIntegerField("triwulan", choices=QUARTERS, validators=QUARTER_VALIDATORS)
    nilai = models.DecimalField("realisasi", **MONEY, null=True, blank=True, validators=NON_NEGATIVE)
    catatan = models.CharField("catatan", max_length=500, blank=True)
    versi = models.PositiveIntegerField(default=1)
    diubah_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ReportingQuerySet.as_manager()

    class Meta:
        verbose_name = "Realisasi kinerja"
        verbose_name_plural = "Realisasi kinerja"
        ordering = ["indikator", "triwulan"]
        constraints = [
            models.UniqueConstraint(fields=["indikator", "triwulan"], name="realisasi_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.indikator} TW {self.triwulan}"

    def get_additional_data(self) -> dict[str, int | None]:
        return {"renja": self.renja_id, "indikator": self.indikator_id, "unit_kerja": self.unit_kerja_id}


NARASI = ("faktor_pendorong", "faktor_penghambat", "tindak_lanjut", "tindak_lanjut_renja")


class RealisasiSubKegiatan(PemdaOwnedModel):
    """What a sub kegiatan spent in one quarter (realisasi keuangan, Rp) with the quarter's
    narrative as form E.81 asks for it: faktor pendorong keberhasilan pencapaian, faktor
    penghambat pencapaian kinerja, tindak lanjut yang diperlukan dalam triwulan berikutnya
    and tindak lanjut yang diperlukan dalam Renja Perangkat Daerah berikutnya (NARASI)."""

    sub_kegiatan = models.ForeignKey(
        "planning.SubKegiatan", on_delete=protect_reported, related_name="realisasi"
    )
    renja = models.ForeignKey("planning.Renja", on_delete=protect_reported, related_name="+")
    unit_kerja = models.ForeignKey("organisations.UnitKerja", on_delete=models.PROTECT, related_name="+")
    triwulan = models.PositiveSmallIntegerField("triwulan", choices=QUARTERS, validators=QUARTER_VALIDATORS)
    anggaran = models.DecimalField(
        "realisasi anggaran", **MONEY, null=True, blank=True, validators=NON_NEGATIVE
    )
    faktor_pendorong = models.TextField("faktor pendorong", blank=True)
    faktor_penghambat = models.TextField("faktor penghambat", blank=True)
    tindak_lanjut = models.TextField("tindak lanjut dalam triwulan berikutnya", blank=True)
    tindak_lanjut_renja = models.TextField("tindak lanjut dalam Renja berikutnya", blank=True)
    versi = models.PositiveIntegerField(default=1)
    diubah_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ReportingQuerySet.as_manager()

    class Meta:
        verbose_name = "Realisasi sub kegiatan"
        verbose_name_plural = "Realisasi sub kegiatan"
        ordering = ["sub_kegiatan", "triwulan"]
        constraints = [
            models.UniqueConstraint(fields=["sub_kegiatan", "triwulan"], name="realisasi_sub_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.sub_kegiatan} TW {self.triwulan}"

    def get_additional_data(self) -> dict[str, int | None]:
        return {
            "renja": self.renja_id,
            "sub_kegiatan": self.sub_kegiatan_id,
            "unit_kerja": self.unit_kerja_id,
        }


class BuktiDukung(PemdaOwnedModel):
    """Bukti dukung: a file (PDF, image, XLSX, DOCX) behind a sub kegiatan's quarter. Stored
    under MEDIA_ROOT (outside the code folder) and served only to users who see the row."""

    sub_kegiatan = models.ForeignKey(
        "planning.SubKegiatan", on_delete=protect_reported, related_name="bukti_dukung"
    )
    renja = models.ForeignKey("planning.Renja", on_delete=protect_reported, related_name="+")
    unit_kerja = models.ForeignKey("organisations.UnitKerja", on_delete=models.PROTECT, related_name="+")
    triwulan = models.PositiveSmallIntegerField("triwulan", choices=QUARTERS, validators=QUARTER_VALIDATORS)
    berkas = models.FileField("berkas", upload_to="bukti/%Y/%m/")
    nama_asli = models.CharField("nama berkas", max_length=255)
    ukuran = models.PositiveIntegerField("ukuran (byte)")
    jenis = models.CharField("jenis", max_length=100)
    diunggah_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = ReportingQuerySet.as_manager()

    class Meta:
        verbose_name = "Bukti dukung"
        verbose_name_plural = "Bukti dukung"
        ordering = ["sub_kegiatan", "triwulan", "id"]

    def __str__(self) -> str:
        return self.nama_asli

    def get_additional_data(self) -> dict[str, int | None]:
        return {
            "renja": self.renja_id,
            "sub_kegiatan": self.sub_kegiatan_id,
            "unit_kerja": self.unit_kerja_id,
        }


class NarasiQuerySet(ScopedQuerySet):
    pd_path = "renstra__perangkat_daerah"


class NarasiEvaluasiRenstra(PemdaOwnedModel):
    """The narrative rows of the evaluasi terhadap hasil Renstra Perangkat Daerah (form E.80,
    Permendagri 86/2017): faktor pendorong keberhasilan pencapaian, faktor penghambat
    pencapaian kinerja, usulan tindak lanjut pada Renja Perangkat Daerah berikutnya and
    pada Renstra Perangkat Daerah berikutnya. One per Renstra: the form covers the whole
    period in one sheet, so its narratives are rewritten as the years pass (the audit log
    keeps each earlier text)."""

    renstra = models.OneToOneField("planning.Renstra", on_delete=CASCADE, related_name="narasi_e80")
    faktor_pendorong = models.TextField("faktor pendorong keberhasilan pencapaian", blank=True)
    faktor_penghambat = models.TextField("faktor penghambat pencapaian kinerja", blank=True)
    tindak_lanjut_renja = models.TextField(
        "usulan tindak lanjut pada Renja Perangkat Daerah berikutnya", blank=True
    )
    tindak_lanjut_renstra = models.TextField(
        "usulan tindak lanjut pada Renstra Perangkat Daerah berikutnya", blank=True
    )

    objects = NarasiQuerySet.as_manager()

    class Meta:
        verbose_name = "Narasi evaluasi Renstra (E.80)"
        verbose_name_plural = "Narasi evaluasi Renstra (E.80)"

    def __str__(self) -> str:
        return f"Narasi E.80 {self.renstra}"

    def get_additional_data(self) -> dict[str, int]:
        """Ties the entry to its Renstra, so the Renstra's history tab shows it."""
        return {"renstra": self.renstra_id}


# The E.80's narrative rows in the order the form prints them.
NARASI_E80 = ("faktor_pendorong", "faktor_penghambat", "tindak_lanjut_renja", "tindak_lanjut_renstra")
