"""Importing UMKM from an XLSX or CSV file, all or nothing.

Reading the file and guessing the columns live in import_table.py (`read_table`,
`guess_mapping`). Here, `validate` checks every row and finds the duplicates (same NIB, or
the same business name in the same kampung, within the file or against the Perangkat
Daerah's records); `import_rows` then writes everything inside one transaction, or nothing
when any row is bad. The pages (views_import.py), the tests and the bench call these alike.

Cells are never evaluated: the XLSX is opened with formulas as text, so a cell such as
"=HYPERLINK(...)" in a text column is stored exactly as written and reported as
neutralised (core/xlsx.write_cell exports it as text again); in a number column it is
refused as not a number.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from selaras.core.csvdata import ImportReport
from selaras.core.xlsx import FORMULA_TRIGGERS
from selaras.core.xlsx_reading import import_limits
from selaras.lib.numbers import format_number, parse_decimal
from selaras.organisations.models import Kampung
from selaras.technopark.import_table import (  # noqa: F401  (re-exported for the pages and tests)
    FIELD_BY_NAME,
    FIELDS,
    MAX_ROWS,
    MODEL_FIELDS,
    CellValue,
    ImportField,
    ImportFileError,
    Table,
    cell_text,
    guess_mapping,
    normalise,
    read_table,
)
from selaras.technopark.klasifikasi import classify
from selaras.technopark.models import UMKM, KelasUsaha, Sektor
from selaras.technopark.phones import normalise_phone

BATCH = 500
PREVIEW_ROWS = 20
MAX_MONEY = Decimal("1e16")  # 18 digits with 2 decimal places
TRUE_WORDS = frozenset({"ya", "y", "yes", "1", "true", "benar", "ada", "sudah", "✓", "✔", "v"})
FALSE_WORDS = frozenset({"tidak", "tdk", "no", "n", "0", "false", "salah", "belum", "tidak ada", "-", "✗"})
SEKTOR_LETTERS = ", ".join(Sektor.values)


@dataclass
class Duplicate:
    """A row that names a business already known: in the database or earlier in the file."""

    row: int
    nama_usaha: str
    reason: str
    existing_pk: int | None = None
    earlier_row: int | None = None


@dataclass
class Neutralised:
    row: int
    column: str
    value: str


@dataclass
class ParsedRow:
    number: int
    values: dict[str, Any]
    errors: list[str] = field(default_factory=list)
    duplicate: Duplicate | None = None
    failed: set[str] = field(default_factory=set)
    kampung_nama: str = ""


@dataclass
class Preview:
    """What the file would do: every row checked, every problem named."""

    header: list[str]
    mapping: dict[str, int | None]
    rows: list[ParsedRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    neutralised: list[Neutralised] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and not any(r.errors for r in self.rows)

    @property
    def bad_rows(self) -> list[ParsedRow]:
        return [r for r in self.rows if r.errors]

    @property
    def duplicates(self) -> list[Duplicate]:
        return [r.duplicate for r in self.rows if r.duplicate and not r.errors]

    @property
    def new_count(self) -> int:
        return sum(1 for r in self.rows if not r.errors and not r.duplicate)

    @property
    def first_rows(self) -> list[ParsedRow]:
        return self.rows[:PREVIEW_ROWS]

    def messages(self) -> list[str]:
        return self.errors + [e for r in self.rows for e in r.errors]


@dataclass
class Owner:
    """Who the imported rows belong to and who imports them."""

    pemda_id: int
    perangkat_daerah_id: int
    unit_kerja_id: int
    actor_id: int | None = None


class _Regions:
    """The Pemda's kecamatan and kampung, loaded once, looked up by code or by name (names
    compared loosely; a name held by two places is ambiguous and reported as such)."""

    def __init__(self, pemda_id: int) -> None:
        rows = Kampung.objects.filter(pemda_id=pemda_id).select_related("kecamatan")
        self.by_code: dict[str, Kampung] = {}
        self.by_name: dict[tuple[int, str], list[Kampung]] = {}
        self.kecamatan: dict[str, set[int]] = {}
        self.kecamatan_name: dict[int, str] = {}
        for kampung in rows:
            self.by_code[kampung.kode] = kampung
            self.by_name.setdefault((kampung.kecamatan_id, normalise(kampung.nama)), []).append(kampung)
            self.kecamatan.setdefault(normalise(kampung.kecamatan.nama), set()).add(kampung.kecamatan_id)
            self.kecamatan_name[kampung.kecamatan_id] = kampung.kecamatan.nama


def validate(table: Table, mapping: dict[str, int | None], owner: Owner) -> Preview:
    """Check every row with the given mapping; find the duplicates."""
    preview = Preview(table.header, mapping)
    limit = import_limits().max_rows
    filled = sum(1 for cells in table.rows if any(cell_text(c) for c in cells))
    if filled > limit:
        preview.errors.append(
            f"Berkas berisi {format_number(filled)} baris; paling banyak "
            f"{format_number(limit)} baris sekali impor. Bagi berkas menjadi beberapa bagian."
        )
        return preview
    missing = [f.label for f in FIELDS if f.required and mapping.get(f.name) is None]
    if mapping.get("kode_kampung") is None and (
        mapping.get("kecamatan") is None or mapping.get("kampung") is None
    ):
        missing.append("Kode Kampung (atau Kecamatan dan Kampung)")
    if missing:
        preview.errors.append("Kolom wajib tidak ada atau belum dipetakan: " + ", ".join(missing) + ".")
        return preview
    if not any(any(cell_text(c) for c in cells) for cells in table.rows):
        preview.errors.append("Berkas tidak berisi baris data di bawah judul kolom.")
        return preview
    regions = _Regions(owner.pemda_id)
    used = {name: index for name, index in mapping.items() if index is not None}
    for number, cells in enumerate(table.rows, start=2):
        if all(cell_text(c) == "" for c in cells):
            continue
        row = ParsedRow(number, {})
        for name, index in used.items():
            _clean_cell(row, FIELD_BY_NAME[name], table.header[index], cells[index], preview)
        _place(row, used, table.header, regions)
        preview.rows.append(row)
    _find_duplicates(preview, owner)
    return preview


def _clean_cell(row: ParsedRow, f: ImportField, heading: str, raw: CellValue, preview: Preview) -> None:
    def fail(message: str) -> None:
        row.errors.append(f"Baris {row.number}, kolom '{heading}': {message}")
        row.failed.add(f.name)

    if isinstance(raw, str):
        raw = raw.strip(" \u00a0")
    if raw is None or raw == "":
        if f.required:
            fail("wajib diisi.")
        return
    try:
        value = _convert(f, raw)
    except ValueError as exc:
        fail(str(exc))
        return
    if f.kind == "text" and isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        preview.neutralised.append(Neutralised(row.number, heading, value))
    row.values[f.name] = value


def _convert(f: ImportField, raw: str | int | Decimal | bool) -> Any:
    """The cell's value for the field, or ValueError with an Indonesian reason."""
    if (
        isinstance(raw, Decimal)
        and raw == raw.to_integral_value()
        and f.kind in ("text", "nib", "kode", "phone")
    ):
        raw = int(raw)  # a number typed into a text column, such as a NIB
    text = str(raw).strip()
    if f.kind == "phone":
        try:
            return normalise_phone(text)
        except ValidationError as exc:
            raise ValueError(f"'{text}': {exc.messages[0]}") from None
    if f.kind == "text":
        if f.max_length and len(text) > f.max_length:
            raise ValueError(f"terlalu panjang ({len(text)} karakter, maksimal {f.max_length}).")
        return raw if isinstance(raw, str) else text
    if f.kind in ("money", "int", "year"):
        if text.startswith("="):
            raise ValueError(f"'{text}' adalah rumus, bukan angka; tempel sebagai nilai (paste values).")
        if isinstance(raw, bool):
            raise ValueError(f"'{text}' bukan angka.")
        number = parse_decimal(raw if isinstance(raw, int | Decimal) else text)
        if number < 0:
            raise ValueError("tidak boleh negatif.")
        if f.kind == "money":
            if number >= MAX_MONEY or number != number.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP):
                raise ValueError(f"'{text}' bukan jumlah rupiah yang sah (paling banyak 2 angka desimal).")
            return number
        if number != number.to_integral_value():
            raise ValueError(f"'{text}' harus bilangan bulat.")
        whole = int(number)
        if f.kind == "year" and not 1900 <= whole <= dt.date.today().year:
            raise ValueError(f"tahun {whole} tidak masuk akal.")
        if whole > 2_147_483_647:
            raise ValueError(f"'{text}' terlalu besar.")
        return whole
    if f.kind == "bool":
        if isinstance(raw, bool):
            return raw
        word = normalise(text) or text
        if word in TRUE_WORDS or text in TRUE_WORDS:
            return True
        if word in FALSE_WORDS or text in FALSE_WORDS:
            return False
        raise ValueError(f"'{text}' harus ya/tidak (atau 1/0, true/false, ✓).")
    if f.kind == "sektor":
        letter = text.upper()
        if letter not in Sektor.values:
            by_label = {normalise(label): value for value, label in Sektor.choices}
            by_label |= {normalise(label[2:]): value for value, label in Sektor.choices}
            letter = by_label.get(normalise(text), "")
        if not letter:
            raise ValueError(f"sektor '{text}' bukan huruf KBLI yang dikenal ({SEKTOR_LETTERS}).")
        return letter
    if f.kind == "nib":
        if not re.fullmatch(r"\d{13}", text):
            raise ValueError(f"NIB '{text}' harus terdiri dari 13 angka.")
        return text
    if f.kind == "kode":
        digits = re.sub(r"\D", "", text)
        if len(digits) != 10:
            raise ValueError(f"kode kampung '{text}' tidak berbentuk 18.02.01.2001.")
        return f"{digits[:2]}.{digits[2:4]}.{digits[4:6]}.{digits[6:]}"
    if f.kind == "coord":
        try:
            number = Decimal(text.replace(",", ".")) if not isinstance(raw, Decimal | int) else Decimal(raw)
        except InvalidOperation:
            raise ValueError(f"'{text}' bukan koordinat.") from None
        limit = 90 if f.name == "lat" else 180
        if not number.is_finite() or abs(number) > limit:
            raise ValueError(f"'{text}' di luar rentang {f.label.lower()} (-{limit} sampai {limit}).")
        return number.quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP)
    return text  # wilayah: a name looked up in _place


