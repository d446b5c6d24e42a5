"""Forms of the potential page: the criteria weights, and a target's allocation per
kecamatan with the planner's changes (each with a reason), saved all or nothing."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.db import transaction

from selaras.core.fields import IndonesianDecimalField
from selaras.planning.models import Indikator
from selaras.technopark.models import AlokasiTarget, KriteriaPotensi
from selaras.technopark.potential import CRITERIA_ORDER, Criterion, Share

MAX_WEIGHT = Decimal("999.99")
MAX_UNITS = 1_000_000_000


class BobotForm(forms.Form):
    """The weight and the direction of every criterion of the Pemda."""

    def __init__(self, *args: Any, rows: list[KriteriaPotensi], **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                **{f"bobot_{r.kode}": r.bobot for r in rows},
                **{f"naik_{r.kode}": r.makin_tinggi_makin_baik for r in rows},
            },
        )
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            label = f"Bobot {row.get_kode_display()}"
            self.fields[f"bobot_{row.kode}"] = IndonesianDecimalField(
                label=label, max_digits=5, decimal_places=2, max_value=MAX_WEIGHT
            )
            self.fields[f"naik_{row.kode}"] = forms.BooleanField(
                label="makin tinggi makin berpotensi",
                required=False,
                widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        weights = [data.get(f"bobot_{row.kode}") for row in self.rows]
        if all(w is not None for w in weights) and not any(weights):
            raise forms.ValidationError(
                "Bobot tidak boleh semuanya nol: isi paling sedikit satu bobot di atas nol."
            )
        return data

    def pairs(self) -> list[tuple[KriteriaPotensi, forms.BoundField, forms.BoundField]]:
        return [(row, self[f"bobot_{row.kode}"], self[f"naik_{row.kode}"]) for row in self.rows]

    def criteria(self) -> list[Criterion]:
        """The criteria as typed (only after is_valid())."""
        return [
            Criterion(row.kode, self.cleaned_data[f"bobot_{row.kode}"], self.cleaned_data[f"naik_{row.kode}"])
            for row in sorted(self.rows, key=lambda r: CRITERIA_ORDER.index(r.kode))
        ]

    def save(self) -> int:
        """Save the changed criteria one by one (so each change is audited); returns how many."""
        changed = 0
        with transaction.atomic():
            for row in self.rows:
                bobot = self.cleaned_data[f"bobot_{row.kode}"]
                naik = self.cleaned_data[f"naik_{row.kode}"]
                if row.bobot != bobot or row.makin_tinggi_makin_baik != naik:
                    row.bobot, row.makin_tinggi_makin_baik = bobot, naik
                    row.save()
                    changed += 1
        return changed


@dataclass(frozen=True)
class AllocationLine:
    """One kecamatan of an allocation as the form needs it."""

    kecamatan_id: int
    nama: str
    share: Share
    saved: AlokasiTarget | None
    # What the records say so far in this kecamatan, for an indicator with an automatic source.
    realised: Decimal | None = None


class AlokasiForm(forms.Form):
    """The number set for every kecamatan; a number that differs from the computed one
    needs a reason. A blank number keeps the computed one."""

    def __init__(self, *args: Any, lines: list[AllocationLine], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lines = lines
        for line in lines:
            computed = line.share.allocated
            saved = line.saved
            # A saved change keeps its number; otherwise the form offers the computed one.
            override = saved is not None and bool(saved.alasan)
            self.fields[f"k{line.kecamatan_id}_ditetapkan"] = forms.IntegerField(
                label=f"Ditetapkan {line.nama}",
                required=False,
                min_value=0,
                max_value=MAX_UNITS,
                initial=saved.ditetapkan if override else computed,
                error_messages={
                    "invalid": f"Kecamatan {line.nama}: jumlah harus bilangan bulat.",
                    "min_value": f"Kecamatan {line.nama}: jumlah tidak boleh negatif.",
                    "max_value": f"Kecamatan {line.nama}: jumlah terlalu besar.",
                },
                widget=forms.NumberInput(
                    attrs={"class": "form-control form-control-sm num", "inputmode": "numeric", "min": 0}
                ),
            )
            self.fields[f"k{line.kecamatan_id}_alasan"] = forms.CharField(
                label=f"Alasan {line.nama}",
                required=False,
                max_length=300,
                initial=saved.alasan if override else "",
                error_messages={"max_length": f"Kecamatan {line.nama}: alasan paling banyak 300 karakter."},
                widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for line in self.lines:
            number_field, reason_field = f"k{line.kecamatan_id}_ditetapkan", f"k{line.kecamatan_id}_alasan"
            if number_field in self.errors:
                continue
            number = data.get(number_field)
            computed = line.share.allocated
            if number is None:
                data[number_field] = number = computed
            reason = (data.get(reason_field) or "").strip()
            data[reason_field] = reason
            if number != computed and not reason:
                self.add_error(
                    reason_field,
                    f"Kecamatan {line.nama}: alasan wajib diisi karena jumlah yang ditetapkan ({number}) "
                    f"berbeda dari hasil perhitungan ({computed}).",
                )
        return data

    def rows(self) -> list[tuple[AllocationLine, forms.BoundField, forms.BoundField]]:
        return [
            (line, self[f"k{line.kecamatan_id}_ditetapkan"], self[f"k{line.kecamatan_id}_alasan"])
            for line in self.lines
        ]

    def total(self) -> int:
        return sum(self.cleaned_data[f"k{line.kecamatan_id}_ditetapkan"] for line in self.lines)

    def save(self, indikator: Indikator) -> None:
        """Write every kecamatan's row in one transaction: all of them or none."""
        with transaction.atomic():
            for line in self.lines:
                number = self.cleaned_data[f"k{line.kecamatan_id}_ditetapkan"]
                computed = line.share.allocated
                reason = self.cleaned_data[f"k{line.kecamatan_id}_alasan"] if number != computed else ""
                row = line.saved or AlokasiTarget(
                    pemda_id=indikator.pemda_id, indikator=indikator, kecamatan_id=line.kecamatan_id
                )
                if row.pk and (row.dihitung, row.ditetapkan, row.alasan) == (computed, number, reason):
                    continue
                row.dihitung, row.ditetapkan, row.alasan = computed, number, reason
                row.save()  # one by one, so that django-auditlog records each change
