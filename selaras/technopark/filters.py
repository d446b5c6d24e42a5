"""The UMKM list's filters, shared by the list page and its XLSX export (and later the
API), so that the page and the spreadsheet always hold the same rows."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import HttpRequest

from selaras.core.params import parse_int
from selaras.organisations.models import Kampung, Kecamatan
from selaras.technopark.models import UMKM, KelasUsaha, Partisipasi, Sektor

YES, NO = "ya", "tidak"
# Legal and certification items: query parameter = model field, with the choice labels.
LEGAL_ITEMS: dict[str, tuple[str, str, str]] = {
    "punya_nib": ("NIB", "Punya NIB", "Tanpa NIB"),
    "halal": ("Sertifikat Halal", "Sudah halal", "Belum halal"),
    "spp_irt": ("SPP-IRT", "Punya SPP-IRT", "Tanpa SPP-IRT"),
    "bpom": ("Izin Edar BPOM", "Punya izin BPOM", "Tanpa izin BPOM"),
    "merek": ("HKI/Merek", "Merek terdaftar", "Tanpa merek"),
    "badan_usaha": ("Badan usaha", "Berbadan usaha", "Perseorangan"),
}


def _pemda_rows(model: type[Any]) -> Any:
    def rows(request: HttpRequest | None) -> QuerySet[Any]:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return model.objects.none()
        if user.is_superuser and not user.pemda_id:
            return model.objects.all()
        return model.objects.filter(pemda_id=user.pemda_id)

    return rows


def _yes_no(field: str) -> django_filters.ChoiceFilter:
    label, yes, no = LEGAL_ITEMS[field]
    return django_filters.ChoiceFilter(
        label=label, choices=[(YES, yes), (NO, no)], empty_label="Semua", method="filter_flag"
    )


class UMKMFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Cari", method="search")
    kecamatan = django_filters.ModelChoiceFilter(
        label="Kecamatan", queryset=_pemda_rows(Kecamatan), empty_label="Semua kecamatan"
    )
    kampung = django_filters.ModelChoiceFilter(
        label="Kampung", queryset=_pemda_rows(Kampung), empty_label="Semua kampung"
    )
    sektor = django_filters.ChoiceFilter(label="Sektor", choices=Sektor.choices, empty_label="Semua sektor")
    kelas = django_filters.ModelChoiceFilter(
        label="Kelas usaha", queryset=KelasUsaha.objects.all(), empty_label="Semua kelas"
    )
    punya_nib = _yes_no("punya_nib")
    halal = _yes_no("halal")
    spp_irt = _yes_no("spp_irt")
    bpom = _yes_no("bpom")
    merek = _yes_no("merek")
    badan_usaha = _yes_no("badan_usaha")
    dibina = django_filters.ChoiceFilter(
        label="Pembinaan",
        choices=[("sudah", "Sudah dibina"), ("belum", "Belum dibina")],
        empty_label="Semua",
        method="filter_dibina",
    )

    class Meta:
        model = UMKM
        fields: list[str] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form = self.form
        form.fields["q"].widget.attrs.update(
            {"placeholder": "Nama usaha, pemilik, NIB, produk", "type": "search"}
        )
        try:
            kecamatan = parse_int(self.data.get("kecamatan"), "kecamatan") if self.data else None
        except ValueError:
            kecamatan = None  # the kecamatan filter itself says what is wrong
        if kecamatan:
            # Offer only the chosen kecamatan's kampung (the filter still checks the pair).
            field = form.fields["kampung"]
            field.queryset = field.queryset.filter(kecamatan_id=kecamatan)
        for field in form.fields.values():
            css = (
                "form-select form-select-sm"
                if isinstance(field.widget, forms.Select)
                else "form-control form-control-sm"
            )
            field.widget.attrs.setdefault("class", css)

    def search(self, queryset: QuerySet[UMKM], name: str, value: str) -> QuerySet[UMKM]:
        condition = Q()
        for word in value.split():
            condition &= (
                Q(nama_usaha__icontains=word)
                | Q(nama_pemilik__icontains=word)
                | Q(nib__icontains=word)
                | Q(produk__icontains=word)
            )
        return queryset.filter(condition)

    def filter_flag(self, queryset: QuerySet[UMKM], name: str, value: str) -> QuerySet[UMKM]:
        if value not in (YES, NO):
            return queryset
        return queryset.filter(**{name: value == YES})

    def filter_dibina(self, queryset: QuerySet[UMKM], name: str, value: str) -> QuerySet[UMKM]:
        coached = Exists(Partisipasi.objects.filter(umkm_id=OuterRef("pk")))
        if value == "sudah":
            return queryset.filter(coached)
        if value == "belum":
            return queryset.filter(~coached)
        return queryset

    def described(self) -> list[str]:
        """The active filters in words, for the export's title block."""
        if not self.is_bound:
            return []
        self.form.is_valid()  # the valid filters are applied even when another one is not
        parts = []
        for name, value in getattr(self.form, "cleaned_data", {}).items():
            if value in (None, ""):
                continue
            field = self.form.fields[name]
            shown = (
                dict(field.choices).get(value, value)
                if name in LEGAL_ITEMS or name in ("sektor", "dibina")
                else value
            )
            parts.append(f"{field.label}: {shown}")
        return parts
