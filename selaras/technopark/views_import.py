"""Pages of the UMKM import: upload, map and preview, import; and the XLSX template.

Who: administrators, perencana and pendamping UMKM of a Perangkat Daerah. The rows belong
to the user's Perangkat Daerah and to its UPT (the Technopark) when it has one, else to
the user's own Unit Kerja.

Between the steps the upload is kept server-side under MEDIA_ROOT/import/<token>.<ext>
(outside the code folder, never served); the session holds the token, and the file is
deleted after the import (files left by abandoned imports go after a day).

Progress: the import runs inside the request, behind a spinner and a note with the
estimated time; no background thread, no task queue. Measured with bench/umkm_import.py
(`make bench-import`) on a 10,000-row, 22-column XLSX, on the 2-CPU development machine:

    SQLite, quiet machine: openpyxl alone 1.9 s (5,300 rows/s), preview 2.7 s
    (3,700 rows/s), full import 6.7 s (1,500 rows/s);
    busy machine: SQLite 3.3 s / 3.1 s / 7.4 s, PostgreSQL 2.5 s / 3.1 s / 8.0 s.

Several seconds is a wait to show, not work to hand off. A thread per import would die
with a recycled worker and its progress would have to be shared between workers (the
cache is per process), which is what a task queue does properly, and DESIGN.md asks for
one only when a measurement says so. A file is capped at import_limits.DEFAULT_MAX_ROWS (20,000
rows, about 15 s) so one request stays well inside gunicorn's default 30 s timeout; a
larger register is imported in parts. If imports of that size become routine, that is
the measurement that calls for a task queue.
"""

from __future__ import annotations

import secrets
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_POST
from openpyxl import Workbook

from selaras.core.downloads import download_progress
from selaras.core.xlsx import Column, workbook_response, write_cell, write_table
from selaras.core.xlsx_reading import import_limits
from selaras.lib.numbers import format_number
from selaras.organisations.models import Kampung
from selaras.technopark.access import may_write, owner_unit
from selaras.technopark.forms_import import MappingForm, UploadForm, duplicate_choices
from selaras.technopark.importing import (
    FIELDS,
    LEWATI,
    ImportFileError,
    Owner,
    Preview,
    guess_mapping,
    import_rows,
    read_table,
    template_rows,
    validate,
)
from selaras.technopark.models import Sektor

SESSION_KEY = "umkm_import"
STALE_SECONDS = 24 * 3600
# Measured rows per second of the whole import (bench/umkm_import.py), for the estimate.
ROWS_PER_SECOND = 1500


def _importer(request: HttpRequest) -> Owner:
    """The owner of the imported rows, or 403 for a user who may not import."""
    user = request.user
    if not may_write(user) or user.perangkat_daerah_id is None:
        raise PermissionDenied(
            "Hanya administrator, perencana atau pendamping UMKM perangkat daerah yang dapat mengimpor UMKM."
        )
    unit = owner_unit(user)  # the same unit as a business added by hand
    return Owner(user.pemda_id, user.perangkat_daerah_id, unit.pk if unit else 0, user.pk)


NO_UNIT = (
    "Perangkat Daerah Anda belum memiliki UPT dan akun Anda tidak terikat pada unit kerja; "
    "UMKM impor tidak dapat ditempatkan. Hubungi administrator."
)


def _folder() -> Path:
    return Path(settings.MEDIA_ROOT) / "import"


def _stored(request: HttpRequest) -> tuple[Path, dict[str, str]] | None:
    data = request.session.get(SESSION_KEY)
    if not isinstance(data, dict):
        return None
    token, ext = data.get("token", ""), data.get("ext", "")
    if not (token.isalnum() and ext in ("xlsx", "csv")):
        return None
    path = _folder() / f"{token}.{ext}"
    return (path, data) if path.exists() else None


def _forget(request: HttpRequest) -> None:
    stored = _stored(request)
    if stored:
        stored[0].unlink(missing_ok=True)
    request.session.pop(SESSION_KEY, None)


