"""The agency's plans: Renstra (five years) and Renja (one year), in the national nomenclature.

A Renja is a tree Program -> Kegiatan -> SubKegiatan. Each level carries Indikator rows
with a typed target; each SubKegiatan carries its Pagu and Prakiraan Maju.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from selaras.accounts.scoping import ScopedQuerySet
from selaras.core.models import PemdaOwnedModel
from selaras.core.validators import year_validators
from selaras.lib.numbers import format_rupiah

MONEY = {"max_digits": 18, "decimal_places": 2}
NON_NEGATIVE = [MinValueValidator(Decimal(0), "Nilai tidak boleh negatif.")]


class Polaritas(models.TextChoices):
    """Polarisasi of an indicator: which direction is good. Whether the target is a number or
    a range (target and target_atas) is a separate matter, open to every polarity."""

    NAIK = "naik", "Naik (makin tinggi makin baik)"
    TURUN = "turun", "Turun (makin rendah makin baik)"
    STABIL = "stabil", "Stabil (tetap di dalam rentang target)"


POLARITAS_TIDAK_DIKENAL = (
    "Polaritas harus naik, turun atau stabil; target berupa rentang diisi dengan batas atasnya."
)
RANGE_HELP = "Isi bila target berupa rentang: target adalah batas bawah. Wajib untuk polaritas stabil."


class Agregasi(models.TextChoices):
    JUMLAH = "jumlah", "Jumlah triwulan"
    AKHIR = "akhir", "Nilai triwulan terakhir"
    RATA_RATA = "rata_rata", "Rata-rata triwulan"


class SumberDana(models.TextChoices):
    PAD = "PAD", "PAD"
    DAU = "DAU", "DAU"
    DAK = "DAK", "DAK"
    DBH = "DBH", "DBH"
    BANKEU = "BANKEU", "Bantuan Keuangan Provinsi"
    LAINNYA = "LAINNYA", "Lainnya"


# --- Renja ------------------------------------------------------------------------------


class RenjaQuerySet(ScopedQuerySet):
    pd_path = "perangkat_daerah"


RENJA_FINAL_MESSAGE = (
    "Renja ini berstatus Final: isinya sudah ditetapkan dan terkunci. "
    "Ubah status menjadi Perubahan (dengan alasan) untuk mengubahnya."
)


class RenjaLocked(Exception):
    """A change to a Renja whose status is final: its rows (sub kegiatan, indicators, pagu)
    stay as agreed until the status becomes perubahan, with a reason."""

    def __init__(self) -> None:
        super().__init__(RENJA_FINAL_MESSAGE)


class Renja(PemdaOwnedModel):
    """Rencana Kerja Perangkat Daerah: the agency's work plan for one year. A final Renja is
    the agreed plan: its rows change only after the status becomes perubahan, with a
    reason recorded in its history."""

    class Status(models.TextChoices):
        RANCANGAN = "rancangan", "Rancangan"
        FINAL = "final", "Final"
        PERUBAHAN = "perubahan", "Perubahan"

    perangkat_daerah = models.ForeignKey(
        "organisations.PerangkatDaerah", on_delete=models.PROTECT, related_name="renja"
    )
    tahun = models.PositiveSmallIntegerField("tahun", validators=year_validators())
    status = models.CharField("status", max_length=10, choices=Status.choices, default="rancangan")
    renstra = models.ForeignKey(
        "planning.Renstra", on_delete=models.SET_NULL, null=True, blank=True, related_name="renja"
    )
    disalin_dari = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    data_contoh = models.BooleanField("data contoh", default=False)

    objects = RenjaQuerySet.as_manager()

    class Meta:
        verbose_name = "Renja"
        verbose_name_plural = "Renja"
        ordering = ["perangkat_daerah", "-tahun"]
        constraints = [
            models.UniqueConstraint(fields=["perangkat_daerah", "tahun"], name="renja_unique_year")
        ]

    def __str__(self) -> str:
        return f"Renja {self.perangkat_daerah} {self.tahun}"

    def get_additional_data(self) -> dict[str, int | str | None]:
        data: dict[str, int | str | None] = {"renja": self.pk}
        if getattr(self, "alasan_status", ""):  # set by the status change, shown in the history
            data["alasan"] = self.alasan_status
        return data

    @property
    def is_locked_for_edit(self) -> bool:
        return self.status == self.Status.FINAL

    def check_open_for_edit(self) -> None:
        """The one rule of the pages and the API: a final Renja's rows are not changed."""
        if self.is_locked_for_edit:
            raise RenjaLocked()

    def status_change_errors(self, after: str | None, alasan: str) -> dict[str, str]:
        """Why the status may not move to `after` with this reason (field -> message), for
        the page's form and the API alike: a final Renja opens again only as perubahan,
        with a reason the history records (set `alasan_status` before saving)."""
        if self.status != self.Status.FINAL or not after or after == self.status:
            return {}
        if after != self.Status.PERUBAHAN:
            return {"status": "Renja Final hanya dapat diubah statusnya menjadi Perubahan."}
        if not alasan:
            return {"alasan": "Alasan perubahan wajib diisi untuk mengubah Renja Final menjadi Perubahan."}
        return {}


