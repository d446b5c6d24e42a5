"""The agency head's pages on a Renja: the monitoring index, the early warning and the dashboard.

Both Renja pages read one WarningReport (monitoring/warning.py), which holds the figures of
load_figures: a fixed number of queries whatever the plan's size, with every rollup below
computed from those figures. The chart data goes inline with json_script, so a phone makes
one request for the page and no API calls.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from selaras.accounts.scoping import get_for_user
from selaras.core.htmx import render_page_or_fragment
from selaras.core.params import id_param
from selaras.lib import capaian as rules
from selaras.lib.dates import QUARTER_NUMERALS, quarter_label
from selaras.monitoring.figures import QUARTERS, IndikatorFigures, RenjaFigures
from selaras.monitoring.quarters import chosen_quarter, quarter_choices
from selaras.monitoring.warning import Jenis, WarningReport, load_report
from selaras.organisations.models import UnitKerja
from selaras.planning.models import Renja, Renstra

DASHBOARD_WORST = 5
TABLE_PAGE_SIZE = 100
INDEX_PAGE_SIZE = 50
RENSTRA_SHOWN = 20
PREDIKAT_LABELS = [label for _, label in rules.PREDIKAT_BANDS]
STATUS_CHOICES = [(status.value, status.label) for _, status in rules.PERINGATAN_BANDS] + [
    ("none", "Belum ada data / tidak dapat diproyeksikan")
]


def _percent(value: Decimal | None) -> str | None:
    """A percentage for the charts' JSON: two places, as text (never a float)."""
    rounded = rules.round_percent(value)
    return None if rounded is None else str(rounded)


# --- Dashboard data --------------------------------------------------------------------------


@dataclass
class CapaianGroup:
    """Indicators of one program or one bidang, averaged (capaian.rata_rata_capaian)."""

    label: str
    values: list[Decimal | None] = field(default_factory=list)
    approved: bool = True

    def add(self, figures: IndikatorFigures) -> None:
        self.values.append(figures.capaian)
        self.approved = self.approved and figures.all_approved

    @property
    def average(self) -> Decimal | None:
        return rules.rata_rata_capaian(self.values)

    def as_json(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "capaian": _percent(self.average),
            "predikat": rules.predikat(self.average),
            "indikator": len(self.values),
            "belum_disetujui": not self.approved,
        }


def latest_quarter(figures: RenjaFigures) -> int | None:
    """The latest quarter with any reported figure, indicator or budget."""
    series = [f.quarters for f in figures.all_indikator()] + [s.anggaran for s in figures.sub_kegiatan]
    return max(
        (q for values in series for q, value in zip(QUARTERS, values, strict=True) if value is not None),
        default=None,
    )


def capaian_groups(report: WarningReport) -> tuple[list[CapaianGroup], list[CapaianGroup]]:
    """Average capaian to date per program (every indicator in its tree) and per bidang (the
    sub kegiatan indicators; outcome indicators belong to no bidang)."""
    figures, owners = report.figures, report.owners
    programs: dict[int | None, CapaianGroup] = {}
    bidang: dict[int, CapaianGroup] = {}

    def program_group(program_id: int | None) -> CapaianGroup:
        if program_id not in programs:
            programs[program_id] = CapaianGroup(owners.program_label(program_id))
        return programs[program_id]

    for ind in figures.outcome:
        program_group(owners.of_outcome(ind).program_id).add(ind)
    for sub in figures.sub_kegiatan:
        for ind in sub.indikator:
            program_group(sub.sub.kegiatan.program_id).add(ind)
            unit = sub.sub.unit_kerja
            bidang.setdefault(unit.pk, CapaianGroup(unit.nama)).add(ind)
    return (
        sorted(programs.values(), key=lambda group: group.label),
        sorted(bidang.values(), key=lambda group: group.label),
    )


def _capaian_to(figures: IndikatorFigures, quarter: int) -> Decimal | None:
    ind = figures.indikator
    realisasi = rules.aggregate(figures.quarters[:quarter], ind.agregasi)
    return rules.capaian_to_date(
        realisasi, ind.target, ind.polaritas, ind.target_atas, ind.quarterly_targets, quarter, ind.agregasi
    )


