"""Starting next year's Renja from this year's: the same tree and indicators, with the
prakiraan maju as the new pagu and, for an indicator derived from the Renstra, the
Renstra's target for the new year.

Quarterly targets: when an indicator's annual target changes (it came from the Renstra),
its four quarterly targets are cleared rather than scaled. Scaling would invent a plan
nobody chose (1, 1, 1, 1 towards 5 gives 1.25 reports a quarter) and a kept set would no
longer add up to the year; without them the early warning spreads the year evenly until
the planner sets the quarters again, and the message says on how many indicators.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from selaras.planning.models import Indikator, Kegiatan, Program, Renja, RenstraTarget, SubKegiatan


class RenjaExists(Exception):
    pass


@dataclass(frozen=True)
class RenjaCopy:
    """The new Renja and where its indicators' targets came from."""

    renja: Renja
    from_renstra: int  # targets taken from the Renstra's target of the new year
    copied: int  # targets copied from the source Renja
    quarters_cleared: int  # indicators whose quarterly targets were cleared

    def summary(self, source: Renja) -> str:
        renstra = source.renstra
        if renstra is None:
            text = f"Renja ini tidak terkait Renstra: {self.copied} target disalin dari Renja {source.tahun}."
        else:
            period = f"{renstra.tahun_awal}–{renstra.tahun_akhir}"
            text = (
                f"{self.from_renstra} target diambil dari Renstra {period}, "
                f"{self.copied} disalin dari Renja {source.tahun} "
                "(tidak terkait Renstra / Renstra tanpa target tahun itu)."
            )
        if self.quarters_cleared:
            text += (
                f" Target triwulan {self.quarters_cleared} indikator dikosongkan karena target "
                "tahunannya berubah; isi kembali pembagiannya per triwulan."
            )
        return text


def _take_renstra_target(ind: Indikator, row: RenstraTarget) -> bool:
    """Put the Renstra's target (and range) on the indicator when the indicator accepts it;
    clear the quarters when the annual target changes. False leaves the indicator as it was."""
    before = (ind.target, ind.target_atas, ind.quarterly_targets)
    if (ind.target, ind.target_atas) == (row.target, row.target_atas):
        return True
    ind.target, ind.target_atas = row.target, row.target_atas
    ind.target_tw1 = ind.target_tw2 = ind.target_tw3 = ind.target_tw4 = None
    try:
        ind.clean()  # a range for an indicator that takes none, or the other way round
    except ValidationError:
        ind.target, ind.target_atas = before[0], before[1]
        ind.target_tw1, ind.target_tw2, ind.target_tw3, ind.target_tw4 = before[2]
        return False
    return True


@transaction.atomic
def copy_renja_to_next_year(source: Renja) -> RenjaCopy:
    year = source.tahun + 1
    if Renja.objects.filter(perangkat_daerah_id=source.perangkat_daerah_id, tahun=year).exists():
        raise RenjaExists(f"Renja {year} untuk perangkat daerah ini sudah ada; tidak disalin ulang.")
    target = Renja.objects.create(
        pemda_id=source.pemda_id,
        perangkat_daerah_id=source.perangkat_daerah_id,
        tahun=year,
        status=Renja.Status.RANCANGAN,
        renstra_id=source.renstra_id,
        disalin_dari=source,
        data_contoh=source.data_contoh,
    )
    programs = {
        p.pk: Program.objects.create(pemda_id=p.pemda_id, renja=target, nomenklatur_id=p.nomenklatur_id)
        for p in source.programs.all()
    }
    kegiatan = {
        k.pk: Kegiatan.objects.create(
            pemda_id=k.pemda_id, renja=target, program=programs[k.program_id], nomenklatur_id=k.nomenklatur_id
        )
        for k in source.kegiatan.all()
    }
    old_subs = list(
        source.sub_kegiatan.prefetch_related(
            "kecamatan", "prioritas_nasional", "program_prioritas", "quick_win", "isu_strategis"
        )
    )
    subs: dict[int, SubKegiatan] = {}
    for old in old_subs:
        new = SubKegiatan.objects.create(
            pemda_id=old.pemda_id,
            renja=target,
            kegiatan=kegiatan[old.kegiatan_id],
            nomenklatur_id=old.nomenklatur_id,
            unit_kerja_id=old.unit_kerja_id,
            seluruh_kabupaten=old.seluruh_kabupaten,
            sumber_dana=old.sumber_dana,
            pagu=old.prakiraan_maju,
            prakiraan_maju=Decimal(0),
            keterangan=old.keterangan,
        )
        for field in ("kecamatan", "prioritas_nasional", "program_prioritas", "quick_win", "isu_strategis"):
            getattr(new, field).set(getattr(old, field).all())
        subs[old.pk] = new
    indicators = list(source.indikator.all())
    renstra_targets = {
        row.indikator_id: row
        for row in RenstraTarget.objects.filter(
            indikator_id__in=[i.renstra_indikator_id for i in indicators if i.renstra_indikator_id],
            tahun=year,
        )
    }
    from_renstra = cleared = 0
    for ind in indicators:
        ind.pk = None
        ind.id = None
        ind.renja = target
        ind.program = programs.get(ind.program_id) if ind.program_id else None
        ind.kegiatan = kegiatan.get(ind.kegiatan_id) if ind.kegiatan_id else None
        ind.sub_kegiatan = subs.get(ind.sub_kegiatan_id) if ind.sub_kegiatan_id else None
        row = renstra_targets.get(ind.renstra_indikator_id) if ind.renstra_indikator_id else None
        had_quarters = any(q is not None for q in ind.quarterly_targets)
        if row is not None and _take_renstra_target(ind, row):
            from_renstra += 1
            cleared += had_quarters and all(q is None for q in ind.quarterly_targets)
        ind._state.adding = True
        ind.save()
    copied = len(indicators) - from_renstra
    return RenjaCopy(target, from_renstra, copied, cleared)