def _place(row: ParsedRow, used: dict[str, int], header: list[str], regions: _Regions) -> None:
    """Set the kampung and kecamatan from the code or, when the code is blank or not
    mapped, from the kecamatan's name within the Pemda and the kampung's name within it."""
    values = row.values
    kode = values.pop("kode_kampung", None)
    kecamatan_name = values.pop("kecamatan", None)
    kampung_name = values.pop("kampung", None)

    def fail(name: str, message: str) -> None:
        row.errors.append(f"Baris {row.number}, kolom '{header[used[name]]}': {message}")

    if row.failed & {"kode_kampung", "kecamatan", "kampung"}:
        return
    if kode is not None:
        kampung = regions.by_code.get(kode)
        if kampung is None:
            fail("kode_kampung", f"kode kampung '{kode}' tidak dikenal di daerah ini.")
            return
        if kecamatan_name and kampung.kecamatan_id not in regions.kecamatan.get(
            normalise(kecamatan_name), ()
        ):
            fail(
                "kecamatan",
                f"kampung {kode} ({kampung.nama}) berada di Kecamatan "
                f"{regions.kecamatan_name[kampung.kecamatan_id]}, bukan '{kecamatan_name}'.",
            )
            return
    else:
        found = _by_names(kecamatan_name, kampung_name, regions)
        if isinstance(found, tuple):
            column, message = found
            if column not in used:  # name the column the file has
                column = next(c for c in ("kode_kampung", "kecamatan", "kampung") if c in used)
            fail(column, message)
            return
        kampung = found
    values["kampung_id"] = kampung.pk
    values["kecamatan_id"] = kampung.kecamatan_id
    row.kampung_nama = kampung.nama
    if values.get("nib") and "punya_nib" not in values:
        values["punya_nib"] = True


