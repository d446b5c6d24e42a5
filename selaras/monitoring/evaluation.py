"""The official evaluation of a Renja, Permendagri 86/2017 form E.81, up to a quarter.

One row per program, kegiatan and sub kegiatan (carrying the budget, Rp) and one per
indicator below its owner (carrying the performance, K), with columns 1-15 of the form
(data/aturan/kolom_evaluasi_renja_e81.csv) plus this year's capaian and predikat, and the
footer: average capaian and its predikat, average budget capaian, the quarter's narratives
(the two factors and the two follow-ups of the form) and the two signature blocks. One
bidang's evaluation (`unit`) holds that unit's sub kegiatan under the program and kegiatan
above them, as an operator of the bidang sees it.

This year's figures come from monitoring.figures.load_figures (what the user may see), the
Renstra's from evaluation_renstra; the arithmetic is selaras.lib.capaian's. The query count
is fixed whatever the size of the plan.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal, TypedDict

from django.utils import timezone

from selaras.lib import capaian as rules
from selaras.lib.dates import QUARTER_NUMERALS, format_date, quarter_bounds, quarter_label
from selaras.monitoring import sources
from selaras.monitoring.evaluation_renstra import RenstraFigures, load_renstra_figures
from selaras.monitoring.figures import IndikatorFigures, SubKegiatanFigures, load_figures
from selaras.monitoring.models import NARASI
from selaras.organisations.models import PerangkatDaerah, UnitKerja
from selaras.planning.models import Kegiatan, Program, Renja
from selaras.reference.models import Nomenklatur

Level = Literal["program", "kegiatan", "sub_kegiatan", "indikator"]
QUARTERS = (1, 2, 3, 4)
BAPPEDA = "BAPPEDA"
DOTS = ".................................................."
PENDING_LEGEND = "* belum disetujui"
NO_RENSTRA = "Renja ini belum terhubung dengan Renstra: kolom 2, 5 dan 6 kosong."


class E81Row(TypedDict):
    """One line of the form. Owner rows (program, kegiatan, sub kegiatan) fill the Rp
    columns, indicator rows the K columns; None is a blank cell. Percentages are rounded to
    two places, as printed."""

    level: Level
    no: str  # column 1
    sasaran: str  # column 2
    kode: str  # column 3, with uraian
    uraian: str
    indikator: str  # column 4
    satuan: str
    k5: Decimal | None
    k5_atas: Decimal | None  # upper bound of a range target
    rp5: Decimal | None
    k6: Decimal | None
    rp6: Decimal | None
    k7: Decimal | None
    k7_atas: Decimal | None
    rp7: Decimal | None
    k_tw: list[Decimal | None]  # columns 8-11
    rp_tw: list[Decimal | None]
    pending_tw: list[bool]  # the quarter's figure is reported but not yet approved
    k12: Decimal | None
    rp12: Decimal | None
    pending_12: bool
    k13: Decimal | None
    rp13: Decimal | None
    k14: Decimal | None  # 13 against 5 by the indicator's polarity and range (Rp: 13 / 5 x 100)
    rp14: Decimal | None
    unit: str  # column 15
    capaian_k: Decimal | None  # this year's: 12 against 7 by polarity and range
    capaian_rp: Decimal | None  # this year's budget: 12 / 7 x 100
    predikat: str
    records_url: str  # for an indicator computed from records (monitoring/sources.py): where they are


class Footer(TypedDict):
    rata_rata_kinerja: Decimal | None
    predikat_kinerja: str
    rata_rata_anggaran: Decimal | None
    faktor_pendorong: list[str]
    faktor_penghambat: list[str]
    tindak_lanjut: list[str]  # in the next quarter
    tindak_lanjut_renja: list[str]  # in the Perangkat Daerah's next Renja


class Signature(TypedDict):
    """A signature block; an empty `nama` prints as a dotted line."""

    peran: str  # Disusun / Dievaluasi
    tempat_tanggal: str
    jabatan: str
    nama: str
    nip: str


@dataclass
class Evaluation:
    renja: Renja
    up_to: int
    rows: list[E81Row]
    footer: Footer
    disusun: Signature
    dievaluasi: Signature
    tanggal_cetak: str
    notes: list[str]
    pending: bool  # some figure is not yet approved
    berjalan: int | None = None  # the quarter under way, when the period reaches it
    serapan_anggaran: Decimal | None = None  # total realisasi / total pagu, for the page's note
    unit: UnitKerja | None = None  # the bidang chosen, when the evaluation is one bidang's

    @property
    def periode(self) -> str:
        return f"Triwulan {QUARTER_NUMERALS[self.up_to]} Tahun {self.renja.tahun}"

    @property
    def periode_pelaksanaan(self) -> str:
        """The quarters the figures cover, as the form's heading names them."""
        last = QUARTER_NUMERALS[self.up_to]
        quarters = last if self.up_to == 1 else f"{QUARTER_NUMERALS[1]}–{last}"
        return f"Triwulan {quarters} Tahun {self.renja.tahun}"

    @property
    def sasaran(self) -> list[str]:
        """The sasaran of column 2 in the order of the rows, each once."""
        return list(dict.fromkeys(row["sasaran"] for row in self.rows if row["sasaran"]))


