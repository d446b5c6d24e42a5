"""Forms of the quarterly entry: one indicator's value, one sub kegiatan's budget and
narrative, and an evidence file. Numbers are read as Indonesian staff write them."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import MaxLengthValidator

from selaras.core.fields import IndonesianDecimalField
from selaras.core.uploads import check_upload
from selaras.lib.dates import QUARTER_NUMERALS, format_date, quarter_bounds
from selaras.monitoring.models import NARASI_E80, NarasiEvaluasiRenstra

SMALL = {"class": "form-control form-control-sm"}
TEXTAREA = {"class": "form-control form-control-sm", "rows": 2}


class RealisasiForm(forms.Form):
    nilai = IndonesianDecimalField(label="Realisasi", required=False)
    catatan = forms.CharField(
        label="Catatan",
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs=SMALL),
        error_messages={
            "max_length": "Catatan paling banyak %(limit_value)d karakter (sekarang %(show_value)d)."
        },
    )
    versi = forms.IntegerField(min_value=0, widget=forms.HiddenInput)


class RealisasiSubForm(forms.Form):
    anggaran = IndonesianDecimalField(label="Realisasi anggaran", required=False)
    faktor_pendorong = forms.CharField(
        label="Faktor pendorong keberhasilan", required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
    faktor_penghambat = forms.CharField(
        label="Faktor penghambat", required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
    tindak_lanjut = forms.CharField(
        label="Tindak lanjut dalam triwulan berikutnya", required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
    tindak_lanjut_renja = forms.CharField(
        label="Tindak lanjut dalam Renja berikutnya", required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
    versi = forms.IntegerField(min_value=0, widget=forms.HiddenInput)


BUKTI_TYPES = (".pdf", ".png", ".jpg", ".jpeg", ".xlsx", ".docx")


class BuktiDukungForm(forms.Form):
    berkas = forms.FileField(
        label="Bukti dukung",
        widget=forms.ClearableFileInput(
            attrs={"class": "form-control form-control-sm", "accept": ",".join(BUKTI_TYPES)}
        ),
        error_messages={"required": "Pilih berkas bukti dukung.", "empty": "Berkas kosong."},
    )

    def clean_berkas(self) -> UploadedFile:
        return check_upload(self.cleaned_data["berkas"], BUKTI_TYPES, "PDF, PNG, JPG, XLSX atau DOCX")


# A date input reads and writes ISO dates only; another format shows as empty.
ISO_DATE = forms.DateInput(attrs={**SMALL, "type": "date"}, format="%Y-%m-%d")


class TenggatForm(forms.Form):
    """The four reporting deadlines of a year; each must fall after its quarter ends."""

    tw1 = forms.DateField(
        label="Batas waktu Triwulan I", widget=ISO_DATE
    )
    tw2 = forms.DateField(
        label="Batas waktu Triwulan II", widget=ISO_DATE
    )
    tw3 = forms.DateField(
        label="Batas waktu Triwulan III", widget=ISO_DATE
    )
    tw4 = forms.DateField(
        label="Batas waktu Triwulan IV", widget=ISO_DATE
    )

    def __init__(self, *args: object, tahun: int, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.tahun = tahun
        for field in self.fields.values():
            field.error_messages = {
                "required": f"{field.label} wajib diisi.",
                "invalid": f"{field.label}: tanggal tidak valid.",
            }

    def clean(self) -> dict[str, object]:
        cleaned = super().clean()
        for q in (1, 2, 3, 4):
            day = cleaned.get(f"tw{q}")
            _, end = quarter_bounds(self.tahun, q)
            if day is not None and day <= end:
                self.add_error(
                    f"tw{q}",
                    f"Batas waktu Triwulan {QUARTER_NUMERALS[q]} harus setelah triwulan berakhir "
                    f"({format_date(end)}).",
                )
        return cleaned


NARASI_MAX_LENGTH = 4000


class NarasiForm(forms.ModelForm):
    """The four narrative rows of the E.80, as the planner writes them."""

    class Meta:
        model = NarasiEvaluasiRenstra
        fields = NARASI_E80

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.validators.append(MaxLengthValidator(NARASI_MAX_LENGTH))
            field.widget.attrs.update(
                {"class": "form-control form-control-sm", "rows": 3, "maxlength": NARASI_MAX_LENGTH}
            )
            field.label = field.label[:1].upper() + field.label[1:]
