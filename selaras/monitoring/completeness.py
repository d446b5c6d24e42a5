"""Who has not reported: per Unit Kerja and quarter, the report's status, how many of its
indicators have a figure (completeness) and whether it was submitted by the deadline
(timeliness). A fixed number of queries whatever the number of units."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count
from django.utils import timezone

from selaras.lib.capaian import round_percent
from selaras.monitoring.models import Laporan, Realisasi, TenggatTriwulan
from selaras.organisations.models import UnitKerja
from selaras.planning.models import Indikator, Renja


@dataclass
class UnitReport:
    unit: UnitKerja
    status: str
    status_label: str
    indikator: int
    terisi: int
    diajukan_pada: dt.datetime | None
    ketepatan: str

    @property
    def kelengkapan(self) -> Decimal | None:
        return round_percent(Decimal(self.terisi) * 100 / self.indikator) if self.indikator else None


def completeness(
    renja: Renja, user: Any, quarter: int, today: dt.date | None = None
) -> tuple[list[UnitReport], TenggatTriwulan | None]:
    today = today or timezone.localdate()
    deadline = TenggatTriwulan.objects.filter(
        pemda_id=renja.pemda_id, tahun=renja.tahun, triwulan=quarter
    ).first()
    visible = Indikator.objects.visible_to(user).filter(renja=renja, sub_kegiatan__isnull=False)
    totals = dict(visible.values_list("sub_kegiatan__unit_kerja_id").annotate(n=Count("id")).order_by())
    filled = dict(
        Realisasi.objects.filter(indikator__in=visible, triwulan=quarter, nilai__isnull=False)
        .values_list("unit_kerja_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    reports = {r.unit_kerja_id: r for r in Laporan.objects.filter(renja=renja, triwulan=quarter)}
    rows = []
    for unit in UnitKerja.objects.filter(pk__in=totals).order_by("jenis", "nama"):
        report = reports.get(unit.pk)
        status = report.status if report else Laporan.Status.DRAFT
        submitted = report.diajukan_pada if report and status != Laporan.Status.DRAFT else None
        rows.append(
            UnitReport(
                unit=unit,
                status=status,
                status_label=Laporan.Status(status).label,
                indikator=totals[unit.pk],
                terisi=filled.get(unit.pk, 0),
                diajukan_pada=submitted,
                ketepatan=_timeliness(submitted, deadline, today),
            )
        )
    return rows, deadline


def _timeliness(submitted: dt.datetime | None, deadline: TenggatTriwulan | None, today: dt.date) -> str:
    if deadline is None:
        return "Batas waktu belum ditetapkan" if submitted is None else "Sudah diajukan"
    if submitted is None:
        late = (today - deadline.batas).days
        return f"Belum diajukan, lewat {late} hari" if late > 0 else "Belum diajukan"
    late = (timezone.localtime(submitted).date() - deadline.batas).days
    return f"Terlambat {late} hari" if late > 0 else "Tepat waktu"
