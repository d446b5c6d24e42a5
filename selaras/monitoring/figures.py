"""The year's figures of a Renja up to a quarter: every indicator's quarterly Realisasi,
its aggregate, capaian and predikat, and every sub kegiatan's budget realisation, with the
approval state of each quarter. The entry page, the E.81 evaluation, the early warning and
the dashboard all read from here, in a fixed number of queries whatever the plan's size.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from selaras.lib import capaian as rules
from selaras.lib.dates import quarter_of
from selaras.monitoring import locks, sources
from selaras.monitoring.models import NARASI, Laporan, Realisasi, RealisasiSubKegiatan
from selaras.planning.models import Indikator, Renja, SubKegiatan

QUARTERS = (1, 2, 3, 4)
APPROVED = Laporan.Status.DISETUJUI


@dataclass
class IndikatorFigures:
    indikator: Indikator
    quarters: list[Decimal | None]  # TW I..IV, None where nothing is reported (or after up_to)
    notes: list[str]
    versions: list[int]  # 0 where no row exists yet
    approved: list[bool]  # the quarter's figure sits in an approved report
    realisasi: Decimal | None = None  # aggregated up to the quarter
    automatic: bool = False  # computed from records (sources.py), not typed in
    capaian: Decimal | None = None
    predikat: str | None = None

    @property
    def all_approved(self) -> bool:
        return all(ok for value, ok in zip(self.quarters, self.approved, strict=True) if value is not None)


@dataclass
class SubKegiatanFigures:
    sub: SubKegiatan
    anggaran: list[Decimal | None]
    narasi: list[dict[str, str]]
    versions: list[int]
    approved: list[bool]
    indikator: list[IndikatorFigures] = field(default_factory=list)
    realisasi_anggaran: Decimal | None = None
    capaian_anggaran: Decimal | None = None


@dataclass
class RenjaFigures:
    renja: Renja
    up_to: int
    sub_kegiatan: list[SubKegiatanFigures]
    outcome: list[IndikatorFigures]  # indicators of programs and kegiatan
    status: dict[tuple[int, int], str]  # (unit_kerja_id, triwulan) -> Laporan status

    def all_indikator(self) -> list[IndikatorFigures]:
        return self.outcome + [i for s in self.sub_kegiatan for i in s.indikator]


def elapsed_quarters(tahun: int, today: dt.date | None = None) -> int:
    """How many quarters of the year have begun: 4 for a past year, 0 for a future one."""
    today = today or timezone.localdate()
    if tahun < today.year:
        return 4
    return quarter_of(today) if tahun == today.year else 0


def sub_kegiatan_rows(
    renja: Renja, user: Any, unit_id: int | None = None, sub_kegiatan_ids: Sequence[int] | None = None
) -> QuerySet[SubKegiatan]:
    rows = SubKegiatan.objects.visible_to(user).filter(renja=renja)
    if unit_id:
        rows = rows.filter(unit_kerja_id=unit_id)
    if sub_kegiatan_ids is not None:
        rows = rows.filter(pk__in=sub_kegiatan_ids)
    return (
        rows.select_related(
            "nomenklatur", "unit_kerja", "kegiatan__nomenklatur", "kegiatan__program__nomenklatur"
        )
        .prefetch_related(Prefetch("indikator", queryset=Indikator.objects.order_by("id")))
        .order_by("nomenklatur__kode")
    )


def load_figures(
    renja: Renja,
    user: Any,
    up_to: int = 4,
    unit_id: int | None = None,
    outcome: bool = True,
    sub_kegiatan_ids: Sequence[int] | None = None,
) -> RenjaFigures:
    """Figures of the Renja, only what the user sees: one unit's when unit_id is given, only
    the given sub kegiatan when sub_kegiatan_ids is (an empty list: none), and the outcome
    indicators of programs and kegiatan unless outcome is False."""
    status = locks.statuses(renja)
    subs = list(sub_kegiatan_rows(renja, user, unit_id, sub_kegiatan_ids))
    outcome_rows = (
        list(Indikator.objects.visible_to(user).filter(renja=renja, sub_kegiatan__isnull=True).order_by("id"))
        if outcome
        else []
    )
    realised = Realisasi.objects.filter(renja=renja, triwulan__lte=up_to)
    spent_rows = RealisasiSubKegiatan.objects.filter(renja=renja, triwulan__lte=up_to)
    if sub_kegiatan_ids is not None:  # a page about a few rows reads only theirs
        shown = [i.pk for sub in subs for i in sub.indikator.all()] + [i.pk for i in outcome_rows]
        realised = realised.filter(indikator_id__in=shown)
        spent_rows = spent_rows.filter(sub_kegiatan_id__in=[sub.pk for sub in subs])
    realisasi: dict[int, dict[int, dict[str, Any]]] = defaultdict(dict)
    for row in realised.values("indikator_id", "triwulan", "nilai", "catatan", "versi"):
        realisasi[row["indikator_id"]][row["triwulan"]] = row
    spent: dict[int, dict[int, dict[str, Any]]] = defaultdict(dict)
    for row in spent_rows.values(
        "sub_kegiatan_id",
        "triwulan",
        "anggaran",
        *NARASI,
        "versi",
    ):
        spent[row["sub_kegiatan_id"]][row["triwulan"]] = row

    units = locks.reporting_units(renja)
    pd_approved = [locks.pd_quarter_approved(status, units, q) for q in QUARTERS]

    all_indicators = [i for sub in subs for i in sub.indikator.all()] + outcome_rows
    computed = sources.automatic_values(renja, all_indicators)
    counted_up_to = min(up_to, elapsed_quarters(renja.tahun))

    def quarter_value(ind: Indikator, rows: dict[int, dict[str, Any]], q: int) -> Decimal | None:
        if sources.is_automatic(ind):
            # Quarters that have begun count their records (zero if none); later ones are blank.
            return computed.get((ind.pk, q), Decimal(0)) if q <= counted_up_to else None
        return rows[q]["nilai"] if q in rows else None

    def indikator_figures(ind: Indikator, approved: list[bool]) -> IndikatorFigures:
        rows = realisasi.get(ind.pk, {})
        figures = IndikatorFigures(
            indikator=ind,
            quarters=[quarter_value(ind, rows, q) for q in QUARTERS],
            notes=[rows[q]["catatan"] if q in rows else "" for q in QUARTERS],
            versions=[rows[q]["versi"] if q in rows else 0 for q in QUARTERS],
            approved=approved,
            automatic=sources.is_automatic(ind),
        )
        figures.realisasi = rules.aggregate(figures.quarters, ind.agregasi)
        figures.capaian = rules.capaian(figures.realisasi, ind.target, ind.polaritas, ind.target_atas)
        figures.predikat = rules.predikat(figures.capaian)
        return figures

    result = []
    for sub in subs:
        approved = [status.get((sub.unit_kerja_id, q)) == APPROVED for q in QUARTERS]
        rows = spent.get(sub.pk, {})
        figures = SubKegiatanFigures(
            sub=sub,
            anggaran=[rows[q]["anggaran"] if q in rows else None for q in QUARTERS],
            narasi=[
                {k: rows[q][k] if q in rows else "" for k in NARASI} for q in QUARTERS
            ],
            versions=[rows[q]["versi"] if q in rows else 0 for q in QUARTERS],
            approved=approved,
            indikator=[indikator_figures(ind, approved) for ind in sub.indikator.all()],
        )
        figures.realisasi_anggaran = rules.aggregate(figures.anggaran, rules.Agregasi.JUMLAH)
        figures.capaian_anggaran = rules.capaian_anggaran(figures.realisasi_anggaran, sub.pagu)
        result.append(figures)
    return RenjaFigures(
        renja=renja,
        up_to=up_to,
        sub_kegiatan=result,
        outcome=[indikator_figures(ind, pd_approved) for ind in outcome_rows],
        status=status,
    )
