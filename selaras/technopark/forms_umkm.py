"""The form of an UMKM record: Indonesian numbers, a kampung that lies in the chosen
kecamatan, a 13-digit NIB, an Indonesian phone number (technopark/phones.py), and no
second record of the same business (the import is where duplicates are merged)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.db.models import Q

from selaras.core.fields import IndonesianDecimalField
from selaras.organisations.models import Kampung, Kecamatan
from selaras.technopark.models import UMKM
from selaras.technopark.phones import normalise_phone

SMALL = {"class": "form-control form-control-sm"}
SELECT = {"class": "form-select form-select-sm"}
CHECK = {"class": "form-check-input"}
NIB_PATTERN = re.compile(r"^\d{13}$")
FIRST_YEAR = 1900
MERGE_HINT = "Data ganda tidak disimpan; ubah data yang sudah ada, atau gabungkan lewat impor UMKM."
LEGAL_FIELDS = ["punya_nib", "spp_irt", "halal", "bpom", "merek", "badan_usaha"]


def _required(label: str) -> dict[str, str]:
    return {"required": f"{label} wajib diisi."}


class UMKMForm(forms.ModelForm):
    modal_usaha = IndonesianDecimalField(label="Modal usaha (Rp)")
    omzet_tahunan = IndonesianDecimalField(label="Omzet tahunan (Rp)")
    lat = IndonesianDecimalField(
        label="Lintang", required=False, allow_negative=True, max_digits=9, decimal_places=6
    )
    lng = IndonesianDecimalField(
        label="Bujur", required=False, allow_negative=True, max_digits=9, decimal_places=6
    )

    class Meta:
        model = UMKM
        fields = [
            "nama_usaha",
            "nama_pemilik",
            "telepon",
            "nib",
            "sektor",
            "produk",
            "kecamatan",
            "kampung",
            "lat",
            "lng",
            "tahun_mulai",
            "modal_usaha",
            "omzet_tahunan",
            "tenaga_kerja",
            "terdaftar_sebelum_pp7",
            *LEGAL_FIELDS,
        ]
        labels = {
            "nib": "NIB (Nomor Induk Berusaha)",
            "sektor": "Sektor (KBLI)",
            "kampung": "Kampung/Kelurahan",
            "punya_nib": "Punya NIB",
        }
        widgets = {
            "nama_usaha": forms.TextInput(attrs=SMALL),
            "nama_pemilik": forms.TextInput(attrs=SMALL),
            "telepon": forms.TextInput(attrs={**SMALL, "inputmode": "tel", "autocomplete": "off"}),
            "nib": forms.TextInput(attrs={**SMALL, "inputmode": "numeric", "maxlength": "13"}),
            "sektor": forms.Select(attrs=SELECT),
            "produk": forms.TextInput(attrs=SMALL),
            "kecamatan": forms.Select(attrs=SELECT),
            "kampung": forms.Select(attrs=SELECT),
            "tahun_mulai": forms.NumberInput(attrs={**SMALL, "inputmode": "numeric"}),
            "tenaga_kerja": forms.NumberInput(attrs={**SMALL, "inputmode": "numeric", "min": "0"}),
            "terdaftar_sebelum_pp7": forms.CheckboxInput(attrs=CHECK),
            **{name: forms.CheckboxInput(attrs=CHECK) for name in LEGAL_FIELDS},
        }
        error_messages = {
            "nama_usaha": _required("Nama usaha"),
            "nama_pemilik": _required("Nama pemilik"),
            "sektor": {
                "required": "Sektor (KBLI) wajib dipilih.",
                "invalid_choice": "Sektor (KBLI) tidak dikenal.",
            },
            "kecamatan": {
                "required": "Kecamatan wajib dipilih.",
                "invalid_choice": "Kecamatan tidak dikenal.",
            },
            "kampung": {
                "required": "Kampung/Kelurahan wajib dipilih.",
                "invalid_choice": "Kampung/Kelurahan tidak dikenal.",
            },
            "tenaga_kerja": {
                "required": "Tenaga kerja wajib diisi.",
                "invalid": "Tenaga kerja harus berupa bilangan bulat.",
                "min_value": "Tenaga kerja tidak boleh negatif.",
            },
            "tahun_mulai": {"invalid": "Tahun mulai usaha harus berupa tahun, misalnya 2019."},
        }

    def __init__(self, *args: Any, user: Any, show_phone: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.pemda_id = self.instance.pemda_id or user.pemda_id
        if not show_phone:
            # A user who may not see the owner's phone may not overwrite it blindly either.
            del self.fields["telepon"]
        self.fields["kecamatan"].queryset = Kecamatan.objects.filter(pemda_id=self.pemda_id)
        self.fields["kecamatan"].empty_label = "Pilih kecamatan"
        kampung = self.fields["kampung"]
        kampung.queryset = Kampung.objects.filter(pemda_id=self.pemda_id)
        kampung.choices = self._kampung_choices()
        if show_phone:
            self.fields[
                "telepon"
            ].help_text = "9 sampai 15 angka, boleh diawali +62 atau 0, misalnya 0812-3456-7890."
        self.fields["nib"].help_text = "13 digit angka; kosongkan bila belum punya."

    def _kampung_choices(self) -> list[tuple[Any, Any]]:
        """The kampung grouped by kecamatan (one query), so a phone user finds them."""
        groups: dict[str, list[tuple[int, str]]] = {}
        for row in (
            Kampung.objects.filter(pemda_id=self.pemda_id)
            .order_by("kecamatan__kode", "nama")
            .values_list("pk", "nama", "kecamatan__nama")
        ):
            groups.setdefault(row[2], []).append((row[0], row[1]))
        return [("", "Pilih kampung/kelurahan"), *groups.items()]

    def clean_nama_usaha(self) -> str:
        return " ".join(self.cleaned_data["nama_usaha"].split())

    def clean_nib(self) -> str:
        nib = re.sub(r"\s", "", self.cleaned_data.get("nib") or "")
        if nib and not NIB_PATTERN.match(nib):
            raise forms.ValidationError(
                f"NIB harus 13 digit angka; yang diisi {len(nib)} karakter ('{nib}')."
            )
        return nib

    def clean_telepon(self) -> str:
        return normalise_phone(self.cleaned_data.get("telepon"))

    def clean_tahun_mulai(self) -> int | None:
        year = self.cleaned_data.get("tahun_mulai")
        this_year = dt.date.today().year
        if year is not None and not FIRST_YEAR <= year <= this_year:
            raise forms.ValidationError(f"Tahun mulai usaha harus antara {FIRST_YEAR} dan {this_year}.")
        return year

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        kecamatan, kampung = cleaned.get("kecamatan"), cleaned.get("kampung")
        if kecamatan and kampung and kampung.kecamatan_id != kecamatan.pk:
            self.add_error(
                "kampung",
                f"Kampung/Kelurahan: {kampung.nama} tidak berada di Kecamatan {kecamatan.nama}. "
                "Pilih kampung/kelurahan di kecamatan itu.",
            )
            kampung = None
        if cleaned.get("nib"):
            cleaned["punya_nib"] = True
        self._refuse_duplicates(cleaned.get("nib", ""), cleaned.get("nama_usaha", ""), kampung)
        return cleaned

    def _refuse_duplicates(self, nib: str, nama: str, kampung: Kampung | None) -> None:
        others = UMKM.objects.filter(pemda_id=self.pemda_id).exclude(pk=self.instance.pk)
        if nib:
            same = others.filter(nib=nib).select_related("kampung").first()
            if same:
                self.add_error("nib", f"NIB {nib} sudah terdaftar untuk {self._named(same)}. " + MERGE_HINT)
        if nama and kampung:
            same = (
                others.filter(Q(nama_usaha__iexact=nama), kampung=kampung).select_related("kampung").first()
            )
            if same:
                self.add_error(
                    "nama_usaha",
                    f"Nama usaha '{nama}' di Kampung {kampung.nama} sudah terdaftar sebagai "
                    f"{self._named(same)}. " + MERGE_HINT,
                )

    def _named(self, umkm: UMKM) -> str:
        """The existing record, named only when the user may see it."""
        if UMKM.objects.visible_to(self.user).filter(pk=umkm.pk).exists():
            return f"UMKM '{umkm.nama_usaha}' ({umkm.nama_pemilik}, Kampung {umkm.kampung.nama})"
        return "UMKM lain yang tidak dapat Anda lihat"