def berjalan_note(tahun: int, quarter: int) -> str:
    end = quarter_bounds(tahun, quarter)[1]
    return (
        f"{quarter_label(quarter, tahun)} masih berjalan (berakhir {format_date(end)}): angka triwulan "
        "itu sementara, hitungan otomatis terus bertambah sampai triwulan berakhir."
    )


def build_evaluation(renja: Renja, user: Any, up_to: int, unit: UnitKerja | None = None) -> Evaluation:
    """The E.81 of the Renja as the user may see it, up to quarter `up_to` (1-4); only the
    sub kegiatan of `unit` (a bidang the user sees, see bidang_choices) when it is given."""
    unit_id = unit.pk if unit is not None else None
    figures = load_figures(renja, user, up_to=up_to, unit_id=unit_id)
    renstra = load_renstra_figures(renja, user, unit_id=unit_id)
    programs = list(
        Program.objects.visible_to(user)
        .filter(renja=renja)
        .select_related("nomenklatur")
        .order_by("nomenklatur__kode")
    )
    kegiatan = list(
        Kegiatan.objects.visible_to(user)
        .filter(renja=renja)
        .select_related("nomenklatur")
        .order_by("nomenklatur__kode")
    )
    subs_of: dict[int, list[SubKegiatanFigures]] = defaultdict(list)
    for sub in figures.sub_kegiatan:
        subs_of[sub.sub.kegiatan_id].append(sub)
    outcome_of: dict[tuple[str, int], list[IndikatorFigures]] = defaultdict(list)
    for ind in figures.outcome:
        program_id, kegiatan_id = ind.indikator.program_id, ind.indikator.kegiatan_id
        outcome_of[("program", program_id) if program_id else ("kegiatan", kegiatan_id)].append(ind)
    # A unit-scoped user, or one bidang's evaluation, has only the program and kegiatan above
    # that bidang's sub kegiatan.
    one_unit = user.is_unit_scoped or unit is not None
    if one_unit:
        kegiatan = [k for k in kegiatan if subs_of[k.pk]]
    kegiatan_of: dict[int, list[Kegiatan]] = defaultdict(list)
    for keg in kegiatan:
        kegiatan_of[keg.program_id].append(keg)
    if one_unit:
        programs = [p for p in programs if kegiatan_of[p.pk]]

    builder = _RowBuilder(renstra, up_to)
    for p_no, program in enumerate(programs, start=1):
        program_subs = [s for k in kegiatan_of[program.pk] for s in subs_of[k.pk]]
        builder.owner("program", str(p_no), program.nomenklatur, program_subs)
        builder.indicators(outcome_of[("program", program.pk)])
        for k_no, keg in enumerate(kegiatan_of[program.pk], start=1):
            builder.owner("kegiatan", f"{p_no}.{k_no}", keg.nomenklatur, subs_of[keg.pk])
            builder.indicators(outcome_of[("kegiatan", keg.pk)])
            for s_no, sub in enumerate(subs_of[keg.pk], start=1):
                builder.owner("sub_kegiatan", f"{p_no}.{k_no}.{s_no}", sub.sub.nomenklatur, [sub])
                builder.indicators(sub.indikator)

    average = rules.rata_rata_capaian(builder.capaian_kinerja)
    narratives = _narratives(figures.sub_kegiatan, up_to)
    footer: Footer = {
        "rata_rata_kinerja": rules.round_percent(average),
        "predikat_kinerja": rules.predikat(average) or "",
        "rata_rata_anggaran": rules.round_percent(rules.rata_rata_capaian(builder.capaian_anggaran)),
        "faktor_pendorong": narratives["faktor_pendorong"],
        "faktor_penghambat": narratives["faktor_penghambat"],
        "tindak_lanjut": narratives["tindak_lanjut"],
        "tindak_lanjut_renja": narratives["tindak_lanjut_renja"],
    }
    tanggal = format_date(timezone.localdate())
    notes: list[str] = []
    shown_unit = unit or (user.unit_kerja if user.is_unit_scoped else None)
    if shown_unit is not None:
        notes.append(f"Hanya sub kegiatan {shown_unit.nama}.")
    if not renstra.linked:
        notes.append(NO_RENSTRA)
    if figures.running_shown:
        notes.append(berjalan_note(renja.tahun, figures.running_shown))
    rows = builder.rows
    subs = figures.sub_kegiatan
    spent = sum((s.realisasi_anggaran or Decimal(0) for s in subs), Decimal(0))
    return Evaluation(
        renja=renja,
        up_to=up_to,
        rows=rows,
        footer=footer,
        disusun=_disusun(renja, tanggal),
        dievaluasi=_dievaluasi(renja),
        tanggal_cetak=tanggal,
        notes=notes,
        pending=any(any(r["pending_tw"]) for r in rows),
        berjalan=figures.running_shown,
        serapan_anggaran=rules.round_percent(
            rules.capaian_anggaran(spent, sum((s.sub.pagu for s in subs), Decimal(0)))
        ),
        unit=unit,
    )


