"""Test and demo helpers for monitoring rows (beside the domain, like planning/factories.py)."""

from __future__ import annotations

from selaras.monitoring.completeness import report_contents
from selaras.monitoring.models import Laporan, RealisasiSubKegiatan
from selaras.planning.models import SubKegiatan

NOTE = "Catatan triwulan"


def noted(laporan: Laporan) -> Laporan:
    """Give an empty draft report something to hold, so that it may be submitted
    (events.ajukan refuses an empty one): a note as the faktor pendorong of the unit's first
    sub kegiatan, no figure. A report with anything in it is left as it is."""
    if not report_contents(laporan.renja, laporan.unit_kerja_id, laporan.triwulan).empty:
        return laporan
    subs = SubKegiatan.objects.filter(renja=laporan.renja, unit_kerja_id=laporan.unit_kerja_id)
    sub = subs.order_by("id").first()
    if sub is not None:
        RealisasiSubKegiatan.objects.create(
            pemda_id=laporan.pemda_id,
            sub_kegiatan=sub,
            renja=laporan.renja,
            unit_kerja_id=laporan.unit_kerja_id,
            triwulan=laporan.triwulan,
            faktor_pendorong=NOTE,
        )
    return laporan