def renja_of(row: models.Model) -> Renja:
    """The Renja a plan row (program, kegiatan, sub kegiatan, indicator) belongs to."""
    return row if isinstance(row, Renja) else row.renja  # type: ignore[attr-defined]


class RenjaRowQuerySet(ScopedQuerySet):
    pd_path = "renja__perangkat_daerah"


class Program(PemdaOwnedModel):
    """Program of a Renja, from the nomenclature (outcome level)."""

    renja = models.ForeignKey(Renja, on_delete=models.CASCADE, related_name="programs")
    nomenklatur = models.ForeignKey(
        "reference.Nomenklatur",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": "program"},
        verbose_name="program",
    )

    objects = RenjaRowQuerySet.as_manager()

    class Meta:
        verbose_name = "Program"
        verbose_name_plural = "Program"
        ordering = ["nomenklatur__kode"]
        constraints = [models.UniqueConstraint(fields=["renja", "nomenklatur"], name="program_unique")]

    def __str__(self) -> str:
        return str(self.nomenklatur)

    def get_additional_data(self) -> dict[str, int]:
        """Ties the audit entry to its Renja, so the Renja's history shows every row."""
        return {"renja": self.renja_id}


class Kegiatan(PemdaOwnedModel):
    """Kegiatan of a Renja program, from the nomenclature."""

    renja = models.ForeignKey(Renja, on_delete=models.CASCADE, related_name="kegiatan")
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="kegiatan")
    nomenklatur = models.ForeignKey(
        "reference.Nomenklatur",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": "kegiatan"},
        verbose_name="kegiatan",
    )

    objects = RenjaRowQuerySet.as_manager()

    class Meta:
        verbose_name = "Kegiatan"
        verbose_name_plural = "Kegiatan"
        ordering = ["nomenklatur__kode"]
        constraints = [models.UniqueConstraint(fields=["renja", "nomenklatur"], name="kegiatan_unique")]

    def __str__(self) -> str:
        return str(self.nomenklatur)

    def get_additional_data(self) -> dict[str, int]:
        """Ties the audit entry to its Renja, so the Renja's history shows every row."""
        return {"renja": self.renja_id}


class SubKegiatanQuerySet(RenjaRowQuerySet):
    unit_path = "unit_kerja"


ANGGARAN_KAS_FIELDS = ("anggaran_kas_tw1", "anggaran_kas_tw2", "anggaran_kas_tw3", "anggaran_kas_tw4")


