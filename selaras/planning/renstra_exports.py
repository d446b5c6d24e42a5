"""Renstra exports, XLSX and PDF: the usual Renstra table (tujuan, sasaran, program,
kegiatan and sub kegiatan with their indicators, the kondisi awal, the target and the pagu
indikatif of every year, and the kondisi akhir), from the same rows as the Renstra page.

Kondisi akhir: an indicator's is the target of the last year (the level the period ends
at); an item's pagu is the five years added up. The total row adds the programs only, so
that a kegiatan's pagu is not counted twice.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal, TypedDict

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.text import slugify

from selaras.accounts.scoping import get_for_user
from selaras.core.downloads import download_progress
from selaras.core.pdf import pdf_response
from selaras.core.xlsx import CellValue, Column, Row, table_response
from selaras.lib.dates import format_date
from selaras.lib.numbers import format_number
from selaras.planning.exports import DATA_CONTOH
from selaras.planning.models import Renstra, RenstraIndikator, RenstraItem
from selaras.planning.renstra_queries import renstra_tables
from selaras.reference.models import Nomenklatur

Level = Literal["tujuan", "sasaran", "program", "kegiatan", "sub_kegiatan", "indikator", "total"]
TITLE = "RENCANA STRATEGIS (RENSTRA) PERANGKAT DAERAH"


class Target(TypedDict):
    target: Decimal
    atas: Decimal | None  # the upper bound of a range target


class RenstraRow(TypedDict):
    """One line of the exported Renstra; lists hold one value per year of the period."""

    level: Level
    kode: str
    uraian: str
    sasaran: str
    indikator: str
    satuan: str
    kondisi_awal: Decimal | None
    targets: list[Target | None]
    pagu: list[Decimal | None]
    akhir_target: Target | None
    akhir_pagu: Decimal | None


def _row(level: Level, years: int, **values: object) -> RenstraRow:
    row: RenstraRow = {
        "level": level,
        "kode": "",
        "uraian": "",
        "sasaran": "",
        "indikator": "",
        "satuan": "",
        "kondisi_awal": None,
        "targets": [None] * years,
        "pagu": [None] * years,
        "akhir_target": None,
        "akhir_pagu": None,
    }
    row.update(values)  # type: ignore[typeddict-item]
    return row


def _indikator_row(ind: RenstraIndikator, years: list[int]) -> RenstraRow:
    by_year = {t.tahun: t for t in ind.targets.all()}
    targets: list[Target | None] = [
        {"target": by_year[y].target, "atas": by_year[y].target_atas} if y in by_year else None for y in years
    ]
    kondisi_awal = ind.kondisi_awal
    return _row(
        "indikator",
        len(years),
        indikator=ind.uraian,
        satuan=ind.satuan,
        kondisi_awal=kondisi_awal,
        targets=targets,
        akhir_target=targets[-1] if targets else None,
    )


def export_rows(renstra: Renstra) -> list[RenstraRow]:
    years = renstra.years
    tujuan, items = renstra_tables(renstra)
    rows: list[RenstraRow] = []
    for t in tujuan:
        rows.append(_row("tujuan", len(years), kode=t.kode, uraian=f"Tujuan: {t.uraian}"))
        rows.extend(_indikator_row(i, years) for i in t.indikator.all())
        for s in t.sasaran.all():
            rows.append(_row("sasaran", len(years), kode=s.kode, uraian=f"Sasaran: {s.uraian}"))
            rows.extend(_indikator_row(i, years) for i in s.indikator.all())
    totals: list[Decimal] = [Decimal(0)] * len(years)
    item: RenstraItem
    for item in items:
        nomen = item.nomenklatur
        by_year = {p.tahun: p.pagu for p in item.pagu.all()}
        pagu = [by_year.get(y) for y in years]
        known = [p for p in pagu if p is not None]
        if nomen.level == Nomenklatur.Level.PROGRAM:
            totals = [total + (p or Decimal(0)) for total, p in zip(totals, pagu, strict=True)]
        rows.append(
            _row(
                nomen.level,  # type: ignore[arg-type]
                len(years),
                kode=nomen.kode,
                uraian=nomen.nama,
                sasaran=f"{item.sasaran.kode} {item.sasaran.uraian}" if item.sasaran else "",
                pagu=pagu,
                akhir_pagu=sum(known, Decimal(0)) if known else None,
            )
        )
        rows.extend(_indikator_row(i, years) for i in item.indikator.all())
    rows.append(
        _row(
            "total",
            len(years),
            uraian="Jumlah pagu indikatif program",
            pagu=list(totals),
            akhir_pagu=sum(totals, Decimal(0)),
        )
    )
    return rows


def columns(renstra: Renstra) -> list[Column]:
    per_year: list[Column] = []
    for year in renstra.years:
        per_year += [Column(f"Target {year}", 12), Column(f"Pagu {year} (Rp)", 17)]
    return [
        Column("Kode", 16),
        Column("Tujuan/Sasaran/Program/Kegiatan/Sub Kegiatan", 44, wrap=True),
        Column("Sasaran", 26, wrap=True),
        Column("Indikator", 38, wrap=True),
        Column("Satuan", 11, wrap=True),
        Column(f"Kondisi Awal ({renstra.tahun_awal - 1})", 12),
        *per_year,
        Column(f"Kondisi Akhir {renstra.tahun_akhir}: Target", 13),
        Column(f"Kondisi Akhir: Pagu {renstra.tahun_awal}–{renstra.tahun_akhir} (Rp)", 19),
    ]


def _target_cell(target: Target | None) -> CellValue:
    if target is None:
        return None
    if target["atas"] is not None:
        return f"{format_number(target['target'])}–{format_number(target['atas'])}"
    return target["target"]


def _xlsx_row(row: RenstraRow) -> Row:
    per_year: list[CellValue] = []
    for target, pagu in zip(row["targets"], row["pagu"], strict=True):
        per_year += [_target_cell(target), pagu]
    values: list[CellValue] = [
        row["kode"],
        row["uraian"],
        row["sasaran"],
        row["indikator"],
        row["satuan"],
        row["kondisi_awal"],
        *per_year,
        _target_cell(row["akhir_target"]),
        row["akhir_pagu"],
    ]
    return Row(values, bold=row["level"] in ("tujuan", "sasaran", "program", "total"))


def _renstra(request: HttpRequest, pk: int) -> Renstra:
    return get_for_user(Renstra.objects.select_related("perangkat_daerah", "pemda"), request.user, pk=pk)


def _filename(renstra: Renstra, extension: str) -> str:
    pd = renstra.perangkat_daerah
    slug = slugify(pd.singkatan or pd.nama)
    return f"renstra-{slug}-{renstra.tahun_awal}-{renstra.tahun_akhir}.{extension}"


def _judul(renstra: Renstra) -> str:
    return f"{TITLE} {renstra.tahun_awal}–{renstra.tahun_akhir}"


@login_required
@download_progress
def renstra_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    renstra = _renstra(request, pk)
    title = [
        f"Pemerintah {renstra.pemda.nama}",
        renstra.perangkat_daerah.nama,
        _judul(renstra),
        f"Dicetak {format_date(timezone.localdate())}",
    ]
    if renstra.data_contoh:
        title.append(DATA_CONTOH)
    rows = [_xlsx_row(r) for r in export_rows(renstra)]
    sheet = f"Renstra {renstra.tahun_awal}-{renstra.tahun_akhir}"
    return table_response(_filename(renstra, "xlsx"), columns(renstra), rows, title=title, sheet_title=sheet)


@login_required
@download_progress
def renstra_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    renstra = _renstra(request, pk)
    context = {
        "renstra": renstra,
        "pd": renstra.perangkat_daerah,
        "pemda": renstra.pemda,
        "judul": _judul(renstra),
        "years": renstra.years,
        "lines": [
            {"row": r, "per_year": list(zip(r["targets"], r["pagu"], strict=True))}
            for r in export_rows(renstra)
        ],
        "headings": [c.heading for c in columns(renstra)],
        "tanggal_cetak": format_date(timezone.localdate()),
        "data_contoh_note": DATA_CONTOH,
    }
    return pdf_response("planning/renstra_pdf.html", context, _filename(renstra, "pdf"), request)
