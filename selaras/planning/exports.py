"""Renja exports, XLSX and PDF: the rows of the Renja page, every page of them at once.

Scoped and filtered exactly like the page (renja_detail): the same access helper, the
same filters from the query string and the same tree, built without pagination.

In the XLSX every figure is a number: a range target is two cells, the lower bound under
"Target" and the upper bound under "Target (batas atas)" (empty for a single target), and
the target of an indicator measured in percent shows two decimals.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal, TypedDict

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.text import slugify

from selaras.accounts.scoping import get_for_user
from selaras.core.downloads import download_progress
from selaras.core.pdf import pdf_response
from selaras.core.xlsx import PERCENT_FORMAT, CellValue, Column, Row, table_response
from selaras.lib.dates import format_date
from selaras.lib.numbers import is_percent_unit
from selaras.planning.models import ANGGARAN_KAS_FIELDS, Indikator, Renja, SubKegiatan
from selaras.planning.tree import RenjaTree, build_full_tree
from selaras.planning.views import tree_filters

Level = Literal["program", "kegiatan", "sub_kegiatan", "indikator", "total"]

COLUMNS = [
    Column("Kode", 20),
    Column("Program/Kegiatan/Sub Kegiatan", 50, wrap=True),
    Column("Indikator", 42, wrap=True),
    Column("Target", 12),
    Column("Target (batas atas)", 12),
    Column("Satuan", 14, wrap=True),
    Column("Lokasi", 24, wrap=True),
    Column("Pagu (Rp)", 18),
    Column("Sumber Dana", 14),
    Column("Prakiraan Maju (Rp)", 20),
    Column("Unit Penanggung Jawab", 30, wrap=True),
]
# The spreadsheet also carries each sub kegiatan's anggaran kas as entered (blank: the pagu
# spread evenly), so a later import can read the plan back; the PDF keeps the columns above.
ANGGARAN_KAS_COLUMNS = [Column(f"Anggaran Kas TW {n} (Rp)", 18) for n in ("I", "II", "III", "IV")]
XLSX_COLUMNS = COLUMNS + ANGGARAN_KAS_COLUMNS
# The PDF is read by people: a range target stands as "80–90" in the one Target column.
PDF_COLUMNS = [c for c in COLUMNS if c.heading != "Target (batas atas)"]
SELURUH_KABUPATEN = "Seluruh kabupaten"
DATA_CONTOH = "Data contoh: target dan pagu adalah nilai contoh untuk demonstrasi, bukan data resmi."


class ExportRow(TypedDict):
    """One line of the exported Renja; amounts stay Decimal, blank cells are "" or None."""

    level: Level
    kode: str
    uraian: str
    indikator: str
    target: Decimal | None
    target_atas: Decimal | None  # upper bound of a range target, any polarity
    satuan: str
    lokasi: str
    pagu: Decimal | None
    sumber_dana: str
    prakiraan_maju: Decimal | None
    unit: str
    anggaran_kas: list[Decimal | None]  # TW I..IV of a sub kegiatan, blank where not entered


class DocumentInfo(TypedDict):
    """What both exports print above the table."""

    judul: str
    tanggal_cetak: str
    notes: list[str]  # which rows the document holds, when not the whole Renja
    data_contoh_note: str


def _row(level: Level, **values: Any) -> ExportRow:
    row: ExportRow = {
        "level": level,
        "kode": "",
        "uraian": "",
        "indikator": "",
        "target": None,
        "target_atas": None,
        "satuan": "",
        "lokasi": "",
        "pagu": None,
        "sumber_dana": "",
        "prakiraan_maju": None,
        "unit": "",
        "anggaran_kas": [None] * 4,
    }
    row.update(values)  # type: ignore[typeddict-item]
    return row


def _indikator_row(indikator: Indikator) -> ExportRow:
    return _row(
        "indikator",
        indikator=indikator.uraian,
        target=indikator.target,
        target_atas=indikator.target_atas,
        satuan=indikator.satuan,
    )


def lokasi(sub: SubKegiatan) -> str:
    """Seluruh kabupaten, or the kecamatan names (prefetched) joined by commas."""
    if sub.seluruh_kabupaten:
        return SELURUH_KABUPATEN
    return ", ".join(k.nama for k in sub.kecamatan.all())


def export_rows(tree: RenjaTree) -> list[ExportRow]:
    """Flatten the tree: each program, kegiatan and sub kegiatan followed by its
    indicators, and a total row."""
    rows: list[ExportRow] = []
    for p in tree.programs:
        program = p.program
        rows.append(
            _row(
                "program",
                kode=program.nomenklatur.kode,
                uraian=program.nomenklatur.nama,
                pagu=p.pagu,
                prakiraan_maju=p.prakiraan_maju,
            )
        )
        rows.extend(_indikator_row(i) for i in program.indikator.all())
        for k in p.kegiatan:
            kegiatan = k.kegiatan
            rows.append(
                _row(
                    "kegiatan",
                    kode=kegiatan.nomenklatur.kode,
                    uraian=kegiatan.nomenklatur.nama,
                    pagu=k.pagu,
                    prakiraan_maju=k.prakiraan_maju,
                )
            )
            rows.extend(_indikator_row(i) for i in kegiatan.indikator.all())
            for sub in k.sub_kegiatan:
                rows.append(
                    _row(
                        "sub_kegiatan",
                        kode=sub.nomenklatur.kode,
                        uraian=sub.nomenklatur.nama,
                        lokasi=lokasi(sub),
                        pagu=sub.pagu,
                        sumber_dana=sub.get_sumber_dana_display(),
                        prakiraan_maju=sub.prakiraan_maju,
                        unit=sub.unit_kerja.nama,
                        anggaran_kas=[getattr(sub, name) for name in ANGGARAN_KAS_FIELDS],
                    )
                )
                rows.extend(_indikator_row(i) for i in sub.indikator.all())
    rows.append(_row("total", uraian="Jumlah", pagu=tree.pagu, prakiraan_maju=tree.prakiraan_maju))
    return rows


TARGET_COLUMNS = (3, 4)  # Target and Target (batas atas), counted from 0


def _xlsx_row(row: ExportRow) -> Row:
    values: list[CellValue] = [
        row["kode"],
        row["uraian"],
        row["indikator"],
        row["target"],
        row["target_atas"],
        row["satuan"],
        row["lokasi"],
        row["pagu"],
        row["sumber_dana"],
        row["prakiraan_maju"],
        row["unit"],
        *row["anggaran_kas"],
    ]
    percent = row["level"] == "indikator" and is_percent_unit(row["satuan"])
    formats = dict.fromkeys(TARGET_COLUMNS, PERCENT_FORMAT) if percent else {}
    return Row(values, bold=row["level"] in ("program", "kegiatan", "total"), formats=formats)


def _export(request: HttpRequest, pk: int) -> tuple[Renja, RenjaTree, DocumentInfo]:
    """The Renja (404 for an outsider), its whole filtered tree, and the document's notes."""
    queryset = Renja.objects.select_related("perangkat_daerah", "pemda")
    renja = get_for_user(queryset, request.user, pk=pk)
    filters = tree_filters(request)
    tree = build_full_tree(renja, request.user, filters)
    notes: list[str] = []
    unit = request.user.unit_kerja if request.user.is_unit_scoped else None
    if unit is not None:
        notes.append(f"Hanya sub kegiatan {unit.nama}.")
    if filters.active:
        notes.append("Data disaring sesuai pilihan pada halaman Renja.")
    info: DocumentInfo = {
        "judul": f"RENCANA KERJA (RENJA) TAHUN {renja.tahun}",
        "tanggal_cetak": format_date(timezone.localdate()),
        "notes": notes,
        "data_contoh_note": DATA_CONTOH,
    }
    return renja, tree, info


def _filename(renja: Renja, extension: str) -> str:
    pd = renja.perangkat_daerah
    return f"renja-{slugify(pd.singkatan or pd.nama)}-{renja.tahun}.{extension}"


@login_required
@download_progress
def renja_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    renja, tree, info = _export(request, pk)
    title = [
        f"Pemerintah {renja.pemda.nama}",
        renja.perangkat_daerah.nama,
        info["judul"],
        f"Status: {renja.get_status_display()} · Dicetak {info['tanggal_cetak']}",
        *info["notes"],
    ]
    if renja.data_contoh:
        title.append(DATA_CONTOH)
    rows = [_xlsx_row(r) for r in export_rows(tree)]
    return table_response(
        _filename(renja, "xlsx"), XLSX_COLUMNS, rows, title=title, sheet_title=f"Renja {renja.tahun}"
    )


@login_required
@download_progress
def renja_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    renja, tree, info = _export(request, pk)
    context = {
        "renja": renja,
        "pd": renja.perangkat_daerah,
        "pemda": renja.pemda,
        "rows": export_rows(tree),
        "headings": [c.heading for c in PDF_COLUMNS],
        **info,
    }
    return pdf_response("planning/renja_pdf.html", context, _filename(renja, "pdf"), request)