class SubKegiatan(PemdaOwnedModel):
    """Sub Kegiatan of a Renja: the budgeted unit of work, with its Pagu for the year,
    the Prakiraan Maju for the next, the responsible Unit Kerja and its location, and its
    anggaran kas (rencana penarikan dana per triwulan; blank: the pagu spread evenly)."""

    renja = models.ForeignKey(Renja, on_delete=models.CASCADE, related_name="sub_kegiatan")
    kegiatan = models.ForeignKey(Kegiatan, on_delete=models.CASCADE, related_name="sub_kegiatan")
    nomenklatur = models.ForeignKey(
        "reference.Nomenklatur",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": "sub_kegiatan"},
        verbose_name="sub kegiatan",
    )
    unit_kerja = models.ForeignKey(
        "organisations.UnitKerja",
        on_delete=models.PROTECT,
        related_name="sub_kegiatan",
        verbose_name="unit penanggung jawab",
    )
    seluruh_kabupaten = models.BooleanField("lokasi seluruh kabupaten", default=True)
    kecamatan = models.ManyToManyField(
        "organisations.Kecamatan", blank=True, related_name="sub_kegiatan", verbose_name="kecamatan"
    )
    sumber_dana = models.CharField(
        "sumber dana", max_length=10, choices=SumberDana.choices, default=SumberDana.PAD
    )
    pagu = models.DecimalField("pagu", **MONEY, default=Decimal(0), validators=NON_NEGATIVE)
    prakiraan_maju = models.DecimalField(
        "prakiraan maju", **MONEY, default=Decimal(0), validators=NON_NEGATIVE
    )
    anggaran_kas_tw1 = models.DecimalField(
        "anggaran kas TW I", **MONEY, null=True, blank=True, validators=NON_NEGATIVE
    )
    anggaran_kas_tw2 = models.DecimalField(
        "anggaran kas TW II", **MONEY, null=True, blank=True, validators=NON_NEGATIVE
    )
    anggaran_kas_tw3 = models.DecimalField(
        "anggaran kas TW III", **MONEY, null=True, blank=True, validators=NON_NEGATIVE
    )
    anggaran_kas_tw4 = models.DecimalField(
        "anggaran kas TW IV", **MONEY, null=True, blank=True, validators=NON_NEGATIVE
    )
    prioritas_nasional = models.ManyToManyField(
        "reference.PrioritasNasional", blank=True, related_name="+", verbose_name="prioritas nasional"
    )
    program_prioritas = models.ManyToManyField(
        "reference.ProgramPrioritas",
        blank=True,
        related_name="+",
        verbose_name="program prioritas presiden",
    )
    quick_win = models.ManyToManyField(
        "reference.QuickWin", blank=True, related_name="+", verbose_name="quick win"
    )
    isu_strategis = models.ManyToManyField(
        "reference.IsuStrategis",
        blank=True,
        related_name="sub_kegiatan",
        verbose_name="isu strategis",
    )
    keterangan = models.CharField("keterangan", max_length=300, blank=True)

    objects = SubKegiatanQuerySet.as_manager()

    class Meta:
        verbose_name = "Sub Kegiatan"
        verbose_name_plural = "Sub Kegiatan"
        ordering = ["nomenklatur__kode"]
        constraints = [models.UniqueConstraint(fields=["renja", "nomenklatur"], name="subkegiatan_unique")]

    def __str__(self) -> str:
        return str(self.nomenklatur)

    def get_additional_data(self) -> dict[str, int]:
        """Ties the audit entry to its Renja and its unit, so the Renja's history shows every
        row to those who see the row, also after the row is deleted."""
        return {"renja": self.renja_id, "sub_kegiatan": self.pk, "unit_kerja": self.unit_kerja_id}

    @property
    def anggaran_kas(self) -> list[Decimal] | None:
        """The planned disbursement of TW I..IV as entered, or None when it is left blank."""
        values = [getattr(self, name) for name in ANGGARAN_KAS_FIELDS]
        return values if all(v is not None for v in values) else None

    @property
    def rencana_kas(self) -> list[Decimal]:
        """The anggaran kas, or the pagu spread evenly over the quarters when none is given."""
        return self.anggaran_kas or [self.pagu / 4] * 4

    def clean(self) -> None:
        values = [getattr(self, name) for name in ANGGARAN_KAS_FIELDS]
        given = [v is not None for v in values]
        if any(given) and not all(given):
            raise ValidationError(
                {
                    name: "Isi juga anggaran kas triwulan ini, atau kosongkan keempatnya "
                    "(kosong berarti pagu dibagi rata per triwulan)."
                    for name, filled in zip(ANGGARAN_KAS_FIELDS, given, strict=True)
                    if not filled
                }
            )
        if all(given) and self.pagu is not None:
            total = sum(values, Decimal(0))
            if total != self.pagu:
                raise ValidationError(
                    {
                        "anggaran_kas_tw4": f"Jumlah anggaran kas TW I–IV ({format_rupiah(total)}) tidak "
                        f"sama dengan pagu ({format_rupiah(self.pagu)}); sesuaikan, atau kosongkan "
                        "keempatnya agar pagu dibagi rata."
                    }
                )


