"""The Lampung Tengah demo: Balitbangda's bidang, users for every role, a Renstra
2025-2029 and a Renja 2026 from the real nomenclature with sample targets and pagu.

Every figure here is a sample value (marked `data_contoh` and shown so in the UI). Running
it twice changes nothing.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from selaras.accounts.models import Role, User
from selaras.organisations.models import Kecamatan, Pemda, PerangkatDaerah, UnitKerja
from selaras.planning.models import (
    Agregasi,
    Indikator,
    Kegiatan,
    Polaritas,
    Program,
    Renja,
    Renstra,
    RenstraIndikator,
    RenstraItem,
    RenstraPagu,
    RenstraTarget,
    Sasaran,
    SubKegiatan,
    Tujuan,
)
from selaras.reference.models import IsuStrategis, Nomenklatur, PrioritasNasional

DEMO_PASSWORD = "selaras-demo"
ISU_STRATEGIS = (
    ("Kemiskinan", "Penanggulangan kemiskinan"),
    ("SDM", "Peningkatan kualitas sumber daya manusia"),
    ("Diseminasi Kelitbangan", "Penyebarluasan dan pemanfaatan hasil kelitbangan"),
    ("Pengendalian Inflasi", "Pengendalian inflasi daerah"),
    ("UMKM", "Penguatan usaha mikro, kecil dan menengah"),
    ("Inovasi", "Inovasi daerah"),
)
UNITS = (
    ("sekretariat", "Sekretariat", "SEK"),
    ("bidang", "Bidang Pemerintahan dan Sosial Kemasyarakatan", "PSK"),
    ("bidang", "Bidang Ekonomi dan Pembangunan", "EKBANG"),
    ("bidang", "Bidang Inovasi dan Teknologi", "INTEK"),
    ("upt", "UPT Technopark", "TECHNOPARK"),
)
# (username, first name, role, perangkat daerah, unit)
USERS = (
    ("admin", "Administrator Selaras", Role.ADMIN, "BALITBANGDA", "SEK"),
    ("perencana", "Rina Perencana", Role.PERENCANA, "BALITBANGDA", "SEK"),
    ("pimpinan", "Kepala Balitbangda", Role.PIMPINAN, "BALITBANGDA", None),
    ("kabid.ekbang", "Kabid Ekonomi dan Pembangunan", Role.KEPALA_BIDANG, "BALITBANGDA", "EKBANG"),
    ("operator.ekbang", "Operator Ekbang", Role.OPERATOR, "BALITBANGDA", "EKBANG"),
    ("operator.intek", "Operator Inovasi", Role.OPERATOR, "BALITBANGDA", "INTEK"),
    ("kabid.intek", "Kabid Inovasi dan Teknologi", Role.KEPALA_BIDANG, "BALITBANGDA", "INTEK"),
    ("kabid.psk", "Kabid Pemerintahan dan Sosial Kemasyarakatan", Role.KEPALA_BIDANG, "BALITBANGDA", "PSK"),
    ("sekretaris", "Sekretaris Balitbangda", Role.KEPALA_BIDANG, "BALITBANGDA", "SEK"),
    ("kepala.upt", "Kepala UPT Technopark", Role.KEPALA_BIDANG, "BALITBANGDA", "TECHNOPARK"),
    ("pendamping", "Pendamping Technopark", Role.PENDAMPING, "BALITBANGDA", "TECHNOPARK"),
    ("verifikator", "Verifikator Bappeda", Role.VERIFIKATOR, "BAPPEDA", None),
    ("operator.diskop", "Operator Dinas Koperasi", Role.OPERATOR, "DISKOPUKM", None),
)
# Renja 2026: (sub kegiatan code, unit, pagu, prakiraan maju, target per quarter, tags)
RENJA_2026 = (
    ("5.05.01.2.01.0001", "SEK", 85_000_000, 90_000_000, (0, 1, 0, 1), ()),
    ("5.05.01.2.01.0006", "SEK", 42_500_000, 45_000_000, (1, 1, 1, 1), ()),
    ("5.05.01.2.01.0007", "SEK", 38_000_000, 40_000_000, (1, 1, 1, 1), ()),
    ("5.05.01.2.02.0001", "SEK", 2_150_000_000, 2_250_000_000, (32, 32, 32, 32), ()),
    ("5.05.01.2.05.0009", "SEK", 60_000_000, 65_000_000, (0, 4, 4, 2), ("SDM",)),
    ("5.05.01.2.06.0002", "SEK", 48_750_000, 50_000_000, (1, 1, 1, 1), ()),
    ("5.05.01.2.06.0009", "SEK", 96_000_000, 100_000_000, (3, 3, 3, 3), ()),
    ("5.05.01.2.08.0002", "SEK", 72_000_000, 75_000_000, (3, 3, 3, 3), ()),
    ("5.05.01.2.09.0009", "SEK", 125_000_000, 100_000_000, (0, 0, 1, 0), ()),
    ("5.05.02.2.01.0002", "PSK", 110_000_000, 115_000_000, (0, 0, 1, 0), ()),
    ("5.05.02.2.01.0013", "PSK", 95_000_000, 100_000_000, (0, 1, 0, 1), ()),
    ("5.05.02.2.02.0003", "PSK", 135_000_000, 140_000_000, (0, 0, 1, 0), ("SDM",)),
    ("5.05.02.2.02.0006", "PSK", 120_000_000, 125_000_000, (0, 0, 0, 1), ("Kemiskinan", "SDM")),
    ("5.05.02.2.03.0001", "EKBANG", 175_500_000, 180_000_000, (0, 0, 1, 0), ("UMKM",)),
    ("5.05.02.2.03.0002", "EKBANG", 140_000_000, 150_000_000, (0, 0, 1, 0), ("Pengendalian Inflasi",)),
    ("5.05.02.2.03.0004", "EKBANG", 160_000_000, 165_000_000, (0, 0, 0, 1), ("Kemiskinan",)),
    ("5.05.02.2.04.0001", "INTEK", 210_000_000, 220_000_000, (0, 1, 1, 1), ("Inovasi",)),
    ("5.05.02.2.04.0002", "TECHNOPARK", 450_000_000, 475_000_000, (50, 50, 50, 50), ("UMKM", "Inovasi")),
    ("5.05.02.2.04.0004", "INTEK", 98_250_000, 100_000_000, (0, 1, 1, 0), ("Diseminasi Kelitbangan",)),
    ("5.05.02.2.04.0005", "INTEK", 65_000_000, 70_000_000, (0, 5, 5, 5), ("UMKM", "Inovasi")),
)
# Outcome indicators of the two programs and output indicators of their kegiatan.
PROGRAM_INDIKATOR = {
    "5.05.01": ("Nilai SAKIP Balitbangda", "Nilai", Agregasi.AKHIR, "62.5", "65"),
    "5.05.02": (
        "Persentase rekomendasi hasil kelitbangan yang ditindaklanjuti",
        "%",
        Agregasi.AKHIR,
        "40",
        "50",
    ),
}
KEGIATAN_INDIKATOR = {
    "5.05.02.2.01": ("Jumlah dokumen kajian bidang pemerintahan", "Dokumen", "2", "3"),
    "5.05.02.2.02": ("Jumlah dokumen penelitian bidang sosial dan kependudukan", "Dokumen", "1", "2"),
    "5.05.02.2.03": ("Jumlah dokumen penelitian bidang ekonomi dan pembangunan", "Dokumen", "2", "3"),
    "5.05.02.2.04": ("Jumlah inovasi daerah yang diterapkan", "Inovasi", "8", "12"),
}
# The Technopark's sub kegiatan counts businesses coached, not reports.
TECHNOPARK_INDIKATOR = ("Jumlah UMKM yang mendapatkan pendampingan dan pembinaan Technopark", "UMKM")


@transaction.atomic
def build_demo(pemda: Pemda) -> Renja:
    for nama, keterangan in ISU_STRATEGIS:
        IsuStrategis.objects.get_or_create(pemda=pemda, nama=nama, defaults={"keterangan": keterangan})
    pds = {
        "BALITBANGDA": _pd(
            pemda,
            "Badan Penelitian dan Pengembangan Daerah",
            "BALITBANGDA",
            "Jl. Hi. Muchtar Gelar Negara, Gunung Sugih",
        ),
        "BAPPEDA": _pd(pemda, "Badan Perencanaan Pembangunan Daerah", "BAPPEDA", "Gunung Sugih"),
        "DISKOPUKM": _pd(pemda, "Dinas Koperasi dan UKM", "DISKOPUKM", "Gunung Sugih"),
    }
    balitbangda = pds["BALITBANGDA"]
    if not balitbangda.kepala_nama:
        balitbangda.kepala_nama = "Kepala Balitbangda (contoh)"
        balitbangda.kepala_jabatan = "Kepala Badan Penelitian dan Pengembangan Daerah"
        balitbangda.save()
    units = {}
    for jenis, nama, singkatan in UNITS:
        units[singkatan], _ = UnitKerja.objects.get_or_create(
            perangkat_daerah=balitbangda,
            nama=nama,
            defaults={"pemda": pemda, "jenis": jenis, "singkatan": singkatan},
        )
    for username, name, role, pd, unit in USERS:
        if User.objects.filter(username=username).exists():
            continue
        user = User(
            username=username,
            first_name=name,
            role=role,
            pemda=pemda,
            perangkat_daerah=pds[pd],
            unit_kerja=units.get(unit) if unit else None,
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
    renstra = build_renstra(pemda, balitbangda)
    existing = Renja.objects.filter(perangkat_daerah=balitbangda, tahun=2026).first()
    return existing or _renja(pemda, balitbangda, renstra, units)


def _pd(pemda: Pemda, nama: str, singkatan: str, alamat: str) -> PerangkatDaerah:
    pd, _ = PerangkatDaerah.objects.get_or_create(
        pemda=pemda, singkatan=singkatan, defaults={"nama": nama, "alamat": alamat}
    )
    return pd


def _nomenklatur() -> dict[str, Nomenklatur]:
    return {n.kode: n for n in Nomenklatur.objects.all()}


def _renja(pemda: Pemda, pd: PerangkatDaerah, renstra: Renstra, units: dict[str, UnitKerja]) -> Renja:
    nomen = _nomenklatur()
    isu = {i.nama: i for i in IsuStrategis.objects.filter(pemda=pemda)}
    pn = {p.nomor: p for p in PrioritasNasional.objects.all()}
    kecamatan = list(Kecamatan.objects.filter(pemda=pemda).order_by("kode"))
    renja = Renja.objects.create(
        pemda=pemda, perangkat_daerah=pd, tahun=2026, status="final", renstra=renstra, data_contoh=True
    )
    programs: dict[str, Program] = {}
    kegiatan: dict[str, Kegiatan] = {}
    for number, (kode, unit, pagu, maju, quarters, tags) in enumerate(RENJA_2026):
        sub_nomen = nomen[kode]
        keg_nomen = sub_nomen.parent
        prog_nomen = keg_nomen.parent
        if prog_nomen.kode not in programs:
            programs[prog_nomen.kode] = program = Program.objects.create(
                pemda=pemda, renja=renja, nomenklatur=prog_nomen
            )
            uraian, satuan, agregasi, awal, target = PROGRAM_INDIKATOR[prog_nomen.kode]
            Indikator.objects.create(
                pemda=pemda,
                renja=renja,
                program=program,
                uraian=uraian,
                satuan=satuan,
                agregasi=agregasi,
                kondisi_awal=Decimal(awal),
                tahun_kondisi_awal=2025,
                target=Decimal(target),
                target_tw4=Decimal(target),
            )
        if keg_nomen.kode not in kegiatan:
            kegiatan[keg_nomen.kode] = keg = Kegiatan.objects.create(
                pemda=pemda, renja=renja, program=programs[prog_nomen.kode], nomenklatur=keg_nomen
            )
            if keg_nomen.kode in KEGIATAN_INDIKATOR:
                uraian, satuan, awal, target = KEGIATAN_INDIKATOR[keg_nomen.kode]
                Indikator.objects.create(
                    pemda=pemda,
                    renja=renja,
                    kegiatan=keg,
                    uraian=uraian,
                    satuan=satuan,
                    kondisi_awal=Decimal(awal),
                    tahun_kondisi_awal=2025,
                    target=Decimal(target),
                )
        local = unit in {"EKBANG", "TECHNOPARK"}
        sub = SubKegiatan.objects.create(
            pemda=pemda,
            renja=renja,
            kegiatan=kegiatan[keg_nomen.kode],
            nomenklatur=sub_nomen,
            unit_kerja=units[unit],
            pagu=Decimal(pagu),
            prakiraan_maju=Decimal(maju),
            seluruh_kabupaten=not local,
        )
        if local:
            sub.kecamatan.set(kecamatan[number % 7 :: 4])
        sub.isu_strategis.set([isu[t] for t in tags])
        if "UMKM" in tags or "Inovasi" in tags:
            sub.prioritas_nasional.set([pn[3]])
        elif "SDM" in tags:
            sub.prioritas_nasional.set([pn[4]])
        elif "Kemiskinan" in tags:
            sub.prioritas_nasional.set([pn[6]])
        uraian, satuan = (
            TECHNOPARK_INDIKATOR
            if unit == "TECHNOPARK"
            else (sub_nomen.indikator or f"Jumlah laporan {sub_nomen.nama}", sub_nomen.satuan)
        )
        q = [Decimal(v) for v in quarters]
        Indikator.objects.create(
            pemda=pemda,
            renja=renja,
            sub_kegiatan=sub,
            uraian=uraian,
            satuan=satuan or "Laporan",
            polaritas=Polaritas.NAIK,
            agregasi=Agregasi.JUMLAH,
            target=sum(q, Decimal(0)),
            target_tw1=q[0],
            target_tw2=q[1],
            target_tw3=q[2],
            target_tw4=q[3],
            per_kecamatan=unit == "TECHNOPARK",
        )
    return renja


def build_renstra(pemda: Pemda, pd: PerangkatDaerah) -> Renstra:
    renstra = Renstra.objects.filter(perangkat_daerah=pd, tahun_awal=2025).first()
    if renstra:
        return renstra
    renstra = Renstra.objects.create(
        pemda=pemda, perangkat_daerah=pd, tahun_awal=2025, tahun_akhir=2029, data_contoh=True
    )
    tujuan = Tujuan.objects.create(
        pemda=pemda,
        renstra=renstra,
        kode="T1",
        uraian="Meningkatnya kualitas kebijakan daerah berbasis hasil penelitian dan inovasi",
    )
    _targets(
        renstra,
        RenstraIndikator.objects.create(
            pemda=pemda,
            renstra=renstra,
            tujuan=tujuan,
            uraian="Indeks Inovasi Daerah",
            satuan="Nilai",
            kondisi_awal=Decimal("42.5"),
            tahun_kondisi_awal=2024,
        ),
        ["45", "48", "52", "56", "60"],
    )
    sasaran = Sasaran.objects.create(
        pemda=pemda,
        renstra=renstra,
        tujuan=tujuan,
        kode="S1.1",
        uraian="Meningkatnya pemanfaatan hasil kelitbangan dalam perumusan kebijakan",
    )
    _targets(
        renstra,
        RenstraIndikator.objects.create(
            pemda=pemda,
            renstra=renstra,
            sasaran=sasaran,
            uraian="Persentase rekomendasi hasil kelitbangan yang ditindaklanjuti",
            satuan="%",
            kondisi_awal=Decimal("35"),
            tahun_kondisi_awal=2024,
        ),
        ["40", "50", "55", "60", "65"],
    )
    sasaran2 = Sasaran.objects.create(
        pemda=pemda,
        renstra=renstra,
        tujuan=tujuan,
        kode="S1.2",
        uraian="Meningkatnya daya saing UMKM melalui pendampingan Technopark",
    )
    _targets(
        renstra,
        RenstraIndikator.objects.create(
            pemda=pemda,
            renstra=renstra,
            sasaran=sasaran2,
            uraian="Jumlah UMKM binaan Technopark yang naik kelas",
            satuan="UMKM",
            kondisi_awal=Decimal("15"),
            tahun_kondisi_awal=2024,
        ),
        ["20", "25", "30", "35", "40"],
    )
    nomen = _nomenklatur()
    plan = {
        "5.05.01": (None, ["2600000000", "2715000000", "2850000000", "2990000000", "3140000000"]),
        "5.05.02": (sasaran, ["1550000000", "1758750000", "1840000000", "1930000000", "2025000000"]),
        "5.05.02.2.04": (sasaran2, ["700000000", "823250000", "865000000", "905000000", "950000000"]),
    }
    for kode, (target_sasaran, pagu) in plan.items():
        item = RenstraItem.objects.create(
            pemda=pemda, renstra=renstra, sasaran=target_sasaran, nomenklatur=nomen[kode]
        )
        for year, value in zip(renstra.years, pagu, strict=True):
            RenstraPagu.objects.create(pemda=pemda, item=item, tahun=year, pagu=Decimal(value))
        if kode == "5.05.02.2.04":
            _targets(
                renstra,
                RenstraIndikator.objects.create(
                    pemda=pemda,
                    renstra=renstra,
                    item=item,
                    uraian="Jumlah inovasi daerah yang diterapkan",
                    satuan="Inovasi",
                    kondisi_awal=Decimal("6"),
                    tahun_kondisi_awal=2024,
                ),
                ["8", "12", "15", "18", "20"],
            )
    return renstra


def _targets(renstra: Renstra, indikator: RenstraIndikator, values: list[str]) -> None:
    for year, value in zip(renstra.years, values, strict=True):
        RenstraTarget.objects.create(
            pemda=renstra.pemda, indikator=indikator, tahun=year, target=Decimal(value)
        )