class _RowBuilder:
    """Appends the rows in the form's order and keeps the capaian the footer averages."""

    def __init__(self, renstra: RenstraFigures, up_to: int) -> None:
        self.renstra = renstra
        self.up_to = up_to
        self.rows: list[E81Row] = []
        self.capaian_kinerja: list[Decimal | None] = []
        self.capaian_anggaran: list[Decimal | None] = []

    def owner(self, level: Level, no: str, nomen: Nomenklatur, subs: Sequence[SubKegiatanFigures]) -> None:
        """A program, kegiatan or sub kegiatan with its budget rolled up from `subs` (the
        sub kegiatan below it that the user sees)."""
        rp_tw: list[Decimal | None] = []
        pending: list[bool] = []
        for q in range(len(QUARTERS)):
            spent = [s.anggaran[q] for s in subs if s.anggaran[q] is not None]
            rp_tw.append(sum(spent, Decimal(0)) if spent else None)
            pending.append(any(s.anggaran[q] is not None and not s.approved[q] for s in subs))
        rp5 = self.renstra.pagu.get(nomen.pk)
        rp6 = self.renstra.previous_rp.get(nomen.pk)
        rp7 = sum((s.sub.pagu for s in subs), Decimal(0))
        rp12 = rules.kolom_12(rp_tw)
        rp13 = rules.kolom_13(rp6, rp12)
        capaian_rp = rules.capaian_anggaran(rp12, rp7)
        if level == "sub_kegiatan":
            self.capaian_anggaran.append(capaian_rp)
        units = dict.fromkeys(s.sub.unit_kerja.nama for s in subs)
        row = _blank(level, no)
        row.update(
            sasaran=self.renstra.sasaran.get(nomen.pk, "") if level != "sub_kegiatan" else "",
            kode=nomen.kode,
            uraian=nomen.nama,
            rp5=rp5,
            rp6=rp6,
            rp7=rp7,
            rp_tw=rp_tw,
            pending_tw=pending,
            rp12=rp12,
            pending_12=any(pending),
            rp13=rp13,
            rp14=rules.round_percent(rules.kolom_14(rp13, rp5)),
            unit=", ".join(units),
            capaian_rp=rules.round_percent(capaian_rp),
        )
        self.rows.append(row)

    def indicators(self, indicators: Sequence[IndikatorFigures]) -> None:
        for figures in indicators:
            self.rows.append(self._indicator(figures))

    def _indicator(self, figures: IndikatorFigures) -> E81Row:
        ind = figures.indikator
        target5 = self.renstra.target.get(ind.renstra_indikator_id) if ind.renstra_indikator_id else None
        k5 = target5.target if target5 else None
        k5_atas = target5.atas if target5 else None
        k6 = self.renstra.realisasi_k(ind.renstra_indikator_id, ind.agregasi)
        k12 = rules.kolom_12(figures.quarters, ind.agregasi)
        k13 = rules.kolom_13(k6, k12, ind.agregasi)
        capaian_k = rules.capaian(k12, ind.target, ind.polaritas, ind.target_atas)
        self.capaian_kinerja.append(capaian_k)
        pending = [
            value is not None and not approved
            for value, approved in zip(figures.quarters, figures.approved, strict=True)
        ]
        row = _blank("indikator", "")
        row.update(
            indikator=ind.uraian,
            satuan=ind.satuan,
            k5=k5,
            k5_atas=k5_atas,
            k6=k6,
            k7=ind.target,
            k7_atas=ind.target_atas,
            k_tw=list(figures.quarters),
            pending_tw=pending,
            k12=k12,
            pending_12=any(pending),
            k13=k13,
            k14=rules.round_percent(rules.kolom_14(k13, k5, ind.polaritas, k5_atas)),
            capaian_k=rules.round_percent(capaian_k),
            predikat=rules.predikat(capaian_k) or "",
            records_url=sources.records_url(ind, self.up_to),
        )
        return row


