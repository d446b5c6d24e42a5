"""Changing the Renstra from its page: tujuan, sasaran, indicators with a target for every
year, and program/kegiatan/sub kegiatan items with a pagu for every year, each as an inline
HTMX form row. Only planners and administrators of the Perangkat Daerah reach these; an
outsider gets 404, a reader 403 (get_for_user with write=True).

A kegiatan is added only when its program is already in the Renstra (and a sub kegiatan
only under its kegiatan): the planner is told to add the parent first, because each item
carries its own pagu and a parent created on the fly would have none.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django_htmx.http import reswap, retarget

from selaras.accounts.scoping import get_for_user, may_edit
from selaras.core.htmx import client_redirect
from selaras.core.params import id_param
from selaras.planning.models import Renstra, RenstraIndikator, RenstraItem, Sasaran, Tujuan
from selaras.planning.renstra_forms import (
    ITEM_LEVELS,
    RenstraIndikatorForm,
    RenstraItemForm,
    SasaranForm,
    TujuanForm,
)
from selaras.reference.models import Nomenklatur

INVALID = 422  # the form comes back with its errors; htmx is told to swap it in
OWNER_MODELS: dict[str, type[Tujuan] | type[Sasaran] | type[RenstraItem]] = {
    "tujuan": Tujuan,
    "sasaran": Sasaran,
    "item": RenstraItem,
}


def row_context(renstra: Renstra, can_edit: bool = True, **extra: Any) -> dict[str, Any]:
    """What every row of the Renstra tables needs: the years and the width of a form row."""
    years = renstra.years
    return {"renstra": renstra, "years": years, "cols": len(years) + 5, "can_edit": can_edit, **extra}


def _is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _pk_param(request: HttpRequest, name: str) -> int:
    """A primary key from the query string (400 when it is no id); missing is 404."""
    pk = id_param(request, name)
    if pk is None:
        raise Http404("Data tidak ditemukan.")
    return pk


def _renstra_url(renstra_id: int, anchor: str = "") -> str:
    url = reverse("planning:renstra_detail", args=[renstra_id])
    return f"{url}#{anchor}" if anchor else url


# --- tujuan and sasaran ----------------------------------------------------------------


def _kode_uraian_form_row(
    request: HttpRequest,
    form: TujuanForm | SasaranForm,
    renstra: Renstra,
    action: str,
    status: int = 200,
    cancel_url: str = "",
) -> HttpResponse:
    context = row_context(renstra, form=form, action=action, cancel_url=cancel_url, noun=form.noun)
    return render(request, "planning/_renstra_kode_uraian_form_row.html", context, status=status)


def _tujuan_row(request: HttpRequest, t: Tujuan, can_edit: bool = True) -> HttpResponse:
    context = row_context(t.renstra, can_edit, t=t)
    return render(request, "planning/_renstra_tujuan_row.html", context)


def _sasaran_row(request: HttpRequest, s: Sasaran, can_edit: bool = True) -> HttpResponse:
    context = row_context(s.renstra, can_edit, s=s)
    return render(request, "planning/_renstra_sasaran_row.html", context)


@login_required
def tujuan_add(request: HttpRequest, renstra_pk: int) -> HttpResponse:
    renstra = get_for_user(Renstra.objects, request.user, write=True, pk=renstra_pk)
    action = reverse("planning:renstra_tujuan_add", args=[renstra.pk])
    instance = Tujuan(pemda_id=renstra.pemda_id, renstra=renstra)
    if request.method != "POST":
        return _kode_uraian_form_row(request, TujuanForm(instance=instance, renstra=renstra), renstra, action)
    form = TujuanForm(request.POST, instance=instance, renstra=renstra)
    if not form.is_valid():
        return _kode_uraian_form_row(request, form, renstra, action, INVALID)
    return _tujuan_row(request, form.save())


@login_required
def tujuan_row(request: HttpRequest, pk: int) -> HttpResponse:
    """The display row of one tujuan (used by "Batal" on the inline form)."""
    t = get_for_user(Tujuan.objects.select_related("renstra"), request.user, pk=pk)
    return _tujuan_row(request, t, may_edit(Tujuan.objects, request.user, t))


@login_required
def tujuan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    t = get_for_user(Tujuan.objects.select_related("renstra"), request.user, write=True, pk=pk)
    action = reverse("planning:renstra_tujuan_edit", args=[pk])
    cancel = reverse("planning:renstra_tujuan_row", args=[pk])
    if request.method != "POST":
        form = TujuanForm(instance=t, renstra=t.renstra)
        return _kode_uraian_form_row(request, form, t.renstra, action, cancel_url=cancel)
    form = TujuanForm(request.POST, instance=t, renstra=t.renstra)
    if not form.is_valid():
        return _kode_uraian_form_row(request, form, t.renstra, action, INVALID, cancel)
    return _tujuan_row(request, form.save())


@login_required
def sasaran_add(request: HttpRequest, renstra_pk: int) -> HttpResponse:
    renstra = get_for_user(Renstra.objects, request.user, write=True, pk=renstra_pk)
    tujuan = get_for_user(
        Tujuan.objects.filter(renstra=renstra), request.user, pk=_pk_param(request, "tujuan")
    )
    action = f"{reverse('planning:renstra_sasaran_add', args=[renstra.pk])}?tujuan={tujuan.pk}"
    instance = Sasaran(pemda_id=renstra.pemda_id, renstra=renstra, tujuan=tujuan)
    if request.method != "POST":
        return _kode_uraian_form_row(
            request, SasaranForm(instance=instance, renstra=renstra), renstra, action
        )
    form = SasaranForm(request.POST, instance=instance, renstra=renstra)
    if not form.is_valid():
        return _kode_uraian_form_row(request, form, renstra, action, INVALID)
    return _sasaran_row(request, form.save())


@login_required
def sasaran_row(request: HttpRequest, pk: int) -> HttpResponse:
    s = get_for_user(Sasaran.objects.select_related("renstra"), request.user, pk=pk)
    return _sasaran_row(request, s, may_edit(Sasaran.objects, request.user, s))


@login_required
def sasaran_edit(request: HttpRequest, pk: int) -> HttpResponse:
    s = get_for_user(Sasaran.objects.select_related("renstra"), request.user, write=True, pk=pk)
    action = reverse("planning:renstra_sasaran_edit", args=[pk])
    cancel = reverse("planning:renstra_sasaran_row", args=[pk])
    if request.method != "POST":
        form = SasaranForm(instance=s, renstra=s.renstra)
        return _kode_uraian_form_row(request, form, s.renstra, action, cancel_url=cancel)
    form = SasaranForm(request.POST, instance=s, renstra=s.renstra)
    if not form.is_valid():
        return _kode_uraian_form_row(request, form, s.renstra, action, INVALID, cancel)
    return _sasaran_row(request, form.save())


# --- indicators ------------------------------------------------------------------------


def _indikator_form_row(
    request: HttpRequest,
    form: RenstraIndikatorForm,
    action: str,
    status: int = 200,
    cancel_url: str = "",
) -> HttpResponse:
    context = row_context(form.renstra, form=form, action=action, cancel_url=cancel_url)
    return render(request, "planning/_renstra_indikator_form_row.html", context, status=status)


def _indikator_row(request: HttpRequest, ind: RenstraIndikator, can_edit: bool = True) -> HttpResponse:
    context = row_context(ind.renstra, can_edit, ind=ind)
    return render(request, "planning/_renstra_indikator_row.html", context)


@login_required
def indikator_add(request: HttpRequest, renstra_pk: int) -> HttpResponse:
    renstra = get_for_user(Renstra.objects, request.user, write=True, pk=renstra_pk)
    kind = request.GET.get("owner", "")  # the form's action carries the owner in its query string
    if kind not in OWNER_MODELS:
        raise Http404("Pemilik indikator tidak dikenal.")
    owner = get_for_user(
        OWNER_MODELS[kind].objects.filter(renstra=renstra), request.user, pk=_pk_param(request, "owner_id")
    )
    action = (
        f"{reverse('planning:renstra_indikator_add', args=[renstra.pk])}?owner={kind}&owner_id={owner.pk}"
    )
    instance = RenstraIndikator(pemda_id=renstra.pemda_id, renstra=renstra, **{kind: owner})
    if request.method != "POST":
        if isinstance(owner, RenstraItem):
            nomen: Nomenklatur = owner.nomenklatur
            instance.uraian, instance.satuan = nomen.indikator, nomen.satuan
        form = RenstraIndikatorForm(instance=instance, renstra=renstra)
        return _indikator_form_row(request, form, action)
    form = RenstraIndikatorForm(request.POST, instance=instance, renstra=renstra)
    if not form.is_valid():
        return _indikator_form_row(request, form, action, INVALID)
    return _indikator_row(request, form.save_with_targets())


@login_required
def indikator_row(request: HttpRequest, pk: int) -> HttpResponse:
    """The display row of one indicator (used by "Batal" on the inline form)."""
    ind = get_for_user(RenstraIndikator.objects.select_related("renstra"), request.user, pk=pk)
    return _indikator_row(request, ind, may_edit(RenstraIndikator.objects, request.user, ind))


@login_required
def indikator_edit(request: HttpRequest, pk: int) -> HttpResponse:
    ind = get_for_user(RenstraIndikator.objects.select_related("renstra"), request.user, write=True, pk=pk)
    action = reverse("planning:renstra_indikator_edit", args=[pk])
    cancel = reverse("planning:renstra_indikator_row", args=[pk])
    if request.method != "POST":
        form = RenstraIndikatorForm(instance=ind, renstra=ind.renstra)
        return _indikator_form_row(request, form, action, cancel_url=cancel)
    form = RenstraIndikatorForm(request.POST, instance=ind, renstra=ind.renstra)
    if not form.is_valid():
        return _indikator_form_row(request, form, action, INVALID, cancel)
    return _indikator_row(request, form.save_with_targets())


@login_required
@require_POST
def indikator_delete(request: HttpRequest, pk: int) -> HttpResponse:
    ind = get_for_user(RenstraIndikator.objects, request.user, write=True, pk=pk)
    ind.delete()
    return HttpResponse("")


# --- program, kegiatan and sub kegiatan with their pagu --------------------------------


def _item_form_row(
    request: HttpRequest,
    form: RenstraItemForm,
    action: str,
    status: int = 200,
    cancel_url: str = "",
) -> HttpResponse:
    adding = "kode" in form.fields
    options = Nomenklatur.objects.filter(level__in=ITEM_LEVELS).only("kode", "nama") if adding else None
    context = row_context(
        form.renstra,
        form=form,
        action=action,
        cancel_url=cancel_url,
        adding=adding,
        nomenklatur_options=options,
    )
    return render(request, "planning/_renstra_item_form_row.html", context, status=status)


def _item_row(request: HttpRequest, item: RenstraItem, can_edit: bool = True) -> HttpResponse:
    return render(request, "planning/_renstra_item_row.html", row_context(item.renstra, can_edit, i=item))


def _items() -> QuerySet[RenstraItem]:
    return RenstraItem.objects.select_related("renstra", "nomenklatur", "sasaran")


@login_required
def item_add(request: HttpRequest, renstra_pk: int) -> HttpResponse:
    renstra = get_for_user(Renstra.objects, request.user, write=True, pk=renstra_pk)
    action = reverse("planning:renstra_item_add", args=[renstra.pk])
    if request.method != "POST":
        return _item_form_row(request, RenstraItemForm(renstra=renstra), action)
    form = RenstraItemForm(request.POST, renstra=renstra)
    if not form.is_valid():
        return _item_form_row(request, form, action, INVALID)
    item = form.save_with_pagu()
    nomen = item.nomenklatur
    messages.success(request, f"{nomen.get_level_display()} {nomen.kode} ditambahkan ke Renstra.")
    # Reload the page: the new item takes its place in the order of the codes.
    url = _renstra_url(renstra.pk, f"item-{item.pk}")
    return client_redirect(request, url, status=200) if _is_htmx(request) else redirect(url)


@login_required
def item_row(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_for_user(_items(), request.user, pk=pk)
    return _item_row(request, item, may_edit(RenstraItem.objects, request.user, item))


@login_required
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_for_user(_items(), request.user, write=True, pk=pk)
    action = reverse("planning:renstra_item_edit", args=[pk])
    cancel = reverse("planning:renstra_item_row", args=[pk])
    if request.method != "POST":
        return _item_form_row(
            request, RenstraItemForm(instance=item, renstra=item.renstra), action, 200, cancel
        )
    form = RenstraItemForm(request.POST, instance=item, renstra=item.renstra)
    if not form.is_valid():
        return _item_form_row(request, form, action, INVALID, cancel)
    return _item_row(request, form.save_with_pagu())


@login_required
@require_POST
def item_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete an item with its indicators and pagu; a program or kegiatan that still has
    kegiatan or sub kegiatan below it in the Renstra stays."""
    item = get_for_user(_items(), request.user, write=True, pk=pk)
    nomen = item.nomenklatur
    children = RenstraItem.objects.filter(renstra_id=item.renstra_id, nomenklatur__parent=nomen)
    if children.exists():
        below = "kegiatan" if nomen.level == Nomenklatur.Level.PROGRAM else "sub kegiatan"
        text = (
            f"{nomen.get_level_display()} {nomen.kode} masih memiliki {below} dalam Renstra ini; "
            f"hapus {below} tersebut terlebih dahulu."
        )
        if not _is_htmx(request):
            messages.error(request, text)
            return redirect(_renstra_url(item.renstra_id, f"item-{item.pk}"))
        alert = render(request, "planning/_renstra_alert.html", {"text": text}, status=INVALID)
        return reswap(retarget(alert, "#renstra-pesan"), "innerHTML")
    item.delete()
    if not _is_htmx(request):
        messages.success(request, f"{nomen.get_level_display()} {nomen.kode} dihapus dari Renstra.")
        return redirect(_renstra_url(item.renstra_id))
    return HttpResponse("")
