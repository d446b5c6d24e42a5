"""The history tab of plan objects: who changed what, when, before and after."""

from __future__ import annotations

from typing import Any

from auditlog.models import LogEntry
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from selaras.accounts.scoping import get_for_user
from selaras.core.history import history_rows
from selaras.planning.models import Indikator, Renja, Renstra, SubKegiatan


def _entries_for(obj: Any) -> Q:
    return Q(content_type=ContentType.objects.get_for_model(obj), object_pk=str(obj.pk))


def _absent(key: str) -> Q:
    return Q(**{f"additional_data__{key}__isnull": True}) | Q(**{f"additional_data__{key}": None})


def _unit_scope(user: Any, renja: Renja) -> Q:
    """The entries of a Renja a unit-scoped user may read: those of its own unit (also of
    rows since deleted), of the sub kegiatan and reports it sees, and those that belong to no
    unit (the Renja, programs, kegiatan, outcome indicators). An entry of a row of another
    unit, deleted or not, stays hidden; so does an entry that names a sub kegiatan or report
    but no unit, unless the sub kegiatan is one the user sees."""
    own_subs = list(SubKegiatan.objects.visible_to(user).filter(renja=renja).values_list("pk", flat=True))
    return (
        Q(additional_data__unit_kerja=user.unit_kerja_id)
        | (_absent("unit_kerja") & Q(additional_data__sub_kegiatan__in=own_subs))
        | (_absent("unit_kerja") & _absent("sub_kegiatan") & _absent("laporan"))
    )


def _render(request: HttpRequest, title: str, back_url: str, entries: QuerySet[LogEntry]) -> HttpResponse:
    page = Paginator(
        entries.select_related("actor", "content_type").order_by("-timestamp", "-id"), 50
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "planning/history.html",
        {"title": title, "back_url": back_url, "rows": history_rows(page), "page": page},
    )


@login_required
def renja_history(request: HttpRequest, pk: int) -> HttpResponse:
    renja = get_for_user(Renja.objects.select_related("perangkat_daerah"), request.user, pk=pk)
    entries = LogEntry.objects.filter(additional_data__renja=renja.pk)
    if request.user.is_unit_scoped:
        entries = entries.filter(_unit_scope(request.user, renja))
    return _render(request, f"Riwayat perubahan {renja}", _url("planning:renja_detail", renja.pk), entries)


@login_required
def sub_kegiatan_history(request: HttpRequest, pk: int) -> HttpResponse:
    sub = get_for_user(SubKegiatan.objects.select_related("nomenklatur"), request.user, pk=pk)
    return _render(
        request,
        f"Riwayat sub kegiatan {sub.nomenklatur.kode} {sub.nomenklatur.nama}",
        _url("planning:renja_detail", sub.renja_id),
        LogEntry.objects.filter(additional_data__sub_kegiatan=sub.pk),
    )


@login_required
def indikator_history(request: HttpRequest, pk: int) -> HttpResponse:
    ind = get_for_user(Indikator.objects, request.user, pk=pk)
    return _render(
        request,
        f"Riwayat indikator {ind.uraian}",
        _url("planning:renja_detail", ind.renja_id),
        LogEntry.objects.filter(_entries_for(ind)),
    )


@login_required
def renstra_history(request: HttpRequest, pk: int) -> HttpResponse:
    renstra = get_for_user(Renstra.objects.select_related("perangkat_daerah"), request.user, pk=pk)
    return _render(
        request,
        f"Riwayat perubahan {renstra}",
        _url("planning:renstra_detail", renstra.pk),
        LogEntry.objects.filter(additional_data__renstra=renstra.pk),
    )


def _url(name: str, pk: int) -> str:
    return reverse(name, args=[pk])