def _unapproved_to(series: Iterable[tuple[list[Decimal | None], list[bool]]], quarter: int) -> bool:
    return any(
        value is not None and not ok
        for values, approved in series
        for value, ok in zip(values[:quarter], approved[:quarter], strict=True)
    )


def kurva(figures: RenjaFigures) -> dict[str, Any]:
    """Physical and budget realisation per quarter, cumulative, in % of the year, against the
    budget plan.

    Physical: the average over indicators of the capaian to date (the quarters up to this
    one against the annual target). Budget: the cumulative anggaran over the total pagu.
    Quarters after the latest one with data have no point. Plan: the cumulative anggaran kas
    of the sub kegiatan (the pagu spread evenly where none is given) over the total pagu, for
    all four quarters.
    """
    latest = latest_quarter(figures) or 0
    indicators = figures.all_indikator()
    subs = figures.sub_kegiatan
    total_pagu = sum((s.sub.pagu for s in subs), Decimal(0))
    plans = [s.sub.rencana_kas for s in subs]
    planned = [sum((plan[q] for plan in plans for q in range(quarter)), Decimal(0)) for quarter in QUARTERS]
    rencana = [_percent(rules.capaian_anggaran(amount, total_pagu)) for amount in planned]
    series = [(f.quarters, f.approved) for f in indicators] + [(s.anggaran, s.approved) for s in subs]
    fisik: list[str | None] = []
    anggaran: list[str | None] = []
    unapproved: list[bool] = []
    for quarter in QUARTERS:
        if quarter > latest:
            fisik.append(None)
            anggaran.append(None)
            unapproved.append(False)
            continue
        fisik.append(_percent(rules.rata_rata_capaian(_capaian_to(f, quarter) for f in indicators)))
        spent = sum((value for s in subs for value in s.anggaran[:quarter] if value is not None), Decimal(0))
        anggaran.append(_percent(rules.capaian_anggaran(spent, total_pagu)))
        unapproved.append(_unapproved_to(series, quarter))
    return {
        "labels": [f"TW {QUARTER_NUMERALS[q]}" for q in QUARTERS],
        "fisik": fisik,
        "anggaran": anggaran,
        "rencana": rencana,
        "belum_disetujui": unapproved,
    }


def predikat_distribution(figures: RenjaFigures) -> dict[str, Any]:
    """How many indicators hold each predikat (capaian to date), in the five labels' order."""
    indicators = figures.all_indikator()
    counts = {label: 0 for label in PREDIKAT_LABELS}
    for ind in indicators:
        if ind.predikat is not None:
            counts[ind.predikat] += 1
    return {
        "labels": PREDIKAT_LABELS,
        "jumlah": [counts[label] for label in PREDIKAT_LABELS],
        "tanpa_capaian": sum(1 for ind in indicators if ind.predikat is None),
        "belum_disetujui": any(ind.predikat is not None and not ind.all_approved for ind in indicators),
    }


@dataclass
class Summary:
    pagu: Decimal
    realisasi_anggaran: Decimal
    serapan: Decimal | None  # total realisasi / total pagu: weighted by pagu
    rata_rata_anggaran: Decimal | None  # the E.81 footer's: mean of each sub kegiatan's capaian
    capaian: Decimal | None
    off_track: int
    ranked: int
    anggaran_approved: bool
    capaian_approved: bool
    off_track_approved: bool


def summary(report: WarningReport) -> Summary:
    figures = report.figures
    subs = figures.sub_kegiatan
    pagu = sum((s.sub.pagu for s in subs), Decimal(0))
    spent = sum((s.realisasi_anggaran or Decimal(0) for s in subs), Decimal(0))
    indicators = figures.all_indikator()
    kinerja = [row for row in report.rows if row.jenis is Jenis.KINERJA]
    off_track = [row for row in kinerja if row.status is rules.StatusPeringatan.OFF_TRACK]
    return Summary(
        pagu=pagu,
        realisasi_anggaran=spent,
        serapan=rules.capaian_anggaran(spent, pagu),
        rata_rata_anggaran=rules.rata_rata_capaian(s.capaian_anggaran for s in subs),
        capaian=rules.rata_rata_capaian(ind.capaian for ind in indicators),
        off_track=len(off_track),
        ranked=sum(1 for row in kinerja if row.ranked),
        anggaran_approved=all(row.approved for row in report.rows if row.jenis is Jenis.ANGGARAN),
        capaian_approved=all(ind.all_approved for ind in indicators),
        off_track_approved=all(row.approved for row in off_track),
    )


