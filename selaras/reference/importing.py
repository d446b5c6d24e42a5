"""Loading the nomenclature and the RPJMN from CSV, all or nothing."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from selaras.core.csvdata import ImportRejected, ImportReport, read_rows
from selaras.reference.codes import parse_code
from selaras.reference.models import Nomenklatur, PrioritasNasional, ProgramPrioritas, QuickWin

NOMENKLATUR_COLUMNS = ("kode", "nama")
URUSAN_NAMES = {
    "1": "URUSAN PEMERINTAHAN WAJIB YANG BERKAITAN DENGAN PELAYANAN DASAR",
    "2": "URUSAN PEMERINTAHAN WAJIB YANG TIDAK BERKAITAN DENGAN PELAYANAN DASAR",
    "3": "URUSAN PEMERINTAHAN PILIHAN",
    "4": "UNSUR PENDUKUNG URUSAN PEMERINTAHAN",
    "5": "UNSUR PENUNJANG URUSAN PEMERINTAHAN",
    "6": "UNSUR PENGAWASAN URUSAN PEMERINTAHAN",
    "7": "UNSUR KEWILAYAHAN",
    "8": "UNSUR PEMERINTAHAN UMUM",
    "9": "UNSUR KEKHUSUSAN",
}


def import_nomenklatur(rows: Iterable[dict[str, str]]) -> ImportReport:
    """Create or update nomenclature rows `kode,nama[,indikator,satuan,sumber,kode_lama]`.

    Codes in the older two-digit form are normalised. A row whose parent is neither in the
    database nor earlier in the file is refused. Every bad row is reported and, if there is
    any, nothing is written.
    """
    report = ImportReport()
    rows = list(rows)
    if rows and not set(NOMENKLATUR_COLUMNS) <= set(rows[0]):
        missing = ", ".join(c for c in NOMENKLATUR_COLUMNS if c not in rows[0])
        report.errors.append(f"Kolom wajib tidak ada: {missing}.")
        return report
    try:
        with transaction.atomic():
            known = {n.kode: n for n in Nomenklatur.objects.all()}
            for number, row in enumerate(rows, start=2):
                _import_row(row, number, known, report)
            if not report.ok:
                raise ImportRejected(report)
    except ImportRejected:
        report.created = report.updated = 0
    return report


def _import_row(
    row: dict[str, str], number: int, known: dict[str, Nomenklatur], report: ImportReport
) -> None:
    try:
        code = parse_code(row.get("kode", ""))
    except ValueError as exc:
        report.add(number, str(exc))
        return
    nama = row.get("nama", "")
    if not nama:
        report.add(number, f"kolom nama kosong untuk kode {code.full}.")
        return
    parent = None
    if code.parent:
        parent = known.get(code.parent)
        if parent is None and code.level == "bidang" and code.urusan in URUSAN_NAMES:
            parent = _save(known, code.parent, "urusan", None, URUSAN_NAMES[code.urusan], {})
        if parent is None:
            report.add(number, f"induk kode {code.full} ({code.parent}) tidak ditemukan.")
            return
    values = {
        "indikator": row.get("indikator", ""),
        "satuan": row.get("satuan", ""),
        "sumber": row.get("sumber", ""),
        "kode_lama": row.get("kode_lama", ""),
    }
    existed = code.full in known
    _save(known, code.full, code.level, parent, nama, values)
    if existed:
        report.updated += 1
    else:
        report.created += 1


def _save(
    known: dict[str, Nomenklatur],
    kode: str,
    level: str,
    parent: Nomenklatur | None,
    nama: str,
    values: dict[str, str],
) -> Nomenklatur:
    code = parse_code(kode)
    obj, _ = Nomenklatur.objects.update_or_create(
        kode=kode,
        defaults={
            "level": level,
            "parent": parent,
            "nama": nama,
            "kode_urusan": code.urusan,
            "kode_bidang": code.bidang,
            "kode_program": code.program,
            "kode_level_pemda": code.pemda_level,
            "kode_kegiatan": code.kegiatan,
            "kode_sub_kegiatan": code.sub_kegiatan,
            **values,
        },
    )
    known[kode] = obj
    return obj


def shipped_nomenklatur_rows() -> list[dict[str, str]]:
    """The nomenclature files in data/nomenklatur, mapped to the import format."""
    rows = [
        {"kode": r["kode"], "nama": r["nama"], "sumber": "Permendagri 90/2019"}
        for r in read_rows("nomenklatur/program_kegiatan_5.05.csv")
    ]
    rows += [
        {"kode": r["kode"], "nama": r["nama"], "sumber": "Renstra 2026-2030 (MED)"}
        for r in read_rows("nomenklatur/kegiatan_penunjang_5.05.01.csv")
    ]
    rows += [
        {
            "kode": r["kode_050_5889"],
            "nama": r["nama_sub_kegiatan"],
            "indikator": _known(r["indikator"]),
            "satuan": _known(r["satuan"]),
            "sumber": r["src"],
            "kode_lama": r["kode_p90_2019"],
        }
        for r in read_rows("nomenklatur/sub_kegiatan_5.05.02.csv")
    ]
    rows += read_rows("nomenklatur/sub_kegiatan_penunjang_5.05.01.csv")
    return rows


def _known(value: str) -> str:
    """The source marks the indicators it could not find; they stay empty until confirmed."""
    return "" if value == "(not found)" else value


def load_rpjmn() -> int:
    count = 0
    for model, path, name_column in (
        (PrioritasNasional, "rpjmn-2025-2029/prioritas_nasional.csv", "nama"),
        (ProgramPrioritas, "rpjmn-2025-2029/program_prioritas_presiden.csv", "program_prioritas"),
        (QuickWin, "rpjmn-2025-2029/program_hasil_terbaik_cepat.csv", "phtc"),
    ):
        number_column = "pn" if model is PrioritasNasional else "no"
        for row in read_rows(path):
            model.objects.update_or_create(nomor=int(row[number_column]), defaults={"nama": row[name_column]})
            count += 1
    return count
