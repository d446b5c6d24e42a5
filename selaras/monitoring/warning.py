"""Early warning (peringatan dini) of a Renja: where the year ends if the pace so far continues.

For every indicator and every sub kegiatan budget the user sees (monitoring/figures.py), the
year-end value is projected from the quarterly targets and the quarters reported so far
(lib/capaian.py proyeksi_akhir_tahun, proyeksi_serapan against the sub kegiatan's anggaran
kas, the pagu spread evenly where none is planned), its capaian is taken against the annual
target by polarity (or against the pagu), and classified by PERINGATAN_BANDS. The rules live
in lib/capaian.py; this module applies them to the loaded figures and ranks the result, so it
adds no query per row.

Only the quarters that have ended or are approved count (figures.counted): the quarter under
way is shown apart as "berjalan" and never enters a projection, so an automatic count does not
read as a reported 0 on the first day of a quarter.

Indicators and budgets are ranked together in one list with a type column (Kinerja /
Anggaran): the agency head reads one "worst first" list, and a sub kegiatan that is behind
on both shows up twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from selaras.lib import capaian as rules
from selaras.lib.capaian import StatusPeringatan
from selaras.monitoring.figures import IndikatorFigures, RenjaFigures, SubKegiatanFigures, load_figures
from selaras.organisations.models import UnitKerja
from selaras.planning.models import Kegiatan, Program, Renja

WORST_COUNT = 10
BELUM_ADA_DATA = "Belum ada data"
TANPA_PROYEKSI = "Tidak dapat diproyeksikan"


class Jenis(StrEnum):
    """What a projection is about: an indicator's Realisasi or a sub kegiatan's budget."""

    KINERJA = "kinerja"
    ANGGARAN = "anggaran"

    @property
    def label(self) -> str:
        return "Kinerja" if self is Jenis.KINERJA else "Anggaran"


@dataclass(frozen=True)
class Owner:
    """The plan row an indicator or a budget belongs to, for labels and grouping."""

    level: str  # Program, Kegiatan, Sub Kegiatan
    kode: str
    nama: str
    program_id: int | None


@dataclass
class PlanOwners:
    """Programs and kegiatan of the Renja by id, so outcome indicators get a label without a
    query each (load_figures does not join them)."""

    programs: dict[int, Program]
    kegiatan: dict[int, Kegiatan]

    def program_label(self, program_id: int | None) -> str:
        program = self.programs.get(program_id) if program_id else None
        return str(program.nomenklatur) if program else "-"

    def of_outcome(self, figures: IndikatorFigures) -> Owner:
        ind = figures.indikator
        if ind.program_id:
            program = self.programs.get(ind.program_id)
            nomen = program.nomenklatur if program else None
            return Owner("Program", nomen.kode if nomen else "", nomen.nama if nomen else "", ind.program_id)
        kegiatan = self.kegiatan.get(ind.kegiatan_id) if ind.kegiatan_id else None
        if kegiatan is None:
            return Owner("Kegiatan", "", "", None)
        return Owner("Kegiatan", kegiatan.nomenklatur.kode, kegiatan.nomenklatur.nama, kegiatan.program_id)


def load_owners(renja: Renja) -> PlanOwners:
    """Two queries whatever the plan's size."""
    return PlanOwners(
        programs={p.pk: p for p in Program.objects.filter(renja=renja).select_related("nomenklatur")},
        kegiatan={k.pk: k for k in Kegiatan.objects.filter(renja=renja).select_related("nomenklatur")},
    )


@dataclass
class Proyeksi:
    """One row of the early warning: an indicator's or a budget's projected year end."""

    jenis: Jenis
    uraian: str
    satuan: str
    owner: Owner
    unit_kerja: UnitKerja | None
    target: Decimal | None  # the annual target (lower bound of a range) or the pagu
    target_atas: Decimal | None
    realisasi: Decimal | None  # so far, by the indicator's aggregation (Rp for a budget)
    proyeksi: Decimal | None  # projected year-end Realisasi (Rp for a budget)
    capaian: Decimal | None  # projected year-end capaian, unrounded
    status: StatusPeringatan | None
    reported: int  # quarters reported
    approved: bool  # every reported quarter sits in an approved report
    berjalan: Decimal | None = None  # the running quarter's figure so far, outside the projection

    @property
    def ranked(self) -> bool:
        return self.status is not None

    @property
    def status_label(self) -> str:
        if self.status is not None:
            return self.status.label
        return BELUM_ADA_DATA if self.reported == 0 else TANPA_PROYEKSI

    @property
    def status_key(self) -> str:
        """on_track / at_risk / off_track, or none: for filters and CSS classes."""
        return self.status.value if self.status is not None else "none"

    @property
    def capaian_shown(self) -> Decimal | None:
        return rules.round_percent(self.capaian)


