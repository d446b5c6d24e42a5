"""The year's figures of a Renja up to a quarter: every indicator's quarterly Realisasi,
its aggregate, capaian and predikat, and every sub kegiatan's budget realisation, with the
approval state of each quarter. The entry page, the E.81 evaluation, the early warning and
the dashboard all read from here, in a fixed number of queries whatever the plan's size.

A quarter counts for projections only when it has ended or its figures are approved. The
quarter under way is "berjalan": its figures (an automatic count above all, which reads 0 on
the quarter's first day) are shown as running and `counted` leaves them out, so a projection
never takes them for a reported result. Today's date comes from lib.dates.today().
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet

from selaras.lib import capaian as rules
from selaras.lib import dates
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
    closed: list[bool] = field(default_factory=lambda: [True] * 4)  # ended, or approved

    @property
    def all_approved(self) -> bool:
        return all(ok for value, ok in zip(self.quarters, self.approved, strict=True) if value is not None)

    @property
    def counted(self) -> list[Decimal | None]:
        """The quarters a projection may take as reported: those that have ended or are approved."""
        return _counted(self.quarters, self.closed)

    @property
    def berjalan(self) -> Decimal | None:
        """The figure of the quarter under way, shown apart ("berjalan"), or None."""
        return _berjalan(self.quarters, self.closed)


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
    closed: list[bool] = field(default_factory=lambda: [True] * 4)  # ended, or approved

    @property
    def anggaran_counted(self) -> list[Decimal | None]:
        return _counted(self.anggaran, self.closed)

    @property
    def anggaran_berjalan(self) -> Decimal | None:
        return _berjalan(self.anggaran, self.closed)


def _counted(values: list[Decimal | None], closed: list[bool]) -> list[Decimal | None]:
    return [value if ok else None for value, ok in zip(values, closed, strict=True)]


def _berjalan(values: list[Decimal | None], closed: list[bool]) -> Decimal | None:
    running = [value for value, ok in zip(values, closed, strict=True) if not ok and value is not None]
    return running[-1] if running else None


@dataclass
class RenjaFigures:
    renja: Renja
    up_to: int
    sub_kegiatan: list[SubKegiatanFigures]
    outcome: list[IndikatorFigures]  # indicators of programs and kegiatan
    status: dict[tuple[int, int], str]  # (unit_kerja_id, triwulan) -> Laporan status
    today: dt.date | None = None
    running: int | None = None  # the quarter under way, when it is of this Renja's year

    @property
    def running_shown(self) -> int | None:
        """The running quarter when the figures reach it (up_to), for the pages' labels."""
        return self.running if self.running is not None and self.running <= self.up_to else None

    def all_indikator(self) -> list[IndikatorFigures]:
        return self.outcome + [i for s in self.sub_kegiatan for i in s.indikator]


def elapsed_quarters(tahun: int, today: dt.date | None = None) -> int:
    """How many quarters of the year have begun: 4 for a past year, 0 for a future one."""
    return dates.quarters_begun(tahun, today or dates.today())


def default_quarter(tahun: int, today: dt.date | None = None) -> int:
    """The quarter the dashboard and the E.81 open on: the last one that has ended."""
    return dates.default_quarter(tahun, today or dates.today())


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
    today = dates.today()
    counted_up_to = min(up_to, elapsed_quarters(renja.tahun, today))
    ended = dates.quarters_ended(renja.tahun, today)

    def closed(approved: list[bool]) -> list[bool]:
        return [q <= ended or ok for q, ok in zip(QUARTERS, approved, strict=True)]

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
            closed=closed(approved),
        )
        figures.realisasi = rules.aggregate(figures.quarters, ind.agregasi)
        figures.capaian = rules.capaian_to_date(
            figures.realisasi,
            ind.target,
            ind.polaritas,
            ind.target_atas,
            ind.quarterly_targets,
            up_to,
            ind.agregasi,
        )
        figures.predikat = rules.predikat(figures.capaian)
        return figures

    result = []
    for sub in subs:
        approved = [status.get((sub.unit_kerja_id, q)) == APPROVED for q in QUARTERS]
        rows = spent.get(sub.pk, {})
        figures = SubKegiatanFigures(
            sub=sub,
            anggaran=[rows[q]["anggaran"] if q in rows else None for q in QUARTERS],
            narasi=[{k: rows[q][k] if q in rows else "" for k in NARASI} for q in QUARTERS],
            versions=[rows[q]["versi"] if q in rows else 0 for q in QUARTERS],
            approved=approved,
            indikator=[indikator_figures(ind, approved) for ind in sub.indikator.all()],
            closed=closed(approved),
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
        today=today,
        running=dates.running_quarter(renja.tahun, today),
    )
