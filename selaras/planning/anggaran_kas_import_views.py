"""The page that reads the anggaran kas back from the Renja XLSX: upload, preview of every
change (or every bad row), then confirm. Planners and administrators of the Renja's
Perangkat Daerah only (a reader gets 403, an outsider 404). Between preview and
confirmation the checked plans wait in the session, never the file."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from selaras.accounts.scoping import get_for_user
from selaras.core.csvdata import ImportRejected
from selaras.core.uploads import check_upload
from selaras.core.xlsx_reading import ImportFileError
from selaras.lib.numbers import format_number
from selaras.planning.anggaran_kas_import import (
    apply_anggaran_kas,
    plan_text,
    read_anggaran_kas,
    serialise,
)
from selaras.planning.models import RENJA_FINAL_MESSAGE, Renja, RenjaLocked, SubKegiatan

INVALID = 422


class AnggaranKasUploadForm(forms.Form):
    berkas = forms.FileField(
        label="Berkas XLSX Renja",
        help_text="Berkas dari tombol Unduh XLSX halaman ini, boleh diubah di Excel.",
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".xlsx"}),
        error_messages={"required": "Pilih berkas XLSX Renja.", "empty": "Berkas kosong."},
    )

    def clean_berkas(self) -> UploadedFile:
        return check_upload(self.cleaned_data["berkas"], (".xlsx",), "XLSX (.xlsx)")


def _session_key(renja: Renja) -> str:
    return f"anggaran-kas-impor-{renja.pk}"


def _subs(renja: Renja, user: object) -> dict[str, SubKegiatan]:
    rows = SubKegiatan.objects.editable_by(user).filter(renja=renja).select_related("nomenklatur")
    return {s.nomenklatur.kode: s for s in rows}


@login_required
def anggaran_kas_import(request: HttpRequest, pk: int) -> HttpResponse:
    renja = get_for_user(Renja.objects.select_related("perangkat_daerah"), request.user, write=True, pk=pk)
    if renja.is_locked_for_edit:  # the anggaran kas is part of the plan a final Renja keeps
        messages.error(request, RENJA_FINAL_MESSAGE)
        return redirect("planning:renja_detail", renja.pk)
    context: dict[str, object] = {"renja": renja, "form": AnggaranKasUploadForm()}
    if request.method != "POST":
        return render(request, "planning/anggaran_kas_import.html", context)
    if "simpan" in request.POST:
        return _confirm(request, renja)
    request.session.pop(_session_key(renja), None)  # a new upload replaces any earlier preview
    form = AnggaranKasUploadForm(request.POST, request.FILES)
    context["form"] = form
    if not form.is_valid():
        return render(request, "planning/anggaran_kas_import.html", context, status=INVALID)
    try:
        reading = read_anggaran_kas(form.cleaned_data["berkas"].read(), _subs(renja, request.user))
    except ImportFileError as exc:
        context["refusal"] = str(exc)
        return render(request, "planning/anggaran_kas_import.html", context, status=INVALID)
    if not reading.report.ok:
        context["errors"] = reading.report.errors
        return render(request, "planning/anggaran_kas_import.html", context, status=INVALID)
    request.session[_session_key(renja)] = serialise(reading.changes)
    context["preview"] = [
        {
            "kode": c.sub.nomenklatur.kode,
            "nama": c.sub.nomenklatur.nama,
            "pagu": c.sub.pagu,
            "before": plan_text(c.before, c.sub.pagu),
            "after": plan_text(c.after, c.sub.pagu),
        }
        for c in reading.changes
    ]
    context["unchanged"] = reading.unchanged
    return render(request, "planning/anggaran_kas_import.html", context)


def _confirm(request: HttpRequest, renja: Renja) -> HttpResponse:
    stored = request.session.get(_session_key(renja))
    if stored is None:
        messages.error(request, "Pratinjau tidak ditemukan atau sudah dipakai; unggah berkas lagi.")
        return redirect("planning:renja_anggaran_kas_import", pk=renja.pk)
    subs = {s.pk: s for s in _subs(renja, request.user).values()}
    try:
        saved = apply_anggaran_kas(renja, stored, subs)
    except RenjaLocked as locked:  # made final between the preview and the confirmation
        messages.error(request, str(locked))
        return redirect("planning:renja_detail", renja.pk)
    except ImportRejected as rejected:
        context = {"renja": renja, "form": AnggaranKasUploadForm(), "errors": rejected.report.errors}
        return render(request, "planning/anggaran_kas_import.html", context, status=INVALID)
    del request.session[_session_key(renja)]
    messages.success(
        request, f"{format_number(saved)} sub kegiatan diperbarui: anggaran kas dibaca dari berkas XLSX."
    )
    return redirect(reverse("planning:renja_detail", args=[renja.pk]))
