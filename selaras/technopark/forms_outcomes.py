"""Forms of the outcomes: a snapshot of a business, and the assumed PAD rates of the estimate."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone

from selaras.core.fields import IndonesianDecimalField
from selaras.lib.dates import format_date
from selaras.technopark.models import UMKM, Sektor, Snapshot

SMALL = {"class": "form-control form-control-sm"}
CHECK = {"class": "form-check-input"}
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"]


class SnapshotForm(forms.ModelForm):
    """The state of one business at a date; one snapshot per business and date."""

    tanggal = forms.DateField(
        label="Tanggal",
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={**SMALL, "type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": "Tanggal wajib diisi.",
            "invalid": "Tanggal tidak dikenali; tulis seperti 2026-02-02 atau 02/02/2026.",
        },
    )
    omzet_tahunan = IndonesianDecimalField(label="Omzet tahunan")
    tenaga_kerja = forms.IntegerField(
        label="Tenaga kerja",
        min_value=0,
        widget=forms.NumberInput(attrs={**SMALL, "inputmode": "numeric"}),
        error_messages={
            "required": "Tenaga kerja wajib diisi.",
            "invalid": "Tenaga kerja harus berupa bilangan bulat.",
            "min_value": "Tenaga kerja tidak boleh negatif.",
        },
    )

    class Meta:
        model = Snapshot
        fields = ["tanggal", "omzet_tahunan", "tenaga_kerja", "punya_nib", "halal", "spp_irt", "merek"]
        widgets = {
            name: forms.CheckboxInput(attrs=CHECK) for name in ["punya_nib", "halal", "spp_irt", "merek"]
        }

    def __init__(self, *args: Any, umkm: UMKM, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.umkm = umkm
        self.instance.umkm = umkm
        self.instance.pemda_id = umkm.pemda_id

    def clean_tanggal(self) -> Any:
        tanggal = self.cleaned_data["tanggal"]
        today = timezone.localdate()
        if tanggal > today:
            raise forms.ValidationError(
                f"Tanggal tidak boleh setelah hari ini ({format_date(today)}).", code="future"
            )
        if Snapshot.objects.filter(umkm=self.umkm, tanggal=tanggal).exists():
            raise forms.ValidationError(
                f"Snapshot {self.umkm.nama_usaha} pada tanggal {format_date(tanggal)} sudah ada; "
                "pilih tanggal lain.",
                code="duplicate",
            )
        return tanggal


def rate_field_name(code: str) -> str:
    return f"tarif_{code}"


class PadRatesForm(forms.Form):
    """The assumed rate (% of the change in annual sales) of each sector, edited for a
    'what if': the values live in the user's session, not in the database."""

    def __init__(self, *args: Any, rates: dict[str, Decimal] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code, _label in Sektor.choices:
            field = IndonesianDecimalField(label=f"Tarif sektor {code}", max_digits=7, decimal_places=4)
            field.widget.attrs.update(
                {"aria-label": f"Tarif sektor {code} (%)", "class": "form-control form-control-sm num"}
            )
            if rates is not None and code in rates:
                field.initial = rates[code]
            self.fields[rate_field_name(code)] = field

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for code in Sektor.values:
            name = rate_field_name(code)
            value = data.get(name)
            if value is not None and value > 100:
                self.add_error(name, f"Tarif sektor {code} tidak boleh lebih dari 100%.")
        return data

    def rates(self) -> dict[str, Decimal]:
        return {code: self.cleaned_data[rate_field_name(code)] for code in Sektor.values}
