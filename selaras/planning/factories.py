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
