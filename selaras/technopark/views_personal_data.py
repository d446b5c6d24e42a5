"""The page where an administrator handles an UMKM owner's request about their personal
data (UU 27/2022): download a copy of what is held, or erase it after confirming, each
with who asked and why (see personal_data.py). An outsider gets 404, any other role 403."""

from __future__ import annotations

import json

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from selaras.technopark import personal_data
from selaras.technopark.access import get_umkm_for_user
from selaras.technopark.models import UMKM


class RequestForm(forms.Form):
    """Who asked and why; an erasure also needs its confirmation ticked."""

    PEMOHON = [
        ("pemilik", "Pemilik usaha sendiri"),
        ("kuasa", "Kuasa atau ahli waris pemilik"),
        ("lainnya", "Lainnya (sebutkan dalam alasan)"),
    ]
    tindakan = forms.ChoiceField(
        choices=[(personal_data.EKSPOR, "Unduh salinan data"), (personal_data.HAPUS, "Hapus data pribadi")],
        widget=forms.HiddenInput,
    )
    pemohon = forms.ChoiceField(
        label="Diminta oleh",
        choices=PEMOHON,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
        error_messages={
            "required": "Pilih siapa yang meminta.",
            "invalid_choice": "Pilihan pemohon tidak dikenal.",
        },
    )
    alasan = forms.CharField(
        label="Alasan dan dasar permintaan",
        max_length=500,
        widget=forms.Textarea(attrs={"class": "form-control form-control-sm", "rows": 2}),
        help_text="Misalnya: surat permohonan pemilik tanggal 2 Februari 2026. Jangan tulis nama atau "
        "nomor telepon pemilik di sini.",
        error_messages={"required": "Alasan wajib diisi."},
    )
    konfirmasi = forms.BooleanField(
        label="Saya mengerti nama dan telepon pemilik dihapus permanen, termasuk dari riwayat perubahan.",
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    def clean_alasan(self) -> str:
        alasan = " ".join(self.cleaned_data["alasan"].split())
        if not alasan:
            raise forms.ValidationError("Alasan wajib diisi.")
        return alasan

    def clean(self) -> dict[str, object]:
        cleaned = super().clean()
        if cleaned.get("tindakan") == personal_data.HAPUS and not cleaned.get("konfirmasi"):
            self.add_error("konfirmasi", "Centang konfirmasi untuk menghapus data pribadi.")
        return cleaned


def _handled(request: HttpRequest, pk: int) -> UMKM:
    umkm, _ = get_umkm_for_user(request.user, pk)  # 404 for an outsider
    if not personal_data.may_handle(request.user, umkm):
        raise PermissionDenied("Hanya administrator perangkat daerah yang menangani permintaan data pribadi.")
    return umkm


@login_required
def umkm_data_pribadi(request: HttpRequest, pk: int) -> HttpResponse:
    umkm = _handled(request, pk)
    records = list(personal_data.owner_records(umkm).select_related("kecamatan", "kampung", "kelas"))
    if umkm not in records:
        records.insert(0, umkm)
    export_form = RequestForm(initial={"tindakan": personal_data.EKSPOR}, prefix="ekspor")
    erase_form = RequestForm(initial={"tindakan": personal_data.HAPUS}, prefix="hapus")
    if request.method == "POST":
        prefix = "hapus" if "hapus-tindakan" in request.POST else "ekspor"
        form = RequestForm(request.POST, prefix=prefix)
        if prefix == "hapus":
            erase_form = form
        else:
            export_form = form
        if form.is_valid():
            pemohon = dict(RequestForm.PEMOHON)[form.cleaned_data["pemohon"]]
            alasan = form.cleaned_data["alasan"]
            if form.cleaned_data["tindakan"] == personal_data.EKSPOR:
                return _export(request, records, pemohon, alasan)
            count = personal_data.erase(records, request.user, pemohon, alasan)
            messages.success(
                request,
                f"Nama dan telepon pemilik dihapus dari {count} UMKM beserta riwayatnya; data usaha, "
                "kegiatan dan hasilnya tetap tersimpan.",
            )
            return redirect("technopark:umkm_detail", pk=umkm.pk)
    context = {
        "umkm": umkm,
        "records": records,
        "export_form": export_form,
        "erase_form": erase_form,
        "erased": umkm.nama_pemilik == personal_data.REDACTED,
        "subnav": "umkm",
    }
    status = 422 if request.method == "POST" else 200
    return render(request, "technopark/umkm_data_pribadi.html", context, status=status)


def _export(request: HttpRequest, records: list[UMKM], pemohon: str, alasan: str) -> HttpResponse:
    data = personal_data.owner_data(records, request.user, pemohon, alasan)
    personal_data.record_export(records, request.user, pemohon, alasan)
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    name = f"data-pribadi-umkm-{records[0].pk}-{timezone.localdate():%Y%m%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response
