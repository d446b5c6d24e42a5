"""Forms of the plan. Validation lives in the models (clean, validators, constraints);
the forms read Indonesian numbers and turn the rules into messages that name the field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q

from selaras.core.fields import IdMultipleChoiceField, IndonesianDecimalField
from selaras.organisations.forms import UnitKerjaChoiceField
from selaras.organisations.models import Kecamatan, UnitKerja
from selaras.planning.models import POLARITAS_TIDAK_DIKENAL, Indikator, Renja, SubKegiatan
from selaras.reference.codes import parse_code
from selaras.reference.models import IsuStrategis, Nomenklatur

SMALL = {"class": "form-control form-control-sm"}
SELECT = {"class": "form-select form-select-sm"}


class IndikatorForm(forms.ModelForm):
    kondisi_awal = IndonesianDecimalField(label="Kondisi awal", required=False)
    target = IndonesianDecimalField(label="Target")
    target_atas = IndonesianDecimalField(label="Batas atas target (bila rentang)", required=False)
    target_tw1 = IndonesianDecimalField(label="Target TW I", required=False)
    target_tw2 = IndonesianDecimalField(label="Target TW II", required=False)
    target_tw3 = IndonesianDecimalField(label="Target TW III", required=False)
    target_tw4 = IndonesianDecimalField(label="Target TW IV", required=False)

    class Meta:
        model = Indikator
        fields = [
            "uraian",
            "satuan",
            "polaritas",
            "agregasi",
            "kondisi_awal",
            "tahun_kondisi_awal",
            "target",
            "target_atas",
            "target_tw1",
            "target_tw2",
            "target_tw3",
            "target_tw4",
            "per_kecamatan",
        ]
        widgets = {
            "uraian": forms.TextInput(attrs=SMALL),
            "satuan": forms.TextInput(attrs=SMALL),
            "polaritas": forms.Select(attrs=SELECT),
            "agregasi": forms.Select(attrs=SELECT),
            "tahun_kondisi_awal": forms.NumberInput(attrs=SMALL),
        }
        error_messages = {
            "uraian": {"required": "Uraian indikator wajib diisi."},
            "satuan": {"required": "Satuan wajib diisi."},
            "polaritas": {"invalid_choice": POLARITAS_TIDAK_DIKENAL},
        }


class SubKegiatanForm(forms.ModelForm):
    kode = forms.CharField(
        label="Kode sub kegiatan",
        help_text="Kode nomenklatur, misalnya 5.05.02.2.04.0001.",
        widget=forms.TextInput(attrs={**SMALL, "list": "nomenklatur-sub", "autocomplete": "off"}),
    )
    pagu = IndonesianDecimalField(label="Pagu")
    prakiraan_maju = IndonesianDecimalField(label="Prakiraan maju")
    anggaran_kas_tw1 = IndonesianDecimalField(
        label="Anggaran kas TW I",
        required=False,
        help_text="Rencana penarikan dana per triwulan; kosongkan keempatnya: pagu dibagi rata.",
    )
    anggaran_kas_tw2 = IndonesianDecimalField(label="Anggaran kas TW II", required=False)
    anggaran_kas_tw3 = IndonesianDecimalField(label="Anggaran kas TW III", required=False)
    anggaran_kas_tw4 = IndonesianDecimalField(label="Anggaran kas TW IV", required=False)

    class Meta:
        model = SubKegiatan
        fields = [
            "unit_kerja",
            "seluruh_kabupaten",
            "kecamatan",
            "sumber_dana",
            "pagu",
            "prakiraan_maju",
            "anggaran_kas_tw1",
            "anggaran_kas_tw2",
            "anggaran_kas_tw3",
            "anggaran_kas_tw4",
            "prioritas_nasional",
            "program_prioritas",
            "quick_win",
            "isu_strategis",
            "keterangan",
        ]
        field_classes = {
            **dict.fromkeys(
                ["kecamatan", "prioritas_nasional", "program_prioritas", "quick_win", "isu_strategis"],
                IdMultipleChoiceField,
            ),
            "unit_kerja": UnitKerjaChoiceField,
        }
        widgets = {
            "unit_kerja": forms.Select(attrs=SELECT),
            "sumber_dana": forms.Select(attrs=SELECT),
            "kecamatan": forms.CheckboxSelectMultiple,
            "prioritas_nasional": forms.CheckboxSelectMultiple,
            "program_prioritas": forms.CheckboxSelectMultiple,
            "quick_win": forms.CheckboxSelectMultiple,
            "isu_strategis": forms.CheckboxSelectMultiple,
            "keterangan": forms.TextInput(attrs=SMALL),
        }
        error_messages = {"unit_kerja": {"required": "Unit penanggung jawab wajib dipilih."}}

    field_order = ["kode"]

    def __init__(self, *args: Any, renja: Renja, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.renja = renja
        self.fields["unit_kerja"].queryset = UnitKerja.objects.filter(
            perangkat_daerah_id=renja.perangkat_daerah_id
        )
        self.fields["kecamatan"].queryset = Kecamatan.objects.filter(pemda_id=renja.pemda_id)
        self.fields["isu_strategis"].queryset = IsuStrategis.objects.filter(pemda_id=renja.pemda_id)
        if self.instance.pk:
            self.fields["kode"].initial = self.instance.nomenklatur.kode

    def clean_kode(self) -> Nomenklatur:
        text = self.cleaned_data["kode"]
        try:
            kode = parse_code(text).full
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None
        nomen = Nomenklatur.objects.select_related("parent__parent").filter(kode=kode).first()
        if nomen is None:
            raise forms.ValidationError(f"Kode {kode} tidak ada dalam nomenklatur.")
        if nomen.level != Nomenklatur.Level.SUB_KEGIATAN:
            raise forms.ValidationError(
                f"Kode {kode} adalah {nomen.get_level_display().lower()}, bukan sub kegiatan."
            )
        duplicate = SubKegiatan.objects.filter(renja=self.renja, nomenklatur=nomen).filter(
            ~Q(pk=self.instance.pk)
        )
        if duplicate.exists():
            raise forms.ValidationError(f"Sub kegiatan {kode} sudah ada dalam Renja ini.")
        return nomen

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not cleaned.get("seluruh_kabupaten") and not cleaned.get("kecamatan"):
            self.add_error("kecamatan", "Pilih minimal satu kecamatan, atau centang seluruh kabupaten.")
        return cleaned


class RenjaStatusForm(forms.ModelForm):
    """The Renja's status. A final Renja is the agreed plan: it opens again only as
    perubahan, with a reason that the history records (Renja.get_additional_data)."""

    alasan = forms.CharField(
        label="Alasan perubahan",
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={**SMALL, "placeholder": "Alasan perubahan"}),
        error_messages={"max_length": "Alasan perubahan paling panjang 500 huruf."},
    )

    class Meta:
        model = Renja
        fields = ["status"]
        widgets = {"status": forms.Select(attrs=SELECT)}
        error_messages = {"status": {"invalid_choice": "Status Renja tidak dikenal."}}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        alasan = " ".join((cleaned.get("alasan") or "").split())
        cleaned["alasan"] = alasan
        for field, message in self.instance.status_change_errors(cleaned.get("status"), alasan).items():
            self.add_error(field, message)
        return cleaned

    def save(self, commit: bool = True) -> Renja:
        self.instance.alasan_status = self.cleaned_data.get("alasan", "")
        return super().save(commit)