def dashboard_context(report: WarningReport) -> dict[str, Any]:
    programs, bidang = capaian_groups(report)
    figures = report.figures
    latest = latest_quarter(figures)
    worst = report.worst(DASHBOARD_WORST)
    charts = {
        "program": [group.as_json() for group in programs],
        "bidang": [group.as_json() for group in bidang],
        "kurva": kurva(report.figures),
        "predikat": predikat_distribution(report.figures),
    }
    unapproved = {
        "program": any(group["belum_disetujui"] for group in charts["program"]),
        "bidang": any(group["belum_disetujui"] for group in charts["bidang"]),
        "kurva": any(charts["kurva"]["belum_disetujui"]),
        "predikat": charts["predikat"]["belum_disetujui"],
    }
    return {
        "charts": charts,
        "unapproved": unapproved,
        "latest": latest,
        "latest_label": quarter_label(latest, figures.renja.tahun) if latest else None,
        "up_to": figures.up_to,
        "up_to_label": quarter_label(figures.up_to, figures.renja.tahun),
        "berjalan_label": quarter_label(figures.running_shown, figures.renja.tahun)
        if figures.running_shown
        else None,
        "quarters": quarter_choices(figures.running),
        "summary": summary(report),
        "worst": worst,
        # Room for up to three lines of label per bar.
        "program_height": 80 + 46 * len(programs),
        "bidang_height": 80 + 46 * len(bidang),
        "bands": rules.band_conditions(rules.PERINGATAN_BANDS),
    }


# --- Pages -----------------------------------------------------------------------------------


def _renja(request: HttpRequest, renja_pk: int) -> Renja:
    return get_for_user(Renja.objects.select_related("perangkat_daerah"), request.user, pk=renja_pk)


@login_required
def index(request: HttpRequest) -> HttpResponse:
    rows = Renja.objects.visible_to(request.user).select_related("perangkat_daerah")
    page = Paginator(rows.order_by("-tahun", "perangkat_daerah__nama"), INDEX_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "monitoring/index.html",
        {
            "page": page,
            "quarters": [(q, QUARTER_NUMERALS[q]) for q in QUARTERS],
            # Few: one Renstra per Perangkat Daerah every five years.
            "renstra": Renstra.objects.visible_to(request.user)
            .select_related("perangkat_daerah")
            .order_by("-tahun_awal", "perangkat_daerah__nama")[:RENSTRA_SHOWN],
        },
    )


def bidang_choices(renja: Renja, user: Any) -> list[UnitKerja]:
    units = UnitKerja.objects.filter(perangkat_daerah_id=renja.perangkat_daerah_id).order_by("nama")
    if user.is_unit_scoped:
        units = units.filter(pk=user.unit_kerja_id)
    return list(units)


@login_required
def warning(request: HttpRequest, renja_pk: int) -> HttpResponse:
    renja = _renja(request, renja_pk)
    bidang = id_param(request, "bidang")
    status = request.GET.get("status", "")
    report = load_report(renja, request.user, unit_id=bidang)
    rows = [row for row in report.rows if not status or row.status_key == status]
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "renja": renja,
        "report": report,
        "worst": report.worst(),
        "counts": Counter(row.status_key for row in report.rows),
        "page": Paginator(rows, TABLE_PAGE_SIZE).get_page(request.GET.get("page")),
        "bidang": bidang,
        "status": status,
        "choices": bidang_choices(renja, request.user),
        "status_choices": STATUS_CHOICES,
        "bands": rules.band_conditions(rules.PERINGATAN_BANDS),
        "query_base": params.urlencode(),
    }
    return render_page_or_fragment(
        request, "monitoring/warning.html", "monitoring/_warning_results.html", context
    )


@login_required
def dashboard(request: HttpRequest, renja_pk: int) -> HttpResponse:
    renja = _renja(request, renja_pk)
    report = load_report(renja, request.user, up_to=chosen_quarter(request, renja))
    return render(request, "monitoring/dashboard.html", {"renja": renja, **dashboard_context(report)})