def _by_names(
    kecamatan_name: str | None, kampung_name: str | None, regions: _Regions
) -> Kampung | tuple[str, str]:
    """The kampung named in the kecamatan named, or (column, why not)."""
    if not kecamatan_name and not kampung_name:
        return ("kode_kampung", "wajib diisi (Kode Kampung, atau Kecamatan dan Kampung).")
    if not kecamatan_name:
        return ("kecamatan", "wajib diisi bila Kode Kampung kosong.")
    if not kampung_name:
        return ("kampung", "wajib diisi bila Kode Kampung kosong.")
    kecamatan_ids = regions.kecamatan.get(normalise(kecamatan_name), set())
    if not kecamatan_ids:
        return ("kecamatan", f"kecamatan '{kecamatan_name}' tidak dikenal di daerah ini.")
    if len(kecamatan_ids) > 1:
        return (
            "kecamatan",
            f"nama kecamatan '{kecamatan_name}' dipakai oleh {len(kecamatan_ids)} kecamatan; "
            "isi Kode Kampung.",
        )
    (kecamatan_id,) = kecamatan_ids
    matches = regions.by_name.get((kecamatan_id, normalise(kampung_name)), [])
    if not matches:
        return (
            "kampung",
            f"kampung '{kampung_name}' tidak ada di Kecamatan {regions.kecamatan_name[kecamatan_id]}.",
        )
    if len(matches) > 1:
        codes = ", ".join(sorted(k.kode for k in matches))
        return (
            "kampung",
            f"ada {len(matches)} kampung bernama '{kampung_name}' di Kecamatan "
            f"{regions.kecamatan_name[kecamatan_id]} ({codes}); isi Kode Kampung.",
        )
    return matches[0]


