"""The Technopark: the micro and small businesses (UMKM) it mentors, coaches and educates,
the activities themselves with their outcomes per business, snapshots of the businesses over
time, the potential of each kecamatan and the targets allocated from it."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models

from selaras.accounts.scoping import ScopedQuerySet
from selaras.core.models import PemdaOwnedModel, TimestampedModel
from selaras.core.validators import year_validators
from selaras.technopark.phones import validate_phone

MONEY = {"max_digits": 18, "decimal_places": 2}
NON_NEGATIVE = [MinValueValidator(Decimal(0), "Nilai tidak boleh negatif.")]


class KelasUsaha(TimestampedModel):
    """A size class of PP 7/2021 Pasal 35 (mikro, kecil, menengah, besar) with its
    thresholds of business capital and annual sales: more than the lower one (none when
    empty) and at most the upper one (none when empty); the thresholds live in data."""

    kode = models.CharField("kode", max_length=10, unique=True)
    nama = models.CharField("nama", max_length=40)
    urutan = models.PositiveSmallIntegerField("urutan")
    # An empty lower bound is none at all: Pasal 35(3)a gives Usaha Mikro only an upper one
    # ("sampai dengan paling banyak"), so a capital of 0 is mikro.
    modal_di_atas = models.DecimalField("modal usaha lebih dari", **MONEY, null=True, blank=True)
    modal_sampai = models.DecimalField("modal usaha sampai dengan", **MONEY, null=True, blank=True)
    penjualan_di_atas = models.DecimalField("penjualan tahunan lebih dari", **MONEY, null=True, blank=True)
    penjualan_sampai = models.DecimalField("penjualan tahunan sampai dengan", **MONEY, null=True, blank=True)

    class Meta:
        verbose_name = "Kelas usaha"
        verbose_name_plural = "Kelas usaha"
        ordering = ["urutan"]

    def __str__(self) -> str:
        return self.nama


class Sektor(models.TextChoices):
    """KBLI 2020 sections most UMKM fall in."""

    A = "A", "A Pertanian, Kehutanan dan Perikanan"
    C = "C", "C Industri Pengolahan"
    F = "F", "F Konstruksi"
    G = "G", "G Perdagangan Besar dan Eceran"
    H = "H", "H Transportasi dan Pergudangan"
    I = "I", "I Penyediaan Akomodasi dan Makan Minum"  # noqa: E741
    J = "J", "J Informasi dan Komunikasi"
    N = "N", "N Jasa Persewaan dan Penunjang Usaha"
    P = "P", "P Jasa Pendidikan"
    R = "R", "R Kesenian, Hiburan dan Rekreasi"
    S = "S", "S Jasa Lainnya"


class UMKMQuerySet(ScopedQuerySet):
    pd_path = "perangkat_daerah"
    unit_path = "unit_kerja"


class UMKM(PemdaOwnedModel):
    """A business registered with the Technopark. No NIK is stored; the owner's phone is
    shown only to the roles that work with the owner (see technopark/privacy.py)."""

    perangkat_daerah = models.ForeignKey(
        "organisations.PerangkatDaerah", on_delete=models.PROTECT, related_name="+"
    )
    unit_kerja = models.ForeignKey(
        "organisations.UnitKerja", on_delete=models.PROTECT, related_name="+", verbose_name="unit pembina"
    )
    nama_usaha = models.CharField("nama usaha", max_length=200)
    nama_pemilik = models.CharField("nama pemilik", max_length=150)
    telepon = models.CharField("telepon", max_length=30, blank=True, validators=[validate_phone])
    nib = models.CharField("NIB", max_length=20, blank=True, db_index=True)
    sektor = models.CharField("sektor (KBLI)", max_length=1, choices=Sektor.choices)
    produk = models.CharField("produk", max_length=300, blank=True)
    kecamatan = models.ForeignKey("organisations.Kecamatan", on_delete=models.PROTECT, related_name="+")
    kampung = models.ForeignKey("organisations.Kampung", on_delete=models.PROTECT, related_name="+")
    lat = models.DecimalField("lintang", max_digits=9, decimal_places=6, null=True, blank=True)
    lng = models.DecimalField("bujur", max_digits=9, decimal_places=6, null=True, blank=True)
    tahun_mulai = models.PositiveSmallIntegerField(
        "tahun mulai usaha", null=True, blank=True, validators=year_validators(minimum=1900)
    )
    modal_usaha = models.DecimalField("modal usaha", **MONEY, validators=NON_NEGATIVE)
    omzet_tahunan = models.DecimalField("omzet tahunan", **MONEY, validators=NON_NEGATIVE)
    tenaga_kerja = models.PositiveIntegerField("tenaga kerja", default=1)
    terdaftar_sebelum_pp7 = models.BooleanField(
        "terdaftar sebelum PP 7/2021",
        default=False,
        help_text="Kelas usaha dihitung dari penjualan tahunan untuk usaha yang terdaftar sebelum PP 7/2021.",
    )
    punya_nib = models.BooleanField("NIB", default=False)
    spp_irt = models.BooleanField("SPP-IRT", default=False)
    halal = models.BooleanField("Sertifikat Halal", default=False)
    bpom = models.BooleanField("Izin Edar BPOM", default=False)
    merek = models.BooleanField("HKI/Merek", default=False)
    badan_usaha = models.BooleanField("Badan usaha", default=False)
    kelas = models.ForeignKey(KelasUsaha, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    data_contoh = models.BooleanField("data contoh", default=False)

    objects = UMKMQuerySet.as_manager()

    class Meta:
        verbose_name = "UMKM"
        verbose_name_plural = "UMKM"
        ordering = ["nama_usaha"]
        indexes = [models.Index(fields=["pemda", "kecamatan"]), models.Index(fields=["pemda", "nama_usaha"])]

    def __str__(self) -> str:
        return self.nama_usaha

    def save(self, *args: object, **kwargs: object) -> None:
        from selaras.technopark.klasifikasi import classify

        self.kelas = classify(self.modal_usaha, self.omzet_tahunan, self.terdaftar_sebelum_pp7)
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class Aktivitas(PemdaOwnedModel):
    """An activity of the Technopark: pendampingan (a mentor's visit to one business),
    pembinaan (group coaching) or edukasi (training, workshop, socialisation)."""

    class Jenis(models.TextChoices):
        PENDAMPINGAN = "pendampingan", "Pendampingan"
        PEMBINAAN = "pembinaan", "Pembinaan"
        EDUKASI = "edukasi", "Edukasi / Pelatihan / Sosialisasi"

    perangkat_daerah = models.ForeignKey(
        "organisations.PerangkatDaerah", on_delete=models.PROTECT, related_name="+"
    )
    unit_kerja = models.ForeignKey("organisations.UnitKerja", on_delete=models.PROTECT, related_name="+")
    jenis = models.CharField("jenis", max_length=14, choices=Jenis.choices)
    tanggal = models.DateField("tanggal")
    kecamatan = models.ForeignKey("organisations.Kecamatan", on_delete=models.PROTECT, related_name="+")
    kampung = models.ForeignKey(
        "organisations.Kampung", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    topik = models.CharField("topik", max_length=250)
    materi = models.TextField("materi", blank=True)
    pendamping = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    peserta = models.ManyToManyField(UMKM, through="Partisipasi", related_name="aktivitas")
    catatan = models.TextField("catatan", blank=True)
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # A client-made key: a form sent twice after a dropped connection is stored once.
    kunci_kirim = models.CharField(max_length=40, blank=True, db_index=True)
    data_contoh = models.BooleanField("data contoh", default=False)

    objects = UMKMQuerySet.as_manager()

    class Meta:
        verbose_name = "Aktivitas Technopark"
        verbose_name_plural = "Aktivitas Technopark"
        ordering = ["-tanggal", "-id"]
        indexes = [models.Index(fields=["pemda", "tanggal"])]

    def __str__(self) -> str:
        return f"{self.get_jenis_display()} {self.topik}"


class Partisipasi(PemdaOwnedModel):
    """A business's part in an activity and what came out of it for that business."""

    aktivitas = models.ForeignKey(Aktivitas, on_delete=models.CASCADE, related_name="partisipasi")
    umkm = models.ForeignKey(UMKM, on_delete=models.PROTECT, related_name="partisipasi")
    nib_diperoleh = models.BooleanField("NIB diperoleh", default=False)
    halal_diperoleh = models.BooleanField("sertifikat halal diperoleh", default=False)
    spp_irt_diperoleh = models.BooleanField("SPP-IRT diperoleh", default=False)
    merek_didaftarkan = models.BooleanField("merek didaftarkan", default=False)
    produk_baru = models.BooleanField("produk baru", default=False)
    pasar_baru = models.BooleanField("pasar baru", default=False)
    akses_kredit = models.BooleanField("akses kredit", default=False)
    catatan = models.CharField("catatan", max_length=300, blank=True)

    class Meta:
        verbose_name = "Partisipasi"
        verbose_name_plural = "Partisipasi"
        constraints = [models.UniqueConstraint(fields=["aktivitas", "umkm"], name="partisipasi_unique")]

    def __str__(self) -> str:
        return f"{self.umkm} · {self.aktivitas}"


class FotoAktivitas(PemdaOwnedModel):
    """A photo or material file of an activity (stored under MEDIA_ROOT, served by a view)."""

    aktivitas = models.ForeignKey(Aktivitas, on_delete=models.CASCADE, related_name="foto")
    berkas = models.FileField(upload_to="technopark/%Y/%m/")
    nama_asli = models.CharField(max_length=255)
    jenis = models.CharField(max_length=100)
    ukuran = models.PositiveIntegerField()

    class Meta:
        verbose_name = "Foto/materi aktivitas"
        verbose_name_plural = "Foto/materi aktivitas"

    def __str__(self) -> str:
        return self.nama_asli


class Snapshot(PemdaOwnedModel):
    """The state of a business at a date: sales, workers and legal status, for before/after."""

    umkm = models.ForeignKey(UMKM, on_delete=models.CASCADE, related_name="snapshot")
    tanggal = models.DateField("tanggal")
    omzet_tahunan = models.DecimalField("omzet tahunan", **MONEY, validators=NON_NEGATIVE)
    tenaga_kerja = models.PositiveIntegerField("tenaga kerja")
    punya_nib = models.BooleanField("NIB", default=False)
    halal = models.BooleanField("Sertifikat Halal", default=False)
    spp_irt = models.BooleanField("SPP-IRT", default=False)
    merek = models.BooleanField("HKI/Merek", default=False)

    class Meta:
        verbose_name = "Snapshot UMKM"
        verbose_name_plural = "Snapshot UMKM"
        ordering = ["umkm", "tanggal"]
        constraints = [models.UniqueConstraint(fields=["umkm", "tanggal"], name="snapshot_unique")]

    def __str__(self) -> str:
        return f"{self.umkm} {self.tanggal}"


class KriteriaPotensi(PemdaOwnedModel):
    """A weighted, editable criterion of a kecamatan's UMKM potential."""

    class Kode(models.TextChoices):
        JUMLAH_UMKM = "jumlah_umkm", "Jumlah UMKM"
        BELUM_DIBINA = "belum_dibina", "Porsi UMKM belum dibina"
        SEKTOR = "sektor", "Porsi sektor prioritas (industri pengolahan, makan minum)"
        TANPA_NIB = "tanpa_nib", "Porsi UMKM tanpa NIB"
        JARAK = "jarak", "Jarak dari Technopark (Anak Tuha)"

    kode = models.CharField("kriteria", max_length=20, choices=Kode.choices)
    bobot = models.DecimalField("bobot", max_digits=5, decimal_places=2, validators=NON_NEGATIVE)
    makin_tinggi_makin_baik = models.BooleanField(
        "makin tinggi makin berpotensi",
        default=True,
        help_text="Matikan untuk kriteria yang nilainya makin kecil makin berpotensi.",
    )

    class Meta:
        verbose_name = "Kriteria potensi"
        verbose_name_plural = "Kriteria potensi"
        ordering = ["kode"]
        constraints = [models.UniqueConstraint(fields=["pemda", "kode"], name="kriteria_unique")]

    def __str__(self) -> str:
        return self.get_kode_display()


class AlokasiTarget(PemdaOwnedModel):
    """The share of a Technopark indicator's annual target given to one kecamatan: the
    number computed from potential and, when a planner changes it, the number set and why."""

    indikator = models.ForeignKey("planning.Indikator", on_delete=models.CASCADE, related_name="alokasi")
    kecamatan = models.ForeignKey("organisations.Kecamatan", on_delete=models.PROTECT, related_name="+")
    dihitung = models.PositiveIntegerField("hasil perhitungan")
    ditetapkan = models.PositiveIntegerField("ditetapkan")
    alasan = models.CharField("alasan perubahan", max_length=300, blank=True)

    class Meta:
        verbose_name = "Alokasi target"
        verbose_name_plural = "Alokasi target"
        constraints = [models.UniqueConstraint(fields=["indikator", "kecamatan"], name="alokasi_unique")]

    def __str__(self) -> str:
        return f"{self.indikator} {self.kecamatan}: {self.ditetapkan}"