class IndikatorQuerySet(RenjaRowQuerySet):
    unit_path = "sub_kegiatan__unit_kerja"

    def unit_condition(self, user: Any) -> Q:
        # Outcome indicators of programs and kegiatan are shared by the whole agency.
        return Q(sub_kegiatan__isnull=True) | Q(sub_kegiatan__unit_kerja_id=user.unit_kerja_id)


class Indikator(PemdaOwnedModel):
    """Indikator Kinerja of a program (outcome), kegiatan or sub kegiatan (output), typed by
    unit, polarity and aggregation over the quarters, with the year's target and the four
    quarterly targets."""

    renja = models.ForeignKey(Renja, on_delete=models.CASCADE, related_name="indikator")
    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, null=True, blank=True, related_name="indikator"
    )
    kegiatan = models.ForeignKey(
        Kegiatan, on_delete=models.CASCADE, null=True, blank=True, related_name="indikator"
    )
    sub_kegiatan = models.ForeignKey(
        SubKegiatan, on_delete=models.CASCADE, null=True, blank=True, related_name="indikator"
    )
    uraian = models.CharField("indikator", max_length=500)
    satuan = models.CharField("satuan", max_length=60)
    polaritas = models.CharField("polaritas", max_length=8, choices=Polaritas.choices, default=Polaritas.NAIK)
    agregasi = models.CharField(
        "agregasi triwulan", max_length=10, choices=Agregasi.choices, default=Agregasi.JUMLAH
    )
    kondisi_awal = models.DecimalField(
        "kondisi awal", **MONEY, null=True, blank=True, validators=NON_NEGATIVE
    )
    tahun_kondisi_awal = models.PositiveSmallIntegerField(
        "tahun kondisi awal", null=True, blank=True, validators=year_validators()
    )
    target = models.DecimalField("target", **MONEY, validators=NON_NEGATIVE)
    target_atas = models.DecimalField(
        "batas atas target",
        **MONEY,
        null=True,
        blank=True,
        validators=NON_NEGATIVE,
        help_text=RANGE_HELP,
    )
    target_tw1 = models.DecimalField("target TW I", **MONEY, null=True, blank=True, validators=NON_NEGATIVE)
    target_tw2 = models.DecimalField("target TW II", **MONEY, null=True, blank=True, validators=NON_NEGATIVE)
    target_tw3 = models.DecimalField("target TW III", **MONEY, null=True, blank=True, validators=NON_NEGATIVE)
    target_tw4 = models.DecimalField("target TW IV", **MONEY, null=True, blank=True, validators=NON_NEGATIVE)
    per_kecamatan = models.BooleanField("dipilah per kecamatan", default=False)
    sumber_otomatis = models.CharField(
        "sumber realisasi otomatis",
        max_length=40,
        blank=True,
        help_text="Bila diisi, realisasi triwulan dihitung dari catatan (misalnya UMKM yang didampingi) "
        "dan tidak diisi manual.",
    )
    renstra_indikator = models.ForeignKey(
        "planning.RenstraIndikator",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="indikator Renstra",
        help_text="Indikator Renstra yang diturunkan; dipakai evaluasi E.81 (kolom 5 dan 6).",
    )

    objects = IndikatorQuerySet.as_manager()

    class Meta:
        verbose_name = "Indikator"
        verbose_name_plural = "Indikator"
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(program__isnull=False, kegiatan__isnull=True, sub_kegiatan__isnull=True)
                    | Q(program__isnull=True, kegiatan__isnull=False, sub_kegiatan__isnull=True)
                    | Q(program__isnull=True, kegiatan__isnull=True, sub_kegiatan__isnull=False)
                ),
                name="indikator_one_owner",
            )
        ]

    def __str__(self) -> str:
        return self.uraian

    def get_additional_data(self) -> dict[str, int | None]:
        """Ties the audit entry to its Renja, sub kegiatan and unit, for their history tabs
        (an outcome indicator has no unit: the whole Perangkat Daerah reads it)."""
        unit = None
        if self.sub_kegiatan_id:
            loaded = Indikator._meta.get_field("sub_kegiatan").get_cached_value(self, None)
            if loaded is not None:
                unit = loaded.unit_kerja_id
            else:
                # Gone already when the sub kegiatan's delete cascades here: the entry then
                # names no unit and only the Perangkat Daerah's planners read it.
                parent = SubKegiatan.objects.filter(pk=self.sub_kegiatan_id)
                unit = parent.values_list("unit_kerja_id", flat=True).first()
        return {"renja": self.renja_id, "sub_kegiatan": self.sub_kegiatan_id, "unit_kerja": unit}

    @property
    def quarterly_targets(self) -> list[Decimal | None]:
        return [self.target_tw1, self.target_tw2, self.target_tw3, self.target_tw4]

    @property
    def owner(self) -> Program | Kegiatan | SubKegiatan | None:
        return self.program or self.kegiatan or self.sub_kegiatan

    def clean(self) -> None:
        errors: dict[str, str] = {}
        range_error = range_target_error(self.polaritas, self.target, self.target_atas)
        if range_error:
            errors["target_atas"] = range_error
        quarters = self.quarterly_targets
        complete = all(q is not None for q in quarters)
        if self.agregasi == Agregasi.JUMLAH and self.target is not None and complete:
            total = sum(quarters, Decimal(0))  # type: ignore[arg-type]
            error = quarterly_sum_error(total, self.target, self.target_atas)
            if error:
                errors["target_tw4"] = error
        if errors:
            raise ValidationError(errors)


