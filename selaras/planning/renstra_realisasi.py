"""Entering the realisation of the Renstra's years before the agency used Selaras: per
indicator (K, RenstraTarget.realisasi) and per program/kegiatan/sub kegiatan (Rp,
RenstraPagu.realisasi), as an inline HTMX form row on the Renstra page, so that the E.81's
column 6 and the E.80 are filled in the first year of use.

The years open to entry are those of the period before the Perangkat Daerah's first Renja
in Selaras (before this year when it has none): from then on the quarterly Realisasi is
the source. Only planners and administrators reach the forms (get_for_user with
write=True): an outsider gets 404, a reader 403. Every saved value is audited with its row.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Min
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from selaras.accounts.scoping import get_for_user
from selaras.core.fields import IndonesianDecimalField
from selaras.lib import dates
from selaras.planning.models import Renja, Renstra, RenstraIndikator, RenstraItem, RenstraPagu, RenstraTarget
from selaras.planning.renstra_editing import INVALID, row_context

YearRow = RenstraTarget | RenstraPagu


def years_before_selaras(renstra: Renstra) -> list[int]:
    """The years of the period before the Perangkat Daerah's first Renja in Selaras."""
    first = Renja.objects.filter(
        pemda_id=renstra.pemda_id, perangkat_daerah_id=renstra.perangkat_daerah_id
    ).aggregate(first=Min("tahun"))["first"]
    limit = first if first is not None else dates.today().year
    return [year for year in renstra.years if year < limit]


class RealisasiForm(forms.Form):
    """One optional realisation per year; a year without its target or pagu row cannot
    hold one (the row carries the value)."""

    def __init__(self, *args: Any, rows: dict[int, YearRow], years: list[int], label: str, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.rows = rows
        self.years = years
        for year in years:
            row = rows.get(year)
            self.fields[f"realisasi_{year}"] = IndonesianDecimalField(
                label=f"{label} {year}", required=False, initial=row.realisasi if row else None
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        for year in self.years:
            key = f"realisasi_{year}"
            if cleaned.get(key) is not None and year not in self.rows:
                self.add_error(
                    key, f"Target/pagu {year} belum diisi; isi terlebih dahulu sebelum realisasinya."
                )
        return cleaned

    @transaction.atomic
    def save(self) -> None:
        """Write the changed years only, so the history shows what changed."""
        for year in self.years:
            value: Decimal | None = self.cleaned_data[f"realisasi_{year}"]
            row = self.rows.get(year)
            if row is not None and row.realisasi != value:
                row.realisasi = value
                row.save()


def _form_row(
    request: HttpRequest,
    renstra: Renstra,
    form: RealisasiForm,
    title: str,
    action: str,
    cancel: str,
    status: int,
) -> HttpResponse:
    context = row_context(renstra, form=form, title=title, action=action, cancel_url=cancel)
    return render(request, "planning/_renstra_realisasi_form_row.html", context, status=status)


@login_required
def indikator_realisasi(request: HttpRequest, pk: int) -> HttpResponse:
    queryset = RenstraIndikator.objects.select_related("renstra")
    ind = get_for_user(queryset, request.user, write=True, pk=pk)
    renstra = ind.renstra
    rows: dict[int, YearRow] = {t.tahun: t for t in ind.targets.all()}
    years = years_before_selaras(renstra)
    title = f"Realisasi indikator {ind.uraian} ({ind.satuan}) pada tahun sebelum Selaras digunakan"
    action = reverse("planning:renstra_indikator_realisasi", args=[pk])
    cancel = reverse("planning:renstra_indikator_row", args=[pk])
    data = request.POST if request.method == "POST" else None
    form = RealisasiForm(data, rows=rows, years=years, label="Realisasi")
    if request.method != "POST":
        return _form_row(request, renstra, form, title, action, cancel, 200)
    if not form.is_valid():
        return _form_row(request, renstra, form, title, action, cancel, INVALID)
    form.save()
    context = row_context(renstra, True, ind=ind)
    return render(request, "planning/_renstra_indikator_row.html", context)


@login_required
def item_realisasi(request: HttpRequest, pk: int) -> HttpResponse:
    queryset = RenstraItem.objects.select_related("renstra", "nomenklatur", "sasaran")
    item = get_for_user(queryset, request.user, write=True, pk=pk)
    renstra = item.renstra
    rows: dict[int, YearRow] = {p.tahun: p for p in item.pagu.all()}
    years = years_before_selaras(renstra)
    nomen = item.nomenklatur
    title = f"Realisasi anggaran {nomen.kode} {nomen.nama} pada tahun sebelum Selaras digunakan"
    action = reverse("planning:renstra_item_realisasi", args=[pk])
    cancel = reverse("planning:renstra_item_row", args=[pk])
    data = request.POST if request.method == "POST" else None
    form = RealisasiForm(data, rows=rows, years=years, label="Realisasi anggaran (Rp)")
    if request.method != "POST":
        return _form_row(request, renstra, form, title, action, cancel, 200)
    if not form.is_valid():
        return _form_row(request, renstra, form, title, action, cancel, INVALID)
    form.save()
    return render(request, "planning/_renstra_item_row.html", row_context(renstra, True, i=item))
