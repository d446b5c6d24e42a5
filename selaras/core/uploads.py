"""Uploaded files: accepted by their first bytes (not by their name or the browser's word),
within a size limit, and served back only through a view that has checked who may see
them, never from a public media URL."""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.db.models.signals import post_delete
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat

# extension -> (content type, first bytes); Office files are ZIP archives with a known part.
FILE_TYPES = {
    ".pdf": ("application/pdf", b"%PDF-"),
    ".png": ("image/png", b"\x89PNG\r\n\x1a\n"),
    ".jpg": ("image/jpeg", b"\xff\xd8\xff"),
    ".jpeg": ("image/jpeg", b"\xff\xd8\xff"),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK\x03\x04"),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", b"PK\x03\x04"),
}
OFFICE_PART = {".xlsx": "xl/workbook.xml", ".docx": "word/document.xml"}


def extension_of(name: str) -> str:
    lower = (name or "").lower()
    return lower[lower.rfind(".") :] if "." in lower else ""


def check_upload(
    upload: UploadedFile, allowed: Sequence[str], kinds: str, name_first: bool = False
) -> UploadedFile:
    """Accept `upload` if its extension is in `allowed`, its size is within BUKTI_MAX_BYTES
    and its content matches its extension; set its content type from the content.

    `kinds` names the accepted types for the message ("PDF, PNG atau JPG"); with
    `name_first` every message starts with the file's name (for forms with many files)."""
    prefix = f"{upload.name}: " if name_first else ""

    def refuse(text: str) -> forms.ValidationError:
        return forms.ValidationError(prefix + (text if name_first else text[0].upper() + text[1:]))

    extension = extension_of(upload.name or "")
    if extension not in allowed or extension not in FILE_TYPES:
        raise refuse(f"jenis berkas tidak diterima: hanya {kinds}.")
    limit = settings.BUKTI_MAX_BYTES
    if upload.size > limit:
        raise refuse(f"berkas terlalu besar: maksimal {filesizeformat(limit)}.")
    content_type, magic = FILE_TYPES[extension]
    head = upload.read(len(magic))
    upload.seek(0)
    if head != magic or (extension in OFFICE_PART and not zip_has_part(upload, OFFICE_PART[extension])):
        raise refuse(f"isi berkas tidak sesuai dengan jenisnya ({extension[1:].upper()}).")
    upload.content_type = content_type
    return upload


def zip_has_part(upload: UploadedFile, part: str) -> bool:
    """Whether the upload is a ZIP archive holding `part` (an Office file's main part), read
    from its directory without unpacking anything."""
    try:
        with zipfile.ZipFile(upload.file) as archive:
            return part in archive.namelist()
    except zipfile.BadZipFile:
        return False
    finally:
        upload.seek(0)


def private_file_response(stored: Any, name: str, content_type: str, inline: bool = False) -> FileResponse:
    """Send a stored file to a user the caller has already checked, never sniffed as HTML."""
    try:
        handle = stored.open("rb")
    except FileNotFoundError:
        raise Http404("Berkas tidak ditemukan.") from None
    response = FileResponse(handle, as_attachment=not inline, filename=name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "no-store, private"  # evidence and photos may show people
    return response


def remove_files_with_rows(*models_with_files: type[models.Model]) -> None:
    """Delete a row's stored files when the row is deleted (directly or by cascade), once
    the deleting transaction commits: a refused or rolled-back delete keeps its files."""
    for model in models_with_files:
        post_delete.connect(_remove_files, sender=model, dispatch_uid=f"remove-files-{model._meta.label}")


def _remove_files(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    for field in instance._meta.fields:
        stored = getattr(instance, field.name) if isinstance(field, models.FileField) else None
        if stored and stored.name:
            storage, name = stored.storage, stored.name
            transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))
