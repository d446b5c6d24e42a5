"""Forms of the Renstra: tujuan and sasaran, indicators with a target for every year of
the period, and program/kegiatan/sub kegiatan items with a pagu indikatif for every year.

Numbers are read as Indonesian staff write them (IndonesianDecimalField) and every message
names the field. The yearly rows (RenstraTarget, RenstraPagu) are written together with
their parent inside one transaction, so a refused form leaves nothing half written.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.db import transaction
from django.db.models import Q

from selaras.core.fields import IndonesianDecimalField
from selaras.planning.models import (
    POLARITAS_TIDAK_DIKENAL,
    Polaritas,
    Renstra,
    RenstraIndikator,
    RenstraItem,
    RenstraPagu,
    RenstraTarget,
    Sasaran,
    Tujuan,
)
from selaras.reference.codes import parse_code
from selaras.reference.models import Nomenklatur

SMALL = {"class": "form-control form-control-sm"}
SELECT = {"class": "form-select form-select-sm"}
ITEM_LEVELS = (Nomenklatur.Level.PROGRAM, Nomenklatur.Level.KEGIATAN, Nomenklatur.Level.SUB_KEGIATAN)


# --- tujuan and sasaran ----------------------------------------------------------------


class _KodeUraianForm(forms.ModelForm):
    """A kode that is unique inside the Renstra, and its description."""

    noun = ""

    def __init__(self, *args: Any, renstra: Renstra, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.renstra = renstra

    def clean_kode(self) -> str:
        kode = self.cleaned_data["kode"].strip()
        taken = self._meta.model.objects.filter(renstra=self.renstra, kode__iexact=kode).filter(
            ~Q(pk=self.instance.pk)
        )
        if taken.exists():
            raise forms.ValidationError(f"Kode {kode} sudah dipakai {self.noun} lain dalam Renstra ini.")
        return kode


class TujuanForm(_KodeUraianForm):
    noun = "tujuan"

    class Meta:
        model = Tujuan
        fields = ["kode", "uraian"]
        labels = {"kode": "Kode tujuan", "uraian": "Uraian tujuan"}
        widgets = {"kode": forms.TextInput(attrs=SMALL), "uraian": forms.TextInput(attrs=SMALL)}
        error_messages = {
            "kode": {"required": "Kode tujuan wajib diisi."},
            "uraian": {"required": "Uraian tujuan wajib diisi."},
        }


class SasaranForm(_KodeUraianForm):
    noun = "sasaran"

    class Meta:
        model = Sasaran
        fields = ["kode", "uraian"]
        labels = {"kode": "Kode sasaran", "uraian": "Uraian sasaran"}
        widgets = {"kode": forms.TextInput(attrs=SMALL), "uraian": forms.TextInput(attrs=SMALL)}
        error_messages = {
            "kode": {"required": "Kode sasaran wajib diisi."},
            "uraian": {"required": "Uraian sasaran wajib diisi."},
        }


# --- indicators ------------------------------------------------------------------------


class RenstraIndikatorForm(forms.ModelForm):
    """One indicator and its target for each year of the period: a number, or a range (a
    lower and an upper bound) when the planner ticks "Target berupa rentang" or the
    polarity is stabil, which needs one."""

    kondisi_awal = IndonesianDecimalField(label="Kondisi awal", required=False)
    # static/js/selaras.js shows the upper bounds only for a range target; the server
    # ignores them otherwise.
    rentang = forms.BooleanField(
        label="Target berupa rentang",
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input", "data-toggle-upper": True}),
    )

    class Meta:
        model = RenstraIndikator
        fields = ["uraian", "satuan", "polaritas", "kondisi_awal", "tahun_kondisi_awal"]
        labels = {"uraian": "Uraian indikator"}
        widgets = {
            "uraian": forms.TextInput(attrs=SMALL),
            "satuan": forms.TextInput(attrs=SMALL),
            "polaritas": forms.Select(attrs={**SELECT, "data-toggle-upper": True}),
            "tahun_kondisi_awal": forms.TextInput(attrs={**SMALL, "inputmode": "numeric"}),
        }
        error_messages = {
            "uraian": {"required": "Uraian indikator wajib diisi."},
            "satuan": {"required": "Satuan wajib diisi."},
            "polaritas": {"invalid_choice": POLARITAS_TIDAK_DIKENAL},
            "tahun_kondisi_awal": {"invalid": "Tahun kondisi awal harus berupa tahun, misalnya 2024."},
        }

    def __init__(self, *args: Any, renstra: Renstra, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.renstra = renstra
        current = {t.tahun: t for t in self.instance.targets.all()} if self.instance.pk else {}
        self.fields["rentang"].initial = self.instance.polaritas == Polaritas.STABIL or any(
            t.target_atas is not None for t in current.values()
        )
        if self.is_bound and not self.is_range:
            # Upper bounds belong to ranges only: drop what a hidden input may still hold.
            self.data = self.data.copy()
            for year in renstra.years:
                self.data[self.add_prefix(f"target_atas_{year}")] = ""
        for year in renstra.years:
            row = current.get(year)
            self.fields[f"target_{year}"] = IndonesianDecimalField(
                label=f"Target {year}", initial=row.target if row else None
            )
            self.fields[f"target_atas_{year}"] = IndonesianDecimalField(
                label=f"Batas atas {year}", required=False, initial=row.target_atas if row else None
            )

    @property
    def main_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self._meta.fields]

    @property
    def year_fields(self) -> list[tuple[int, forms.BoundField, forms.BoundField]]:
        return [(y, self[f"target_{y}"], self[f"target_atas_{y}"]) for y in self.renstra.years]

    @property
    def is_range(self) -> bool:
        """Whether the targets are ranges: ticked, or required by polaritas stabil."""
        if not self.is_bound:
            return bool(self.fields["rentang"].initial)
        widget = self.fields["rentang"].widget
        ticked = widget.value_from_datadict(self.data, self.files, self.add_prefix("rentang"))
        return bool(ticked) or self.data.get(self.add_prefix("polaritas")) == Polaritas.STABIL

    def clean_tahun_kondisi_awal(self) -> int | None:
        year = self.cleaned_data.get("tahun_kondisi_awal")
        if year is not None and not 1945 <= year <= self.renstra.tahun_awal:
            raise forms.ValidationError(
                f"Tahun kondisi awal harus antara 1945 dan {self.renstra.tahun_awal} (awal periode Renstra)."
            )
        return year

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("kondisi_awal") is not None and cleaned.get("tahun_kondisi_awal") is None:
            if "tahun_kondisi_awal" not in self.errors:
                self.add_error(
                    "tahun_kondisi_awal", "Tahun kondisi awal wajib diisi bila kondisi awal diisi."
                )
        if not self.is_range:
            return cleaned
        stabil = cleaned.get("polaritas") == Polaritas.STABIL
        reason = "polaritas stabil" if stabil else "target berupa rentang"
        for year in self.renstra.years:
            key = f"target_atas_{year}"
            lower, upper = cleaned.get(f"target_{year}"), cleaned.get(key)
            if key in self.errors:
                continue
            if upper is None:
                self.add_error(key, f"Batas atas {year} wajib diisi untuk {reason}.")
            elif lower is not None and lower > upper:
                self.add_error(
                    key, f"Batas atas {year} tidak boleh lebih kecil dari target (batas bawah) {year}."
                )
        return cleaned

    @transaction.atomic
    def save_with_targets(self) -> RenstraIndikator:
        """Save the indicator and one RenstraTarget per year; only changed rows are written."""
        indikator = self.save()
        rows = {t.tahun: t for t in RenstraTarget.objects.filter(indikator=indikator)}
        for year in self.renstra.years:
            target = self.cleaned_data[f"target_{year}"]
            upper = self.cleaned_data[f"target_atas_{year}"]
            row = rows.pop(year, None)
            if row is None:
                RenstraTarget.objects.create(
                    pemda_id=indikator.pemda_id,
                    indikator=indikator,
                    tahun=year,
                    target=target,
                    target_atas=upper,
                )
            elif (row.target, row.target_atas) != (target, upper):
                row.target, row.target_atas = target, upper
                row.save()
        for stale in rows.values():  # a year outside the period
            stale.delete()
        return indikator


# --- program, kegiatan and sub kegiatan with their pagu --------------------------------


class RenstraItemForm(forms.ModelForm):
    """An item typed by its nomenclature code (only when added), its sasaran and its pagu
    indikatif for each year."""

    kode = forms.CharField(
        label="Kode program/kegiatan",
        help_text="Kode nomenklatur, misalnya 5.05.02 atau 5.05.02.2.04.",
        error_messages={"required": "Kode program/kegiatan wajib diisi."},
        widget=forms.TextInput(attrs={**SMALL, "list": "renstra-nomenklatur", "autocomplete": "off"}),
    )

    class Meta:
        model = RenstraItem
        fields = ["sasaran"]
        labels = {"sasaran": "Sasaran"}
        widgets = {"sasaran": forms.Select(attrs=SELECT)}
        error_messages = {"sasaran": {"invalid_choice": "Sasaran yang dipilih tidak ada dalam Renstra ini."}}

    field_order = ["kode", "sasaran"]

    def __init__(self, *args: Any, renstra: Renstra, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.renstra = renstra
        sasaran = self.fields["sasaran"]
        sasaran.queryset = Sasaran.objects.filter(renstra=renstra)  # type: ignore[attr-defined]
        sasaran.empty_label = "(tanpa sasaran)"  # type: ignore[attr-defined]
        current: dict[int, Decimal] = {}
        if self.instance.pk:
            del self.fields["kode"]
            current = {p.tahun: p.pagu for p in self.instance.pagu.all()}
        for year in renstra.years:
            self.fields[f"pagu_{year}"] = IndonesianDecimalField(
                label=f"Pagu {year}", initial=current.get(year, Decimal(0))
            )

    @property
    def pagu_fields(self) -> list[forms.BoundField]:
        return [self[f"pagu_{year}"] for year in self.renstra.years]

    def clean_kode(self) -> Nomenklatur:
        text = self.cleaned_data["kode"]
        try:
            kode = parse_code(text).full
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None
        nomen = Nomenklatur.objects.select_related("parent").filter(kode=kode).first()
        if nomen is None:
            raise forms.ValidationError(f"Kode {kode} tidak ada dalam nomenklatur.")
        if nomen.level not in ITEM_LEVELS:
            raise forms.ValidationError(
                f"Kode {kode} adalah {nomen.get_level_display().lower()}, "
                "bukan program, kegiatan atau sub kegiatan."
            )
        items = RenstraItem.objects.filter(renstra=self.renstra)
        if items.filter(nomenklatur=nomen).exists():
            raise forms.ValidationError(f"{nomen.get_level_display()} {kode} sudah ada dalam Renstra ini.")
        parent = nomen.parent
        if nomen.level != Nomenklatur.Level.PROGRAM and not items.filter(nomenklatur=parent).exists():
            level = parent.get_level_display().lower()
            raise forms.ValidationError(
                f"{parent.get_level_display()} {parent.kode} belum ada dalam Renstra ini; "
                f"tambahkan {level} tersebut terlebih dahulu."
            )
        return nomen

    @transaction.atomic
    def save_with_pagu(self) -> RenstraItem:
        """Save the item and one RenstraPagu per year; only changed rows are written."""
        item = self.save(commit=False)
        if not item.pk:
            item.pemda_id, item.renstra = self.renstra.pemda_id, self.renstra
            item.nomenklatur = self.cleaned_data["kode"]
        item.save()
        rows = {p.tahun: p for p in RenstraPagu.objects.filter(item=item)}
        for year in self.renstra.years:
            pagu = self.cleaned_data[f"pagu_{year}"]
            row = rows.pop(year, None)
            if row is None:
                RenstraPagu.objects.create(pemda_id=item.pemda_id, item=item, tahun=year, pagu=pagu)
            elif row.pagu != pagu:
                row.pagu = pagu
                row.save()
        for stale in rows.values():  # a year outside the period
            stale.delete()
        return item