def _keep(request: HttpRequest, upload: UploadedFile) -> None:
    _forget(request)
    folder = _folder()
    folder.mkdir(parents=True, exist_ok=True)
    cutoff = time.time() - STALE_SECONDS
    for old in folder.iterdir():
        if old.is_file() and old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)
    ext = upload.name.lower().rsplit(".", 1)[-1]
    token = secrets.token_hex(16)
    with (folder / f"{token}.{ext}").open("wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    request.session[SESSION_KEY] = {"token": token, "ext": ext, "nama": upload.name}


@login_required
def umkm_import(request: HttpRequest) -> HttpResponse:
    """Step 1: upload the file."""
    owner = _importer(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    refusal = "" if owner.unit_kerja_id else NO_UNIT
    if not refusal and request.method == "POST" and form.is_valid():
        _keep(request, form.cleaned_data["berkas"])
        return redirect("technopark:umkm_import_preview")
    status = 422 if request.method == "POST" else 200
    context = {"form": form, "refusal": refusal, "max_rows": import_limits().max_rows, "step": 1}
    return render(request, "technopark/import_upload.html", context, status=status)


def _no_file(request: HttpRequest) -> HttpResponse:
    messages.error(request, "Berkas impor tidak ditemukan atau sudah dipakai; unggah lagi.")
    return redirect("technopark:umkm_import")


def _read(request: HttpRequest, path: Path, data: dict[str, str]) -> Any:
    try:
        return read_table(path, data["ext"])
    except ImportFileError as exc:
        _forget(request)
        messages.error(request, str(exc))
        return None


@login_required
def umkm_import_preview(request: HttpRequest) -> HttpResponse:
    """Step 2: map the columns (prefilled with the guesses) and see what would happen."""
    owner = _importer(request)
    stored = _stored(request)
    if stored is None:
        return _no_file(request)
    table = _read(request, *stored)
    if table is None:
        return redirect("technopark:umkm_import")
    form = MappingForm(table.header, guess_mapping(table.header), request.POST or None)
    preview = validate(table, form.mapping(), owner)
    choices = duplicate_choices(request.POST) if request.method == "POST" else {}
    return _render_preview(request, stored[1], form, preview, choices)


def _render_preview(
    request: HttpRequest,
    data: dict[str, str],
    form: MappingForm,
    preview: Preview,
    choices: dict[int, str],
    rejected: bool = False,
) -> HttpResponse:
    rows = len(preview.rows)
    context = {
        "step": 2,
        "nama_berkas": data.get("nama", ""),
        "form": form,
        "mapping_fields": [(form[f"kolom_{f.name}"], f) for f in FIELDS],
        "preview": preview,
        "duplicates": [(d, choices.get(d.row, LEWATI)) for d in preview.duplicates],
        "rejected": rejected,
        "seconds": max(1, round(rows / ROWS_PER_SECOND)),
        "large": rows >= ROWS_PER_SECOND,
    }
    return render(request, "technopark/import_preview.html", context, status=422 if rejected else 200)


@login_required
@require_POST
def umkm_import_run(request: HttpRequest) -> HttpResponse:
    """Step 3: import all or nothing, then forget the file."""
    owner = _importer(request)
    if not owner.unit_kerja_id:
        raise PermissionDenied(NO_UNIT)
    stored = _stored(request)
    if stored is None:
        return _no_file(request)
    table = _read(request, *stored)
    if table is None:
        return redirect("technopark:umkm_import")
    form = MappingForm(table.header, guess_mapping(table.header), request.POST)
    preview = validate(table, form.mapping(), owner)
    choices = duplicate_choices(request.POST)
    result = import_rows(preview, owner, choices)
    if not result.ok:
        return _render_preview(request, stored[1], form, preview, choices, rejected=True)
    _forget(request)
    messages.success(
        request,
        f"Impor selesai: {result.created} UMKM baru, {result.updated} diperbarui (gabung), "
        f"{result.skipped} dilewati.",
    )
    try:
        return redirect(reverse("technopark:umkm_list"))
    except NoReverseMatch:
        return redirect("technopark:umkm_import")


@login_required
@download_progress
def umkm_import_template(request: HttpRequest) -> HttpResponse:
    """The XLSX template: the expected headings, one example row and a sheet of guidance."""
    owner = _importer(request)
    kampung = (
        Kampung.objects.filter(pemda_id=owner.pemda_id).select_related("kecamatan").order_by("kode").first()
    )
    headings, example = template_rows(kampung)
    workbook = Workbook()
    ws = workbook.active
    ws.title = "UMKM"
    write_table(ws, [Column(h) for h in headings], [example])
    for number, f in enumerate(FIELDS, start=1):
        if f.kind == "coord":
            ws.cell(row=2, column=number).number_format = "0.000000"
    guide = workbook.create_sheet("Petunjuk")
    notes = [
        "Kolom bertanda * wajib. Isi Kode Kampung (kode Kemendagri), atau Kecamatan dan Kampung.",
        f"Sektor: huruf KBLI {', '.join(Sektor.values)}.",
        "Kolom ya/tidak menerima: ya, tidak, 1, 0, true, false, ✓.",
        "Angka boleh ditulis 1.250.000,50 atau 1250000.50. NIB terdiri dari 13 angka.",
        "Rumus tidak dihitung: isi sel dengan nilai, bukan rumus.",
        f"Paling banyak {format_number(import_limits().max_rows)} baris sekali impor.",
    ]
    for number, f in enumerate(FIELDS, start=1):
        write_cell(guide, number, 1, f.label + (" *" if f.required else ""))
    for number, note in enumerate(notes, start=1):
        write_cell(guide, number, 3, note)
    guide.column_dimensions["A"].width = 30
    guide.column_dimensions["C"].width = 90
    workbook.properties.creator = "Selaras"
    return workbook_response(workbook, "template_impor_umkm.xlsx")
