"""Small builders of plans for tests and benchmarks."""

from __future__ import annotations

from decimal import Decimal

from selaras.organisations.models import PerangkatDaerah, UnitKerja
from selaras.planning.models import Indikator, Kegiatan, Program, Renja, SubKegiatan
from selaras.reference.models import Nomenklatur


def make_renja(pd: PerangkatDaerah, tahun: int = 2026, **extra: object) -> Renja:
    return Renja.objects.create(pemda=pd.pemda, perangkat_daerah=pd, tahun=tahun, **extra)


def add_sub_kegiatan(
    renja: Renja,
    kode: str,
    unit: UnitKerja,
    pagu: str = "100000000",
    prakiraan_maju: str = "110000000",
    with_indikator: bool = True,
) -> SubKegiatan:
    """Add a sub kegiatan (and its program and kegiatan when missing) from the nomenclature."""
    nomen = Nomenklatur.objects.select_related("parent__parent").get(kode=kode)
    program, _ = Program.objects.get_or_create(
        renja=renja, nomenklatur=nomen.parent.parent, defaults={"pemda": renja.pemda}
    )
    kegiatan, _ = Kegiatan.objects.get_or_create(
        renja=renja, nomenklatur=nomen.parent, defaults={"pemda": renja.pemda, "program": program}
    )
    sub = SubKegiatan.objects.create(
        pemda=renja.pemda,
        renja=renja,
        kegiatan=kegiatan,
        nomenklatur=nomen,
        unit_kerja=unit,
        pagu=Decimal(pagu),
        prakiraan_maju=Decimal(prakiraan_maju),
    )
    if with_indikator:
        Indikator.objects.create(
            pemda=renja.pemda,
            renja=renja,
            sub_kegiatan=sub,
            uraian=nomen.indikator or "Jumlah laporan",
            satuan=nomen.satuan or "Laporan",
            target=Decimal(4),
            target_tw1=Decimal(1),
            target_tw2=Decimal(1),
            target_tw3=Decimal(1),
            target_tw4=Decimal(1),
        )
    return sub


def bulk_fill_renja(renja: Renja, unit: UnitKerja, count: int) -> list[SubKegiatan]:
    """Add `count` sub kegiatan (one indikator each) under program 5.05.02 / kegiatan
    5.05.02.2.04 in a few bulk inserts, for query-count tests and benchmarks.

    The nomenclature has far fewer sub kegiatan than a scale test needs, so codes
    5.05.02.2.04.9999 downwards are made up (and reused when they already exist).
    """
    program_nomen = Nomenklatur.objects.get(kode="5.05.02")
    kegiatan_nomen = Nomenklatur.objects.get(kode="5.05.02.2.04")
    program, _ = Program.objects.get_or_create(
        renja=renja, nomenklatur=program_nomen, defaults={"pemda": renja.pemda}
    )
    kegiatan, _ = Kegiatan.objects.get_or_create(
        renja=renja, nomenklatur=kegiatan_nomen, defaults={"pemda": renja.pemda, "program": program}
    )
    suffixes = [f"{9999 - i:04d}" for i in range(count)]
    codes = [f"{kegiatan_nomen.kode}.{suffix}" for suffix in suffixes]
    existing = set(Nomenklatur.objects.filter(kode__in=codes).values_list("kode", flat=True))
    Nomenklatur.objects.bulk_create(
        Nomenklatur(
            kode=kode,
            level=Nomenklatur.Level.SUB_KEGIATAN,
            parent=kegiatan_nomen,
            nama=f"Sub kegiatan uji {suffix}",
            kode_urusan="5",
            kode_bidang="05",
            kode_program="02",
            kode_level_pemda="2",
            kode_kegiatan="04",
            kode_sub_kegiatan=suffix,
        )
        for kode, suffix in zip(codes, suffixes, strict=True)
        if kode not in existing
    )
    subs = SubKegiatan.objects.bulk_create(
        SubKegiatan(
            pemda=renja.pemda,
            renja=renja,
            kegiatan=kegiatan,
            nomenklatur=nomen,
            unit_kerja=unit,
            pagu=Decimal(1000),
            prakiraan_maju=Decimal(1100),
        )
        for nomen in Nomenklatur.objects.filter(kode__in=codes)
    )
    Indikator.objects.bulk_create(
        Indikator(
            pemda=renja.pemda,
            renja=renja,
            sub_kegiatan=sub,
            uraian="Jumlah laporan",
            satuan="Laporan",
            target=Decimal(1),
        )
        for sub in subs
    )
    return subs
