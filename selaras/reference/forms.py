from __future__ import annotations

from django import forms

from selaras.reference.models import IsuStrategis

MAX_CSV_BYTES = 2 * 1024 * 1024


class NomenklaturImportForm(forms.Form):
    berkas = forms.FileField(
        label="Berkas CSV",
        help_text="Kolom: kode,nama,indikator,satuan,sumber (UTF-8, maksimal 2 MB).",
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".csv,text/csv"}),
    )

    def clean_berkas(self) -> bytes:
        upload = self.cleaned_data["berkas"]
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError("Berkas harus berformat CSV (.csv).")
        if upload.size > MAX_CSV_BYTES:
            raise forms.ValidationError("Berkas terlalu besar: maksimal 2 MB.")
        return upload.read()


class IsuStrategisForm(forms.ModelForm):
    class Meta:
        model = IsuStrategis
        fields = ["nama", "keterangan"]
        widgets = {
            "nama": forms.TextInput(attrs={"class": "form-control form-control-sm"}),
            "keterangan": forms.TextInput(attrs={"class": "form-control form-control-sm"}),
        }
        error_messages = {"nama": {"required": "Nama isu strategis wajib diisi."}}

    def __init__(self, *args: object, pemda_id: int, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.pemda_id = pemda_id

    def clean_nama(self) -> str:
        nama = self.cleaned_data["nama"].strip()
        same = IsuStrategis.objects.filter(pemda_id=self.pemda_id, nama__iexact=nama).exclude(
            pk=self.instance.pk
        )
        if same.exists():
            raise forms.ValidationError(f"Isu strategis '{nama}' sudah ada.")
        return nama