def _name_key(kampung_id: int, nama: str) -> tuple[int, str]:
    return (kampung_id, normalise(nama))


def _find_duplicates(preview: Preview, owner: Owner) -> None:
    """Mark each good row that repeats a record of the Perangkat Daerah (same NIB, or same
    name in the same kampung) or an earlier row of the file."""
    by_nib: dict[str, tuple[int, str]] = {}
    by_name: dict[tuple[int, str], tuple[int, str]] = {}
    existing = UMKM.objects.filter(pemda_id=owner.pemda_id, perangkat_daerah_id=owner.perangkat_daerah_id)
    for pk, nib, kampung_id, nama in existing.values_list("pk", "nib", "kampung_id", "nama_usaha"):
        if nib:
            by_nib.setdefault(nib, (pk, nama))
        by_name.setdefault(_name_key(kampung_id, nama), (pk, nama))
    file_nib: dict[str, int] = {}
    file_name: dict[tuple[int, str], int] = {}
    for row in preview.rows:
        if row.errors:
            continue
        nib = row.values.get("nib")
        key = _name_key(row.values["kampung_id"], row.values["nama_usaha"])
        nama = row.values["nama_usaha"]
        kampung = row.kampung_nama
        if nib and nib in by_nib:
            pk, other = by_nib[nib]
            row.duplicate = Duplicate(
                row.number, nama, f"NIB {nib} sudah terdaftar untuk UMKM '{other}'.", pk
            )
        elif key in by_name:
            pk, other = by_name[key]
            row.duplicate = Duplicate(
                row.number, nama, f"UMKM '{other}' di Kampung {kampung} sudah terdaftar.", pk
            )
        elif nib and nib in file_nib:
            row.duplicate = Duplicate(
                row.number,
                nama,
                f"NIB {nib} sama dengan baris {file_nib[nib]} berkas ini.",
                None,
                file_nib[nib],
            )
        elif key in file_name:
            row.duplicate = Duplicate(
                row.number,
                nama,
                f"Nama usaha dan Kampung {kampung} sama dengan baris {file_name[key]} berkas ini.",
                None,
                file_name[key],
            )
        if nib:
            file_nib.setdefault(nib, row.number)
        file_name.setdefault(key, row.number)


GABUNG = "gabung"
LEWATI = "lewati"
# What the audit entries of an import record, in django-auditlog's own form.
LOGGED_FIELDS = (*MODEL_FIELDS, "kecamatan", "kampung", "kelas")


@dataclass
class ImportResult(ImportReport):
    skipped: int = 0


