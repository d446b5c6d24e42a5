"""Demo Technopark data (generated sample values, marked data contoh): about 450 UMKM across
the 28 kecamatan, more of them near the Technopark in Anak Tuha and in the market towns,
and about 60 activities in 2026 (pendampingan, pembinaan, edukasi) with outcomes, wired
to the Renja's Technopark indicators, whose realisation then fills itself."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction

from selaras.accounts.models import Role, User
from selaras.organisations.models import Kampung, Kecamatan, UnitKerja
from selaras.planning.models import Agregasi, Indikator, Renja
from selaras.technopark.klasifikasi import classify
from selaras.technopark.legal import apply_legal_outcomes
from selaras.technopark.models import UMKM, Aktivitas, KelasUsaha, Partisipasi, Snapshot

SEED = 2026
BUSINESSES = 450
ACTIVITIES = 60
# Kecamatan with a denser UMKM population in the sample (market towns and the Technopark).
DENSE = {
    "Anak Tuha": 4,
    "Gunung Sugih": 3,
    "Terbanggi Besar": 4,
    "Bandar Jaya": 3,
    "Kalirejo": 2,
    "Punggur": 2,
    "Trimurjo": 2,
    "Seputih Banyak": 2,
}
PRODUCTS = [
    ("C", "Keripik", ["pisang", "singkong", "tempe", "talas"]),
    ("C", "Kopi bubuk", ["robusta", "luwak", "jahe"]),
    ("C", "Gula merah", ["aren", "kelapa"]),
    ("C", "Kerajinan", ["tapis", "anyaman bambu", "sulam usus"]),
    ("I", "Warung makan", ["pindang", "seruit", "bakso"]),
    ("I", "Kue", ["lapis legit", "engkak", "bolu"]),
    ("G", "Toko kelontong", ["sembako", "pakan ternak"]),
    ("A", "Budidaya", ["lele", "jamur tiram", "madu klanceng"]),
    ("S", "Jasa", ["jahit", "servis motor", "cukur"]),
]
FIRST = [
    "Siti",
    "Sri",
    "Wayan",
    "Made",
    "Ahmad",
    "Budi",
    "Nur",
    "Dewi",
    "Agus",
    "Rina",
    "Joko",
    "Yuli",
    "Putu",
    "Hendra",
    "Ratna",
    "Slamet",
    "Eka",
    "Fitri",
    "Bambang",
    "Lestari",
]
LAST = [
    "Aminah",
    "Wahyuni",
    "Suarta",
    "Susilo",
    "Hidayat",
    "Santoso",
    "Rahmawati",
    "Pratama",
    "Kurniawan",
    "Saputra",
    "Handayani",
    "Setiawan",
    "Lubis",
    "Siregar",
    "Astuti",
]
TOPICS = {
    Aktivitas.Jenis.PENDAMPINGAN: [
        "Pendampingan pengurusan NIB",
        "Pendampingan kemasan produk",
        "Pendampingan sertifikasi halal",
        "Pendampingan pencatatan keuangan",
    ],
    Aktivitas.Jenis.PEMBINAAN: [
        "Pembinaan kelompok pangan olahan",
        "Pembinaan pemasaran digital",
        "Pembinaan akses pembiayaan KUR",
    ],
    Aktivitas.Jenis.EDUKASI: [
        "Pelatihan foto produk",
        "Sosialisasi sertifikasi halal self-declare",
        "Pelatihan kemasan dan label",
        "Workshop marketplace",
    ],
}


@transaction.atomic
def build_technopark(renja: Renja) -> int:
    """Create the sample UMKM and activities once; returns the number of UMKM."""
    unit = UnitKerja.objects.get(perangkat_daerah_id=renja.perangkat_daerah_id, singkatan="TECHNOPARK")
    if UMKM.objects.filter(perangkat_daerah_id=renja.perangkat_daerah_id, data_contoh=True).exists():
        return UMKM.objects.filter(perangkat_daerah_id=renja.perangkat_daerah_id).count()
    rng = random.Random(SEED)
    businesses = _businesses(unit, rng)
    _activities(renja, unit, businesses, rng)
    _wire_indicators(renja)
    return len(businesses)


def _businesses(unit: UnitKerja, rng: random.Random) -> list[UMKM]:
    kecamatan = list(Kecamatan.objects.filter(pemda_id=unit.pemda_id).order_by("kode"))
    kampung_by_kec: dict[int, list[Kampung]] = {}
    for kampung in Kampung.objects.filter(pemda_id=unit.pemda_id).order_by("kode"):
        kampung_by_kec.setdefault(kampung.kecamatan_id, []).append(kampung)
    weights = [DENSE.get(k.nama, 1) for k in kecamatan]
    classes = list(KelasUsaha.objects.order_by("urutan"))
    rows = []
    for _ in range(BUSINESSES):
        kec = rng.choices(kecamatan, weights)[0]
        kampung = rng.choice(kampung_by_kec[kec.pk])
        sektor, kind, variants = rng.choice(PRODUCTS)
        variant = rng.choice(variants)
        modal = Decimal(rng.choice([5, 10, 15, 25, 40, 60, 100, 250, 600, 1500])) * 1_000_000
        omzet = (modal * Decimal(rng.choice(["1.5", "2", "3", "4"]))).quantize(Decimal(1000))
        before = rng.random() < 0.3
        has_nib = rng.random() < 0.45
        rows.append(
            UMKM(
                pemda_id=unit.pemda_id,
                perangkat_daerah_id=unit.perangkat_daerah_id,
                unit_kerja=unit,
                nama_usaha=f"{kind} {variant.title()} {rng.choice(LAST)}",
                nama_pemilik=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                telepon=f"08{rng.randint(11, 59)}{rng.randint(10_000_000, 99_999_999)}",
                nib=f"{rng.randint(10**12, 10**13 - 1)}" if has_nib else "",
                sektor=sektor,
                produk=f"{kind} {variant}",
                kecamatan=kec,
                kampung=kampung,
                tahun_mulai=rng.randint(2008, 2025),
                modal_usaha=modal,
                omzet_tahunan=omzet,
                tenaga_kerja=rng.randint(1, 12),
                terdaftar_sebelum_pp7=before,
                punya_nib=has_nib,
                spp_irt=sektor in {"C", "I"} and rng.random() < 0.3,
                halal=sektor in {"C", "I"} and rng.random() < 0.2,
                merek=rng.random() < 0.1,
                badan_usaha=rng.random() < 0.05,
                kelas=classify(modal, omzet, before, classes),
                data_contoh=True,
            )
        )
    return UMKM.objects.bulk_create(rows)


def _activities(renja: Renja, unit: UnitKerja, businesses: list[UMKM], rng: random.Random) -> None:
    mentors = list(User.objects.filter(perangkat_daerah_id=renja.perangkat_daerah_id, role=Role.PENDAMPING))
    by_kec: dict[int, list[UMKM]] = {}
    for business in businesses:
        by_kec.setdefault(business.kecamatan_id, []).append(business)
    today = dt.date.today()
    last_day = (
        min(dt.date(renja.tahun, 12, 15), today - dt.timedelta(days=1))
        if today.year == renja.tahun
        else dt.date(renja.tahun, 12, 15)
    )
    span = (last_day - dt.date(renja.tahun, 1, 15)).days
    kinds = (
        [Aktivitas.Jenis.PENDAMPINGAN] * 30
        + [Aktivitas.Jenis.PEMBINAAN] * 15
        + [Aktivitas.Jenis.EDUKASI] * 15
    )
    snapshots = []
    for number, jenis in enumerate(kinds[:ACTIVITIES]):
        day = dt.date(renja.tahun, 1, 15) + dt.timedelta(days=span * number // ACTIVITIES + rng.randint(0, 3))
        kec_id = rng.choice(list(by_kec))
        group = by_kec[kec_id]
        size = 1 if jenis == Aktivitas.Jenis.PENDAMPINGAN else min(len(group), rng.randint(6, 15))
        chosen = rng.sample(group, size)
        aktivitas = Aktivitas.objects.create(
            pemda_id=renja.pemda_id,
            perangkat_daerah_id=renja.perangkat_daerah_id,
            unit_kerja=unit,
            jenis=jenis,
            tanggal=day,
            kecamatan_id=kec_id,
            kampung=chosen[0].kampung,
            topik=rng.choice(TOPICS[jenis]),
            materi="Materi dan daftar hadir tersimpan di UPT Technopark.",
            data_contoh=True,
            dibuat_oleh=mentors[0] if mentors else None,
        )
        aktivitas.pendamping.set(mentors[:1])
        for business in chosen:
            gains_nib = not business.punya_nib and rng.random() < 0.35
            row = Partisipasi.objects.create(
                pemda_id=renja.pemda_id,
                aktivitas=aktivitas,
                umkm=business,
                nib_diperoleh=gains_nib,
                halal_diperoleh=business.sektor in {"C", "I"} and not business.halal and rng.random() < 0.15,
                produk_baru=rng.random() < 0.2,
                pasar_baru=rng.random() < 0.2,
                akses_kredit=rng.random() < 0.1,
            )
            # The registry follows the outcome, as the activity form does.
            apply_legal_outcomes(row, business, nib=f"9{business.pk:012d}" if gains_nib else "")
            if jenis == Aktivitas.Jenis.PENDAMPINGAN:
                growth = Decimal(rng.choice(["1.05", "1.1", "1.2", "1.3"]))
                snapshots += _before_after(
                    renja, business, day, growth, rng.randint(0, 2), business.punya_nib or gains_nib
                )
    # Some businesses not (yet) coached are surveyed too, so before/after has a comparison group.
    coached = set(
        Partisipasi.objects.filter(aktivitas__perangkat_daerah_id=renja.perangkat_daerah_id).values_list(
            "umkm_id", flat=True
        )
    )
    survey_day = dt.date(renja.tahun, 10, 15) if last_day >= dt.date(renja.tahun, 10, 15) else last_day
    for business in rng.sample([b for b in businesses if b.pk not in coached], 80):
        growth = Decimal(rng.choice(["0.95", "1.0", "1.02", "1.05", "1.08"]))
        snapshots += _before_after(renja, business, survey_day, growth, 0, business.punya_nib)
    Snapshot.objects.bulk_create(snapshots, ignore_conflicts=True)


def _before_after(
    renja: Renja, business: UMKM, day: dt.date, growth: Decimal, workers_added: int, has_nib: bool
) -> list[Snapshot]:
    """The business at the end of last year, and on `day` after its sales grew by `growth`."""
    before = Snapshot(
        pemda_id=renja.pemda_id,
        umkm=business,
        tanggal=dt.date(renja.tahun - 1, 12, 31),
        omzet_tahunan=business.omzet_tahunan,
        tenaga_kerja=business.tenaga_kerja,
        punya_nib=business.punya_nib,
        halal=business.halal,
    )
    after = Snapshot(
        pemda_id=renja.pemda_id,
        umkm=business,
        tanggal=day,
        omzet_tahunan=(business.omzet_tahunan * growth).quantize(Decimal(1000)),
        tenaga_kerja=business.tenaga_kerja + workers_added,
        punya_nib=has_nib,
        halal=business.halal,
    )
    return [before, after]


def _wire_indicators(renja: Renja) -> None:
    """The Technopark sub kegiatan's indicators count the records: UMKM mentored or coached,
    and education participants."""
    mentored = Indikator.objects.filter(
        renja=renja, uraian__startswith="Jumlah UMKM yang mendapatkan pendampingan"
    )
    mentored.update(sumber_otomatis="umkm_didampingi")
    first = mentored.select_related("sub_kegiatan").first()
    if first and not Indikator.objects.filter(renja=renja, sumber_otomatis="peserta_edukasi").exists():
        Indikator.objects.create(
            pemda_id=renja.pemda_id,
            renja=renja,
            sub_kegiatan=first.sub_kegiatan,
            uraian="Jumlah peserta edukasi dan pelatihan Technopark",
            satuan="Orang",
            agregasi=Agregasi.JUMLAH,
            target=Decimal(120),
            target_tw1=Decimal(20),
            target_tw2=Decimal(40),
            target_tw3=Decimal(40),
            target_tw4=Decimal(20),
            per_kecamatan=True,
            sumber_otomatis="peserta_edukasi",
        )
