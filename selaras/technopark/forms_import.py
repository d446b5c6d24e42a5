"""Forms of the UMKM import: the uploaded file, the column mapping and the choice per duplicate."""

from __future__ import annotations

import zipfile
from collections.abc import Mapping, Sequence
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile

from selaras.core.uploads import FILE_TYPES, OFFICE_PART, zip_has_part
from selaras.core.xlsx_reading import ImportFileError, check_archive, import_limits
from selaras.technopark.importing import FIELDS, GABUNG, LEWATI

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
EXTENSIONS = (".xlsx", ".csv")


class UploadForm(forms.Form):
    berkas = forms.FileField(
        label="Berkas XLSX atau CSV",
        help_text="Baris pertama berisi judul kolom. CSV memakai UTF-8, dipisah koma atau titik koma. "
        "Maksimal 10 MB.",
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".xlsx,.csv,text/csv"}),
        error_messages={"required": "Pilih berkas yang akan diimpor.", "empty": "Berkas kosong."},
    )

    def clean_berkas(self) -> UploadedFile:
        """The type is decided by the name and the first bytes, never by the browser."""
        upload: UploadedFile = self.cleaned_data["berkas"]
        name = (upload.name or "").lower()
        extension = name[name.rfind(".") :] if "." in name else ""
        if extension not in EXTENSIONS:
            raise forms.ValidationError("Jenis berkas tidak diterima: hanya XLSX (.xlsx) atau CSV (.csv).")
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("Berkas terlalu besar: maksimal 10 MB.")
        head = upload.read(4096)
        upload.seek(0)
        if extension == ".xlsx":
            if not (head.startswith(FILE_TYPES[".xlsx"][1]) and zip_has_part(upload, OFFICE_PART[".xlsx"])):
                raise forms.ValidationError("Isi berkas bukan workbook Excel (.xlsx).")
            _check_unpacked_size(upload)
        if extension == ".csv" and b"\x00" in head:
            raise forms.ValidationError("Isi berkas bukan teks CSV.")
        return upload


def _check_unpacked_size(upload: UploadedFile) -> None:
    """Refuse a zip bomb at the upload already, from the zip's directory (the rows are
    counted when the file is read for the preview)."""
    try:
        with zipfile.ZipFile(upload.file) as archive:
            check_archive(archive, import_limits())
    except ImportFileError as exc:
        raise forms.ValidationError(str(exc)) from None
    finally:
        upload.seek(0)


class MappingForm(forms.Form):
    """One select per UMKM field, listing the file's columns."""

    def __init__(
        self, header: Sequence[str], initial_mapping: Mapping[str, int | None], *args: Any, **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        columns = [("", "— tidak dipakai —")] + [
            (str(i), heading or f"(kolom {i + 1} tanpa judul)") for i, heading in enumerate(header)
        ]
        for f in FIELDS:
            guess = initial_mapping.get(f.name)
            self.fields[f"kolom_{f.name}"] = forms.ChoiceField(
                label=f.label,
                choices=columns,
                required=False,
                initial="" if guess is None else str(guess),
                widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
            )
            self.fields[f"kolom_{f.name}"].wajib = f.required  # type: ignore[attr-defined]

    def mapping(self) -> dict[str, int | None]:
        """The chosen column per field; the initial guesses when the form was not sent."""
        source = self.cleaned_data if self.is_bound and self.is_valid() else None
        result: dict[str, int | None] = {}
        for f in FIELDS:
            key = f"kolom_{f.name}"
            value = source.get(key) if source is not None else self.fields[key].initial
            result[f.name] = int(value) if value not in (None, "") else None
        return result


def duplicate_choices(data: Mapping[str, str]) -> dict[int, str]:
    """The choice per duplicate row sent as `dup_<row>` = gabung or lewati."""
    choices: dict[int, str] = {}
    for key, value in data.items():
        if key.startswith("dup_") and key[4:].isascii() and key[4:].isdigit():
            choices[int(key[4:])] = GABUNG if value == GABUNG else LEWATI
    return choices
