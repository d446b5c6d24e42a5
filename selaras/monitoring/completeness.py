"""Who has not reported: per Unit Kerja and quarter, the report's status, how many of its
indicators have a figure (completeness) and whether it was submitted by the deadline
(timeliness). A fixed number of queries whatever the number of units.

Also what one unit's quarter holds before it is submitted (`report_contents`: the
submission's confirmation lists it and events.ajukan refuses an empty one) and how the
deadline stands for it (`deadline_state`). An automatic indicator (monitoring/sources.py)
counts as filled once its quarter has begun: from then on its value is computed from the
records, as figures.py shows it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from selaras.lib import dates
from selaras.lib.capaian import round_percent
from selaras.lib.dates import quarter_label
from selaras.monitoring import sources
from selaras.monitoring.models import (
    NARASI,
    BuktiDukung,
    Laporan,
    Realisasi,
    RealisasiSubKegiatan,
    TenggatTriwulan,
)
from selaras.organisations.models import UnitKerja
from selaras.planning.models import Indikator, Renja, SubKegiatan


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
    today = today or dates.today()
    deadline = TenggatTriwulan.objects.filter(
        pemda_id=renja.pemda_id, tahun=renja.tahun, triwulan=quarter
    ).first()
    visible = Indikator.objects.visible_to(user).filter(renja=renja, sub_kegiatan__isnull=False)
    totals = dict(visible.values_list("sub_kegiatan__unit_kerja_id").annotate(n=Count("id")).order_by())
    filled = _filled_by_unit(renja, visible, quarter)
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


def _automatic(indicators: QuerySet[Indikator]) -> QuerySet[Indikator]:
    return indicators.filter(sumber_otomatis__in=list(sources.REGISTRY))


def _computed(renja: Renja, quarter: int) -> bool:
    """Whether the automatic indicators have a value for the quarter: once it has begun."""
    return quarter <= dates.quarters_begun(renja.tahun, dates.today())


def _filled_by_unit(renja: Renja, indicators: QuerySet[Indikator], quarter: int) -> dict[int, int]:
    """Per Unit Kerja, how many of the indicators have a value for the quarter: typed ones
    with a Realisasi figure, automatic ones once computed."""
    automatic = _automatic(indicators)
    typed = indicators.exclude(pk__in=automatic.values("pk"))
    filled = dict(
        Realisasi.objects.filter(indikator__in=typed, triwulan=quarter, nilai__isnull=False)
        .values_list("unit_kerja_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    if _computed(renja, quarter):
        counted = automatic.values_list("sub_kegiatan__unit_kerja_id").annotate(n=Count("id")).order_by()
        for unit_id, n in counted:
            filled[unit_id] = filled.get(unit_id, 0) + n
    return filled


@dataclass(frozen=True)
class ReportContents:
    """What one Unit Kerja's quarter holds: indicator values, budget realisation (and the
    narrative) per sub kegiatan, evidence files."""

    periode: str
    nilai: int
    indikator: int
    anggaran: int
    sub_kegiatan: int
    narasi: int
    bukti: int

    @property
    def empty(self) -> bool:
        return not (self.nilai or self.anggaran or self.narasi or self.bukti)

    @property
    def complete(self) -> bool:
        return self.nilai == self.indikator and self.anggaran == self.sub_kegiatan and self.bukti > 0

    def lines(self) -> list[str]:
        """The summary a submitter confirms, in the order of the entry page."""
        return [
            f"{self.nilai} dari {self.indikator} nilai realisasi indikator terisi",
            f"{self.anggaran} dari {self.sub_kegiatan} realisasi anggaran sub kegiatan terisi",
            f"{self.bukti} bukti dukung" if self.bukti else "belum ada bukti dukung",
        ]

    def refusal(self) -> str:
        return (
            f"Laporan {self.periode} belum berisi apa pun: {'; '.join(self.lines())}. "
            "Isi realisasi triwulan ini terlebih dahulu, lalu ajukan."
        )


def report_contents(renja: Renja, unit_kerja_id: int, quarter: int) -> ReportContents:
    """What the unit's quarter holds (every indicator of the unit's sub kegiatan, whoever
    asks: this decides whether the report may be submitted). Five queries."""
    indicators = Indikator.objects.filter(renja=renja, sub_kegiatan__unit_kerja_id=unit_kerja_id)
    subs = SubKegiatan.objects.filter(renja=renja, unit_kerja_id=unit_kerja_id)
    spent = RealisasiSubKegiatan.objects.filter(sub_kegiatan__in=subs, triwulan=quarter)
    written = Q()
    for name in NARASI:
        written |= ~Q(**{name: ""})
    return ReportContents(
        periode=quarter_label(quarter, renja.tahun),
        nilai=_filled_by_unit(renja, indicators, quarter).get(unit_kerja_id, 0),
        indikator=indicators.count(),
        anggaran=spent.filter(anggaran__isnull=False).count(),
        sub_kegiatan=subs.count(),
        narasi=spent.filter(written).count(),
        bukti=BuktiDukung.objects.filter(sub_kegiatan__in=subs, triwulan=quarter).count(),
    )


@dataclass(frozen=True)
class DeadlineState:
    text: str
    style: str  # a Bootstrap colour: danger when late, warning when close


def deadline_state(
    deadline: TenggatTriwulan | None, submitted: dt.datetime | None, today: dt.date | None = None
) -> DeadlineState | None:
    """How the quarter's deadline stands: before it "Sisa N hari", after it "Terlambat N
    hari" while unsubmitted; once submitted, only a late submission is worth a mark."""
    if deadline is None:
        return None
    today = today or dates.today()
    if submitted is not None:
        late = (timezone.localtime(submitted).date() - deadline.batas).days
        return DeadlineState(f"Diajukan terlambat {late} hari", "secondary") if late > 0 else None
    left = (deadline.batas - today).days
    if left < 0:
        return DeadlineState(f"Terlambat {-left} hari", "danger")
    if left == 0:
        return DeadlineState("Batas waktu hari ini", "warning")
    return DeadlineState(f"Sisa {left} hari", "warning" if left <= 7 else "info")
