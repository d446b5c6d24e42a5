"""Reading the anggaran kas back from the Renja spreadsheet.

The file is the Renja XLSX as exported (renja_xlsx), possibly edited in Excel. Only the
four "Anggaran Kas TW I–IV (Rp)" columns are read, on the rows whose "Kode" is a sub
kegiatan of this Renja; every other column (pagu included) is ignored. The heading row is
found by its titles, so the title block above it and moved columns do not matter.

Checking runs the model's own rules (field validators and SubKegiatan.clean: all four or
none, adding up to the pagu), so the form, the API and this import say the same thing; each
message names the file's row and column. Writing is all or nothing and goes through
save(), so every change gets its audit entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from openpyxl.utils import get_column_letter

from selaras.core.csvdata import ImportRejected, ImportReport
from selaras.core.xlsx_reading import CellValue, ImportFileError, read_first_sheet
from selaras.lib.numbers import format_rupiah, parse_decimal
from selaras.planning.exports import ANGGARAN_KAS_COLUMNS
from selaras.planning.models import ANGGARAN_KAS_FIELDS, Renja, SubKegiatan
from selaras.reference.codes import parse_code

KODE_HEADING = "Kode"
KAS_HEADINGS = tuple(c.heading for c in ANGGARAN_KAS_COLUMNS)
Plan = tuple[Decimal | None, Decimal | None, Decimal | None, Decimal | None]


@dataclass
class Change:
    """A sub kegiatan whose anggaran kas the file changes: before and after (None = blank)."""

    sub: SubKegiatan
    before: Plan
    after: Plan


@dataclass
class Reading:
    """What the file says: the changes, how many sub kegiatan it names with the same plan,
    and every bad row."""

    changes: list[Change]
    unchanged: int
    report: ImportReport


def _heading(value: CellValue) -> str:
    return " ".join(str(value or "").split()).casefold()


def _blank(value: CellValue) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _find_heading(lines: list[list[CellValue]]) -> tuple[int, int, list[int]]:
    """The index of the heading line, the Kode column and the four anggaran kas columns."""
    wanted = [_heading(h) for h in (KODE_HEADING, *KAS_HEADINGS)]
    for index, line in enumerate(lines):
        titles = [_heading(v) for v in line]
        if all(w in titles for w in wanted):
            columns = [titles.index(w) for w in wanted]
            return index, columns[0], columns[1:]
    raise ImportFileError(
        "Judul kolom tidak ditemukan: berkas harus memuat kolom “Kode” dan “Anggaran Kas TW I (Rp)” "
        "sampai “Anggaran Kas TW IV (Rp)”, seperti berkas dari tombol Unduh XLSX halaman Renja."
    )


def _where(column: int) -> str:
    """The column as Excel names it: kolom L."""
    return f"kolom {get_column_letter(column + 1)}"


def _amount(value: CellValue) -> Decimal | None:
    """A cell as an amount; blank is None; ValueError with an Indonesian message otherwise."""
    if _blank(value):
        return None
    if isinstance(value, bool):
        raise ValueError(f"'{value}' bukan angka.")
    if isinstance(value, str) and value.strip().startswith("="):
        raise ValueError(
            f"sel berisi rumus ({value.strip()[:40]}); tempel sebagai nilai (Paste Values) lalu unggah lagi."
        )
    return parse_decimal(value)  # type: ignore[arg-type]


def read_anggaran_kas(content: bytes, subs: dict[str, SubKegiatan]) -> Reading:
    """Check every row of the file against `subs` (the Renja's sub kegiatan the user may
    change, by full code) without writing anything."""
    first, rest = read_first_sheet(content)
    lines = [first, *rest]  # lines[i] is the sheet's row i + 1
    head, kode_column, kas_columns = _find_heading(lines)
    report = ImportReport()
    changes: list[Change] = []
    unchanged = 0
    seen: dict[str, int] = {}
    for index in range(head + 1, len(lines)):
        line = lines[index]
        number = index + 1

        def cell(column: int, line: list[CellValue] = line) -> CellValue:
            return line[column] if column < len(line) else None

        kode_text = "" if _blank(cell(kode_column)) else str(cell(kode_column)).strip()
        raw = [cell(c) for c in kas_columns]
        given = [not _blank(v) for v in raw]
        if not kode_text:
            if any(given):
                report.add(
                    number, "anggaran kas hanya diisi pada baris sub kegiatan (kolom Kode berisi kodenya)."
                )
            continue
        try:
            code = parse_code(kode_text)
        except ValueError as exc:
            report.add(number, f"{_where(kode_column)}: {exc}")
            continue
        if code.level != "sub_kegiatan":
            if any(given):
                report.add(
                    number,
                    f"kode {code.full} bukan sub kegiatan; anggaran kas hanya diisi pada sub kegiatan.",
                )
            continue
        sub = subs.get(code.full)
        if sub is None:
            report.add(number, f"{_where(kode_column)}: sub kegiatan {code.full} tidak ada dalam Renja ini.")
            continue
        if code.full in seen:
            report.add(number, f"sub kegiatan {code.full} sudah ada pada baris {seen[code.full]}.")
            continue
        seen[code.full] = number
        after = _check_row(report, number, sub, raw, kas_columns)
        if after is None:
            continue
        before: Plan = tuple(getattr(sub, name) for name in ANGGARAN_KAS_FIELDS)  # type: ignore[assignment]
        if after == before:
            unchanged += 1
        else:
            changes.append(Change(sub, before, after))
    return Reading(changes, unchanged, report)


def _check_row(
    report: ImportReport, number: int, sub: SubKegiatan, raw: list[CellValue], columns: list[int]
) -> Plan | None:
    """The row's four amounts if they pass the model's rules, else None with the messages."""
    values: list[Decimal | None] = []
    bad = False
    for value, column, heading in zip(raw, columns, KAS_HEADINGS, strict=True):
        try:
            values.append(_amount(value))
        except ValueError as exc:
            report.add(number, f"{_where(column)} ({heading}): {exc}")
            values.append(None)
            bad = True
    if bad:
        return None
    errors = model_errors(sub, values)
    for name, messages in errors.items():
        column = columns[ANGGARAN_KAS_FIELDS.index(name)] if name in ANGGARAN_KAS_FIELDS else None
        where = (
            f"{_where(column)} ({KAS_HEADINGS[ANGGARAN_KAS_FIELDS.index(name)]}): "
            if column is not None
            else ""
        )
        for message in messages:
            report.add(number, f"{sub.nomenklatur.kode}, {where}{message}")
    return None if errors else tuple(values)  # type: ignore[return-value]


def model_errors(sub: SubKegiatan, values: list[Decimal | None]) -> dict[str, list[str]]:
    """The model's verdict on `values` as the sub kegiatan's anggaran kas (the instance is
    left as it was)."""
    saved = [getattr(sub, name) for name in ANGGARAN_KAS_FIELDS]
    for name, value in zip(ANGGARAN_KAS_FIELDS, values, strict=True):
        setattr(sub, name, value)
    others = [f.name for f in sub._meta.fields if f.name not in ANGGARAN_KAS_FIELDS]
    errors: dict[str, list[str]] = {}
    try:
        sub.clean_fields(exclude=others)
        sub.clean()
    except ValidationError as exc:
        errors = exc.message_dict
    finally:
        for name, value in zip(ANGGARAN_KAS_FIELDS, saved, strict=True):
            setattr(sub, name, value)
    return errors


def plan_text(plan: Plan, pagu: Decimal) -> list[str]:
    """The four amounts as shown in the preview; a blank plan shows the even spread."""
    if any(v is None for v in plan):
        return [f"{format_rupiah(pagu / 4)} (rata)"] * 4
    return [format_rupiah(v) for v in plan]


def serialise(changes: list[Change]) -> list[list[Any]]:
    """The changes as the session keeps them between the preview and the confirmation."""
    return [
        [c.sub.pk, c.sub.nomenklatur.kode, *(None if v is None else str(v) for v in c.after)] for c in changes
    ]


@transaction.atomic
def apply_anggaran_kas(renja: Renja, stored: list[list[Any]], subs: dict[int, SubKegiatan]) -> int:
    """Write the confirmed plans, all or nothing: each is checked again against the row as
    it is now (its pagu may have changed since the preview), and the Renja, locked for the
    write, must still be open (RenjaLocked once it became final). Returns how many were saved."""
    Renja.objects.select_for_update().get(pk=renja.pk).check_open_for_edit()
    report = ImportReport()
    saved = 0
    for pk, kode, *texts in stored:
        sub = subs.get(pk)
        if sub is None:
            report.errors.append(f"{kode}: sub kegiatan ini sudah dihapus atau tidak dapat Anda ubah lagi.")
            continue
        values = [None if t is None else Decimal(t) for t in texts]
        errors = model_errors(sub, values)
        if errors:
            for messages in errors.values():
                for message in messages:
                    report.errors.append(f"{sub.nomenklatur.kode}: {message}")
            continue
        for name, value in zip(ANGGARAN_KAS_FIELDS, values, strict=True):
            setattr(sub, name, value)
        sub.save(update_fields=[*ANGGARAN_KAS_FIELDS, "updated_at"])
        saved += 1
    if not report.ok:
        raise ImportRejected(report)
    return saved