def import_rows(preview: Preview, owner: Owner, choices: dict[int, str] | None = None) -> ImportResult:
    """Write the previewed rows, all or nothing: with any bad row, nothing is written and
    every bad row is reported. `choices` maps a duplicate's row number to `gabung` (update
    the known record with the row's non-empty values) or `lewati` (the default).

    Rows go in with bulk_create and bulk_update in batches, so `kelas` is computed here
    (save() is not called) from the size classes loaded once, and the audit entries that
    django-auditlog would have written on save() are written in bulk too."""
    result = ImportResult()
    if not preview.ok:
        result.errors = preview.messages()
        return result
    choices = choices or {}
    classes = list(KelasUsaha.objects.order_by("urutan"))
    merge_pks = {
        r.duplicate.existing_pk
        for r in preview.rows
        if r.duplicate and r.duplicate.existing_pk is not None and choices.get(r.number) == GABUNG
    }
    known = {
        u.pk: u for u in UMKM.objects.filter(pk__in=merge_pks, perangkat_daerah_id=owner.perangkat_daerah_id)
    }
    before = {pk: _snapshot(record) for pk, record in known.items()}
    target: dict[int, UMKM | int] = {}  # row number -> the record it became, or the pk it matched
    new: list[UMKM] = []
    touched: dict[int, UMKM] = {}
    for row in preview.rows:
        values = row.values
        dup = row.duplicate
        if dup is None:
            record = UMKM(
                pemda_id=owner.pemda_id,
                perangkat_daerah_id=owner.perangkat_daerah_id,
                unit_kerja_id=owner.unit_kerja_id,
                **values,
            )
            new.append(record)
            target[row.number] = record
            continue
        matched = dup.existing_pk if dup.existing_pk is not None else target[dup.earlier_row or 0]
        target[row.number] = matched
        if choices.get(row.number, LEWATI) != GABUNG:
            result.skipped += 1
            continue
        record = matched if isinstance(matched, UMKM) else known[matched]
        for name, value in values.items():
            setattr(record, name, value)
        if record.pk is not None:
            touched[record.pk] = record
    for record in (*new, *touched.values()):
        record.kelas = classify(
            record.modal_usaha, record.omzet_tahunan, record.terdaftar_sebelum_pp7, classes
        )
    merged = [record for pk, record in touched.items() if _snapshot(record) != before[pk]]
    now = timezone.now()
    for record in merged:
        record.updated_at = now  # bulk_update does not run auto_now
    with transaction.atomic():
        UMKM.objects.bulk_create(new, batch_size=BATCH)
        UMKM.objects.bulk_update(merged, [*LOGGED_FIELDS, "updated_at"], batch_size=BATCH)
        content_type = ContentType.objects.get_for_model(UMKM)
        entries = [_log_entry(r, content_type, owner, LogEntry.Action.CREATE, {}) for r in new]
        entries += [_log_entry(r, content_type, owner, LogEntry.Action.UPDATE, before[r.pk]) for r in merged]
        LogEntry.objects.bulk_create(entries, batch_size=BATCH)
    result.created = len(new)
    result.updated = len(merged)
    return result


def _snapshot(record: UMKM) -> dict[str, str]:
    values = {}
    for name in LOGGED_FIELDS:
        value = getattr(record, UMKM._meta.get_field(name).attname)
        values[name] = "None" if value is None else str(value)
    return values


def _log_entry(
    record: UMKM, content_type: ContentType, owner: Owner, action: int, before: dict[str, str]
) -> LogEntry:
    after = _snapshot(record)
    changes = {k: [before.get(k, "None"), v] for k, v in after.items() if before.get(k, "None") != v}
    return LogEntry(
        content_type=content_type,
        object_pk=str(record.pk),
        object_id=record.pk,
        object_repr=str(record)[:200],
        action=action,
        changes=changes,
        actor_id=owner.actor_id,
        additional_data={"impor": True},
    )


def template_rows(kampung: Kampung | None = None) -> tuple[list[str], list[CellValue]]:
    """The headings of the downloadable template and one example row, placed in `kampung`."""
    example: dict[str, CellValue] = {
        "nama_usaha": "Keripik Pisang Makmur",
        "nama_pemilik": "Siti Aminah",
        "telepon": "081234567890",
        "nib": "1234567890123",
        "sektor": "C",
        "produk": "Keripik pisang",
        "kode_kampung": kampung.kode if kampung else "18.02.01.2001",
        "kecamatan": kampung.kecamatan.nama if kampung else "",
        "kampung": kampung.nama if kampung else "",
        "tahun_mulai": 2019,
        "modal_usaha": Decimal(25_000_000),
        "omzet_tahunan": Decimal(120_000_000),
        "tenaga_kerja": 3,
        "terdaftar_sebelum_pp7": "tidak",
        "punya_nib": "ya",
        "spp_irt": "ya",
        "halal": "tidak",
        "bpom": "tidak",
        "merek": "tidak",
        "badan_usaha": "tidak",
        "lat": Decimal("-4.987654"),
        "lng": Decimal("105.123456"),
    }
    return [f.label for f in FIELDS], [example[f.name] for f in FIELDS]
