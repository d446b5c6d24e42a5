"""Demo realisation of the Lampung Tengah Renja 2026 for quarters I-III (sample values):
quarter I approved for every unit, quarter II in mixed states of approval, quarter III
still being filled in, so that the dashboard, the early warning and the E.81 show
something real. Each unit keeps its own pace, so the predicates differ."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction

from selaras.accounts.models import User
from selaras.monitoring import entry, events, sources
from selaras.monitoring.models import Laporan, Realisasi, TenggatTriwulan
from selaras.planning.models import Indikator, Renja, RenstraIndikator

# The pace of each unit against its quarterly targets, and of its spending against an even
# spread of the pagu.
PACE = {
    "SEK": Decimal("1.0"),
    "PSK": Decimal("0.7"),
    "EKBANG": Decimal("0.9"),
    "INTEK": Decimal("1.1"),
    "TECHNOPARK": Decimal("0.8"),
}
SPEND = {
    "SEK": Decimal("0.24"),
    "PSK": Decimal("0.15"),
    "EKBANG": Decimal("0.2"),
    "INTEK": Decimal("0.26"),
    "TECHNOPARK": Decimal("0.22"),
}
# (unit, status of its quarter II report)
QUARTER_II = {
    "SEK": "disetujui",
    "PSK": "diajukan",
    "EKBANG": "diverifikasi",
    "INTEK": "disetujui",
    "TECHNOPARK": "draft",
}
HEADS = {
    "SEK": "sekretaris",
    "PSK": "kabid.psk",
    "EKBANG": "kabid.ekbang",
    "INTEK": "kabid.intek",
    "TECHNOPARK": "kepala.upt",
}
NARASI = {
    "faktor_pendorong": "Dukungan pimpinan dan koordinasi dengan perangkat daerah terkait berjalan baik.",
    "faktor_penghambat": "Jadwal narasumber dan pengadaan bergeser dari rencana.",
    "tindak_lanjut": "Menyusun ulang jadwal kegiatan triwulan berikutnya dan mempercepat pengadaan.",
    "tindak_lanjut_renja": "Menjadwalkan pengadaan lebih awal dan menyesuaikan target dengan kapasitas tim.",
}


@transaction.atomic
def build_realisasi(renja: Renja) -> None:
    if Realisasi.objects.filter(renja=renja).exists():
        return
    for quarter, day in (
        (1, dt.date(2026, 4, 10)),
        (2, dt.date(2026, 7, 10)),
        (3, dt.date(2026, 10, 10)),
        (4, dt.date(2027, 1, 10)),
    ):
        TenggatTriwulan.objects.get_or_create(
            pemda_id=renja.pemda_id, tahun=renja.tahun, triwulan=quarter, defaults={"batas": day}
        )
    _link_renstra(renja)
    users = {
        u.username: u for u in User.objects.filter(username__in=["perencana", "pimpinan", *HEADS.values()])
    }
    planner, head_of_agency = users["perencana"], users["pimpinan"]
    for quarter in (1, 2, 3):
        for sub in renja.sub_kegiatan.select_related("unit_kerja", "renja").prefetch_related("indikator"):
            unit = sub.unit_kerja.singkatan
            if quarter == 3 and unit in {"PSK", "TECHNOPARK"}:
                continue  # not reported yet
            for ind in sub.indikator.all():
                if sources.is_automatic(ind):
                    continue  # computed from the Technopark's records
                planned = ind.quarterly_targets[quarter - 1] or Decimal(0)
                value = (planned * PACE[unit]).quantize(Decimal(1), ROUND_HALF_UP)
                entry.save_realisasi(ind, quarter, value, "", 0, planner)
            spent = (sub.pagu * SPEND[unit]).quantize(Decimal(1000), ROUND_HALF_UP)
            entry.save_realisasi_sub(sub, quarter, spent, NARASI, 0, planner)
        for ind in Indikator.objects.filter(renja=renja, sub_kegiatan__isnull=True, agregasi="akhir"):
            entry.save_realisasi(
                ind, quarter, (ind.target * Decimal(quarter) / 4).quantize(Decimal("0.01")), "", 0, planner
            )
    for unit in (
        renja.sub_kegiatan.values_list("unit_kerja__singkatan", "unit_kerja_id").order_by().distinct()
    ):
        name, unit_id = unit
        _walk(renja, unit_id, 1, "disetujui", planner, users[HEADS[name]], head_of_agency)
        _walk(renja, unit_id, 2, QUARTER_II[name], planner, users[HEADS[name]], head_of_agency)
    _backdate(renja)


def _walk(
    renja: Renja, unit_id: int, quarter: int, goal: str, reporter: User, head: User, approver: User
) -> None:
    laporan = events.laporan_for(renja, unit_id, quarter)
    order = [Laporan.Status.DIAJUKAN, Laporan.Status.DIVERIFIKASI, Laporan.Status.DISETUJUI]
    steps = [
        lambda: events.ajukan(laporan, reporter),
        lambda: events.verifikasi(laporan, head),
        lambda: events.setujui(laporan, approver),
    ]
    for status, step in zip(order, steps, strict=True):
        if order.index(status) > (order.index(goal) if goal in order else -1):
            break
        step()


def _link_renstra(renja: Renja) -> None:
    """Tie the Renja's indicators to the Renstra indicators they derive from (E.81 col. 5, 6)."""
    if renja.renstra_id is None:
        return
    by_name = {r.uraian: r for r in RenstraIndikator.objects.filter(renstra_id=renja.renstra_id)}
    for ind in Indikator.objects.filter(renja=renja, uraian__in=by_name):
        ind.renstra_indikator = by_name[ind.uraian]
        ind.save(update_fields=["renstra_indikator"])


def _backdate(renja: Renja) -> None:
    """Put the demo's workflow steps on plausible days of 2026 instead of the day it loads."""
    for laporan in Laporan.objects.filter(renja=renja).prefetch_related("events"):
        start = dt.datetime(renja.tahun, 3 * laporan.triwulan + 1, 6, 9, 0, tzinfo=dt.UTC)
        start += dt.timedelta(days=laporan.unit_kerja_id % 6)  # the units are not all on time
        for number, event in enumerate(laporan.events.all()):
            event.pada = start + dt.timedelta(days=2 * number, hours=number)
            event.save(update_fields=["pada"])
            if event.jenis == "diajukan":
                laporan.diajukan_pada = event.pada
        laporan.save(update_fields=["diajukan_pada"])
