"""Starting next year's Renja from this year's: the same tree and indicators, with the
prakiraan maju as the new pagu."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from selaras.planning.models import Kegiatan, Program, Renja, SubKegiatan


class RenjaExists(Exception):
    pass


@transaction.atomic
def copy_renja_to_next_year(source: Renja) -> Renja:
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
    for ind in source.indikator.all():
        ind.pk = None
        ind.id = None
        ind.renja = target
        ind.program = programs.get(ind.program_id) if ind.program_id else None
        ind.kegiatan = kegiatan.get(ind.kegiatan_id) if ind.kegiatan_id else None
        ind.sub_kegiatan = subs.get(ind.sub_kegiatan_id) if ind.sub_kegiatan_id else None
        ind._state.adding = True
        ind.save()
    return target