def range_target_error(polaritas: str, target: Decimal | None, target_atas: Decimal | None) -> str:
    """What is wrong with a target's range, or "": a range needs lower <= upper, and stabil
    ("stay inside") has nothing to stay inside without one."""
    if target_atas is None:
        if polaritas == Polaritas.STABIL:
            return "Batas atas target wajib diisi untuk polaritas stabil (target berupa rentang)."
        return ""
    if target is not None and target > target_atas:
        return "Batas atas target tidak boleh lebih kecil dari batas bawah (target)."
    return ""


def quarterly_sum_error(total: Decimal, target: Decimal, target_atas: Decimal | None) -> str:
    """For jumlah, the four quarterly targets are the year's target split up, so they add up
    to it; for a range target, to a figure inside the range (any such year meets the target,
    so the plan may aim anywhere in it). "" when they do."""
    if target_atas is None:
        if total == target:
            return ""
        return (
            f"Jumlah target triwulan ({total.normalize():f}) tidak sama dengan target "
            f"tahunan ({target.normalize():f}) untuk agregasi jumlah."
        )
    if target <= total <= target_atas:
        return ""
    return (
        f"Jumlah target triwulan ({total.normalize():f}) harus berada dalam rentang target "
        f"tahunan ({target.normalize():f}–{target_atas.normalize():f}) untuk agregasi jumlah."
    )


# --- Renstra ----------------------------------------------------------------------------