def _reported(values: list[Decimal | None]) -> int:
    return sum(value is not None for value in values)


def _approved(values: list[Decimal | None], approved: list[bool]) -> bool:
    return all(ok for value, ok in zip(values, approved, strict=True) if value is not None)


def project_indikator(figures: IndikatorFigures, owner: Owner, unit: UnitKerja | None) -> Proyeksi:
    """Project an indicator: the pace so far against its quarterly targets continues.

    The annual target passed to the projection is Indikator.target, which for a range is the
    lower bound: quarterly milestones of an akhir indicator lead there, and reaching it is
    inside the range.
    """
    ind = figures.indikator
    counted = figures.counted
    projected = rules.proyeksi_akhir_tahun(ind.quarterly_targets, counted, ind.agregasi, ind.target)
    value = rules.capaian(projected, ind.target, ind.polaritas, ind.target_atas)
    return Proyeksi(
        jenis=Jenis.KINERJA,
        uraian=ind.uraian,
        satuan=ind.satuan,
        owner=owner,
        unit_kerja=unit,
        target=ind.target,
        target_atas=ind.target_atas,
        realisasi=rules.aggregate(counted, ind.agregasi),
        proyeksi=projected,
        capaian=value,
        status=rules.status_peringatan(value),
        reported=_reported(counted),
        approved=_approved(counted, figures.approved),
        berjalan=figures.berjalan,
    )


def project_anggaran(figures: SubKegiatanFigures, owner: Owner) -> Proyeksi:
    """Project a sub kegiatan's spending against its anggaran kas (rencana penarikan dana per
    quarter; the pagu spread evenly where none is planned)."""
    sub = figures.sub
    counted = figures.anggaran_counted
    projected = rules.proyeksi_serapan(sub.anggaran_kas, counted, sub.pagu)
    value = rules.capaian_anggaran(projected, sub.pagu)
    return Proyeksi(
        jenis=Jenis.ANGGARAN,
        uraian="Serapan anggaran",
        satuan="Rp",
        owner=owner,
        unit_kerja=sub.unit_kerja,
        target=sub.pagu,
        target_atas=None,
        realisasi=rules.aggregate(counted, rules.Agregasi.JUMLAH),
        proyeksi=projected,
        capaian=value,
        status=rules.status_peringatan(value),
        reported=_reported(counted),
        approved=_approved(counted, figures.approved),
        berjalan=figures.anggaran_berjalan,
    )


def _rank_key(row: Proyeksi) -> Decimal:
    return row.capaian if row.capaian is not None else Decimal(0)  # ranked rows always have one


@dataclass
class WarningReport:
    """Every projection of the Renja (in plan order) with the figures it came from."""

    figures: RenjaFigures
    owners: PlanOwners
    rows: list[Proyeksi]

    def ranked(self) -> list[Proyeksi]:
        """Rows with a projected capaian, lowest first; ties keep the plan order."""
        return sorted((row for row in self.rows if row.ranked), key=_rank_key)

    def worst(self, count: int = WORST_COUNT) -> list[Proyeksi]:
        return self.ranked()[:count]

    def count(self, status: StatusPeringatan | None, jenis: Jenis | None = None) -> int:
        return sum(1 for row in self.rows if row.status == status and (jenis is None or row.jenis == jenis))

    @property
    def all_approved(self) -> bool:
        return all(row.approved for row in self.rows)


def build_report(figures: RenjaFigures, owners: PlanOwners) -> WarningReport:
    """Outcome indicators first, then each sub kegiatan's indicators and its budget."""
    rows = [project_indikator(f, owners.of_outcome(f), None) for f in figures.outcome]
    for sub_figures in figures.sub_kegiatan:
        sub = sub_figures.sub
        owner = Owner("Sub Kegiatan", sub.nomenklatur.kode, sub.nomenklatur.nama, sub.kegiatan.program_id)
        rows.extend(project_indikator(f, owner, sub.unit_kerja) for f in sub_figures.indikator)
        rows.append(project_anggaran(sub_figures, owner))
    return WarningReport(figures=figures, owners=owners, rows=rows)


def load_report(renja: Renja, user: Any, unit_id: int | None = None, up_to: int = 4) -> WarningReport:
    """The early warning of everything the user sees, from the quarters up to `up_to`; one
    bidang's rows when unit_id is given (the outcome indicators, which belong to no bidang,
    are then left out)."""
    figures = load_figures(renja, user, up_to=up_to, unit_id=unit_id, outcome=unit_id is None)
    return build_report(figures, load_owners(renja))