def _blank(level: Level, no: str) -> E81Row:
    return {
        "level": level,
        "no": no,
        "sasaran": "",
        "kode": "",
        "uraian": "",
        "indikator": "",
        "satuan": "",
        "records_url": "",
        "k5": None,
        "k5_atas": None,
        "rp5": None,
        "k6": None,
        "rp6": None,
        "k7": None,
        "k7_atas": None,
        "rp7": None,
        "k_tw": [None] * len(QUARTERS),
        "rp_tw": [None] * len(QUARTERS),
        "pending_tw": [False] * len(QUARTERS),
        "k12": None,
        "rp12": None,
        "pending_12": False,
        "k13": None,
        "rp13": None,
        "k14": None,
        "rp14": None,
        "unit": "",
        "capaian_k": None,
        "capaian_rp": None,
        "predikat": "",
    }


def _narratives(subs: Sequence[SubKegiatanFigures], up_to: int) -> dict[str, list[str]]:
    """The chosen quarter's narratives (faktor pendorong, penghambat and both tindak lanjut),
    one line per sub kegiatan that wrote one, prefixed with its code."""
    lines: dict[str, list[str]] = {key: [] for key in NARASI}
    for sub in subs:
        narasi = sub.narasi[up_to - 1]
        for key in NARASI:
            text = narasi[key].strip()
            if text:
                lines[key].append(f"{sub.sub.nomenklatur.kode}: {text}")
    return lines


def _disusun(renja: Renja, tanggal: str) -> Signature:
    pd = renja.perangkat_daerah
    tempat = renja.pemda.ibukota
    return {
        "peran": "Disusun",
        "tempat_tanggal": f"{tempat}, {tanggal}" if tempat else tanggal,
        "jabatan": pd.kepala_jabatan or f"Kepala {pd.nama}",
        "nama": pd.kepala_nama,
        "nip": pd.kepala_nip,
    }


def _dievaluasi(renja: Renja) -> Signature:
    """Kepala Bappeda of the same Pemda, or a blank block when the Pemda has no Bappeda."""
    bappeda = PerangkatDaerah.objects.filter(pemda_id=renja.pemda_id, singkatan=BAPPEDA).first()
    tempat = renja.pemda.ibukota
    return {
        "peran": "Dievaluasi",
        "tempat_tanggal": f"{tempat}, {DOTS[:20]}" if tempat else DOTS[:20],
        "jabatan": (bappeda.kepala_jabatan or f"Kepala {bappeda.nama}") if bappeda else "Kepala Bappeda",
        "nama": bappeda.kepala_nama if bappeda else "",
        "nip": bappeda.kepala_nip if bappeda else "",
    }