class Renstra(PemdaOwnedModel):
    """Rencana Strategis Perangkat Daerah: tujuan, sasaran, program, kegiatan and sub
    kegiatan for five years, with indicators, a target and a pagu for every year."""

    perangkat_daerah = models.ForeignKey(
        "organisations.PerangkatDaerah", on_delete=models.PROTECT, related_name="renstra"
    )
    tahun_awal = models.PositiveSmallIntegerField("tahun awal", validators=year_validators())
    tahun_akhir = models.PositiveSmallIntegerField("tahun akhir", validators=year_validators())
    data_contoh = models.BooleanField("data contoh", default=False)

    objects = RenjaQuerySet.as_manager()

    class Meta:
        verbose_name = "Renstra"
        verbose_name_plural = "Renstra"
        ordering = ["perangkat_daerah", "-tahun_awal"]
        constraints = [
            models.UniqueConstraint(fields=["perangkat_daerah", "tahun_awal"], name="renstra_unique_period")
        ]

    def __str__(self) -> str:
        return f"Renstra {self.perangkat_daerah} {self.tahun_awal}-{self.tahun_akhir}"

    def get_additional_data(self) -> dict[str, int | None]:
        return {"renstra": self.pk}

    @property
    def years(self) -> list[int]:
        return list(range(self.tahun_awal, self.tahun_akhir + 1))


class RenstraRowQuerySet(ScopedQuerySet):
    pd_path = "renstra__perangkat_daerah"


class Tujuan(PemdaOwnedModel):
    """Tujuan (goal) of a Renstra."""

    renstra = models.ForeignKey(Renstra, on_delete=models.CASCADE, related_name="tujuan")
    kode = models.CharField("kode", max_length=20)
    uraian = models.CharField("tujuan", max_length=500)

    objects = RenstraRowQuerySet.as_manager()

    class Meta:
        verbose_name = "Tujuan"
        verbose_name_plural = "Tujuan"
        ordering = ["kode"]

    def __str__(self) -> str:
        return f"{self.kode} {self.uraian}"

    def get_additional_data(self) -> dict[str, int]:
        return {"renstra": self.renstra_id}


class Sasaran(PemdaOwnedModel):
    """Sasaran (objective) under a Renstra's tujuan."""

    renstra = models.ForeignKey(Renstra, on_delete=models.CASCADE, related_name="sasaran")
    tujuan = models.ForeignKey(Tujuan, on_delete=models.CASCADE, related_name="sasaran")
    kode = models.CharField("kode", max_length=20)
    uraian = models.CharField("sasaran", max_length=500)

    objects = RenstraRowQuerySet.as_manager()

    class Meta:
        verbose_name = "Sasaran"
        verbose_name_plural = "Sasaran"
        ordering = ["kode"]

    def __str__(self) -> str:
        return f"{self.kode} {self.uraian}"

    def get_additional_data(self) -> dict[str, int]:
        return {"renstra": self.renstra_id}


class RenstraItem(PemdaOwnedModel):
    """A program, kegiatan or sub kegiatan of a Renstra, with a pagu for each year."""

    renstra = models.ForeignKey(Renstra, on_delete=models.CASCADE, related_name="items")
    sasaran = models.ForeignKey(
        Sasaran, on_delete=models.SET_NULL, null=True, blank=True, related_name="items"
    )
    nomenklatur = models.ForeignKey("reference.Nomenklatur", on_delete=models.PROTECT, related_name="+")

    objects = RenstraRowQuerySet.as_manager()

    class Meta:
        verbose_name = "Program/Kegiatan Renstra"
        verbose_name_plural = "Program/Kegiatan Renstra"
        ordering = ["nomenklatur__kode"]
        constraints = [models.UniqueConstraint(fields=["renstra", "nomenklatur"], name="renstra_item_unique")]

    def __str__(self) -> str:
        return str(self.nomenklatur)

    def get_additional_data(self) -> dict[str, int]:
        return {"renstra": self.renstra_id}


class RenstraIndikator(PemdaOwnedModel):
    """An indicator of a Renstra's tujuan, sasaran, program, kegiatan or sub kegiatan,
    with its baseline (kondisi awal) and a target for every year of the period."""

    renstra = models.ForeignKey(Renstra, on_delete=models.CASCADE, related_name="indikator")
    tujuan = models.ForeignKey(
        Tujuan, on_delete=models.CASCADE, null=True, blank=True, related_name="indikator"
    )
    sasaran = models.ForeignKey(
        Sasaran, on_delete=models.CASCADE, null=True, blank=True, related_name="indikator"
    )
    item = models.ForeignKey(
        RenstraItem, on_delete=models.CASCADE, null=True, blank=True, related_name="indikator"
    )
    uraian = models.CharField("indikator", max_length=500)
    satuan = models.CharField("satuan", max_length=60)
    polaritas = models.CharField("polaritas", max_length=8, choices=Polaritas.choices, default=Polaritas.NAIK)
    kondisi_awal = models.DecimalField("kondisi awal", **MONEY, null=True, blank=True)
    tahun_kondisi_awal = models.PositiveSmallIntegerField(
        "tahun kondisi awal", null=True, blank=True, validators=year_validators()
    )

    objects = RenstraRowQuerySet.as_manager()

    class Meta:
        verbose_name = "Indikator Renstra"
        verbose_name_plural = "Indikator Renstra"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.uraian

    def get_additional_data(self) -> dict[str, int]:
        return {"renstra": self.renstra_id}


class RenstraTarget(PemdaOwnedModel):
    """The target of a Renstra indicator for one year, and its realisation for a year
    before the agency used Selaras (data capaian tahun-tahun sebelumnya)."""

    indikator = models.ForeignKey(RenstraIndikator, on_delete=models.CASCADE, related_name="targets")
    tahun = models.PositiveSmallIntegerField("tahun", validators=year_validators())
    target = models.DecimalField("target", **MONEY, validators=NON_NEGATIVE)
    target_atas = models.DecimalField("batas atas", **MONEY, null=True, blank=True, validators=NON_NEGATIVE)
    # Entered by planners for the years of the period before the agency used Selaras; a
    # year the system holds quarterly Realisasi for is read from those instead.
    realisasi = models.DecimalField("realisasi", **MONEY, null=True, blank=True, validators=NON_NEGATIVE)

    class Meta:
        verbose_name = "Target Renstra"
        verbose_name_plural = "Target Renstra"
        ordering = ["tahun"]
        constraints = [models.UniqueConstraint(fields=["indikator", "tahun"], name="renstra_target_unique")]

    def __str__(self) -> str:
        return f"{self.indikator} {self.tahun}"

    def get_additional_data(self) -> dict[str, int]:
        """Ties the audit entry to its Renstra, so the Renstra's history shows it."""
        return {"renstra": self.indikator.renstra_id}


class RenstraPagu(PemdaOwnedModel):
    """The indicative pagu of a Renstra program, kegiatan or sub kegiatan for one year, and
    its budget realisation for a year before the agency used Selaras."""

    item = models.ForeignKey(RenstraItem, on_delete=models.CASCADE, related_name="pagu")
    tahun = models.PositiveSmallIntegerField("tahun", validators=year_validators())
    pagu = models.DecimalField("pagu indikatif", **MONEY, validators=NON_NEGATIVE)
    # The budget realisation of a year before Selaras, as for RenstraTarget.realisasi.
    realisasi = models.DecimalField(
        "realisasi anggaran", **MONEY, null=True, blank=True, validators=NON_NEGATIVE
    )

    class Meta:
        verbose_name = "Pagu Renstra"
        verbose_name_plural = "Pagu Renstra"
        ordering = ["tahun"]
        constraints = [models.UniqueConstraint(fields=["item", "tahun"], name="renstra_pagu_unique")]

    def __str__(self) -> str:
        return f"{self.item} {self.tahun}"

    def get_additional_data(self) -> dict[str, int]:
        """Ties the audit entry to its Renstra, so the Renstra's history shows it."""
        return {"renstra": self.item.renstra_id}
