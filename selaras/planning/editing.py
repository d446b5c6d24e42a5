"""Changing the plan: inline indicators (HTMX), sub kegiatan forms, status, and the copy
of a Renja into the next year. Only planners and administrators of the Perangkat Daerah
reach these; an outsider gets 404, a reader 403."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from selaras.accounts.scoping import get_for_user, may_edit
from selaras.core.htmx import client_redirect, render_page_or_fragment
from selaras.core.params import id_param
from selaras.planning import deletion
from selaras.planning.copying import RenjaExists, copy_renja_to_next_year
from selaras.planning.deletion import DeletionRefused, delete_plan_row
from selaras.planning.forms import IndikatorForm, RenjaStatusForm, SubKegiatanForm
from selaras.planning.models import RENJA_FINAL_MESSAGE, Indikator, Kegiatan, Program, Renja, SubKegiatan
from selaras.planning.tree import sub_kegiatan_with_relations
from selaras.reference.models import Nomenklatur

INVALID = 422  # the form comes back with its errors; htmx is told to swap it in
OWNER_MODELS: dict[str, type[Program] | type[Kegiatan] | type[SubKegiatan]] = {
    "program": Program,
    "kegiatan": Kegiatan,
    "sub_kegiatan": SubKegiatan,
}


def _renja_url(renja_id: int) -> str:
    return reverse("planning:renja_detail", args=[renja_id])


def _locked(request: HttpRequest, renja: Renja) -> HttpResponse | None:
    """The refusal of a change to a final Renja's rows (Renja.check_open_for_edit's rule)."""
    if renja.is_locked_for_edit:
        return _refused(request, RENJA_FINAL_MESSAGE, renja.pk)
    return None


# --- indicators, inline ----------------------------------------------------------------


def _indikator_form_row(
    request: HttpRequest, form: IndikatorForm, action: str, status: int = 200, cancel_url: str = ""
) -> HttpResponse:
    context = {"form": form, "action": action, "cancel_url": cancel_url}
    return render(request, "planning/_indikator_form_row.html", context, status=status)


def _indikator_row(request: HttpRequest, ind: Indikator) -> HttpResponse:
    return render(request, "planning/_indikator_row.html", {"ind": ind, "can_edit": True})


@login_required
def indikator_row(request: HttpRequest, pk: int) -> HttpResponse:
    """The display row of one indicator (used by "Batal" on the inline form)."""
    ind = get_for_user(Indikator.objects, request.user, pk=pk)
    return _indikator_row(request, ind)


@login_required
def indikator_edit(request: HttpRequest, pk: int) -> HttpResponse:
    ind = get_for_user(Indikator.objects.select_related("renja"), request.user, write=True, pk=pk)
    if refused := _locked(request, ind.renja):
        return refused
    action = reverse("planning:indikator_edit", args=[pk])
    cancel = reverse("planning:indikator_row", args=[pk])
    if request.method != "POST":
        return _indikator_form_row(request, IndikatorForm(instance=ind), action, cancel_url=cancel)
    form = IndikatorForm(request.POST, instance=ind)
    if not form.is_valid():
        return _indikator_form_row(request, form, action, INVALID, cancel_url=cancel)
    return _indikator_row(request, form.save())


@login_required
def indikator_add(request: HttpRequest, renja_pk: int) -> HttpResponse:
    renja = get_for_user(Renja.objects, request.user, write=True, pk=renja_pk)
    if refused := _locked(request, renja):
        return refused
    params = request.GET  # the form's action carries the owner in its query string
    kind = params.get("owner", "")
    if kind not in OWNER_MODELS:
        raise Http404("Pemilik indikator tidak dikenal.")
    owner = get_for_user(
        OWNER_MODELS[kind].objects.filter(renja=renja), request.user, pk=id_param(request, "owner_id")
    )
    action = f"{reverse('planning:indikator_add', args=[renja.pk])}?owner={kind}&owner_id={owner.pk}"
    instance = Indikator(pemda_id=renja.pemda_id, renja=renja, **{kind: owner})
    if request.method != "POST":
        if kind == "sub_kegiatan":
            nomen: Nomenklatur = owner.nomenklatur
            instance.uraian, instance.satuan = nomen.indikator, nomen.satuan
        return _indikator_form_row(request, IndikatorForm(instance=instance), action)
    form = IndikatorForm(request.POST, instance=instance)
    if not form.is_valid():
        return _indikator_form_row(request, form, action, INVALID)
    return _indikator_row(request, form.save())


@login_required
@require_POST
def indikator_delete(request: HttpRequest, pk: int) -> HttpResponse:
    ind = get_for_user(Indikator.objects, request.user, write=True, pk=pk)
    try:
        delete_plan_row(ind)
    except DeletionRefused as exc:
        return _refused(request, str(exc), ind.renja_id)
    return HttpResponse("")


def _refused(request: HttpRequest, text: str, renja_id: int) -> HttpResponse:
    """A refused delete: the message on the Renja page (reloaded for an HTMX request)."""
    messages.error(request, text)
    if getattr(request, "htmx", False):
        return client_redirect(request, _renja_url(renja_id))
    return redirect(_renja_url(renja_id))


# --- sub kegiatan ----------------------------------------------------------------------


@transaction.atomic
def _save_sub_kegiatan(form: SubKegiatanForm, renja: Renja) -> SubKegiatan:
    """Save the form's sub kegiatan, creating its program and kegiatan in the Renja if needed."""
    nomen: Nomenklatur = form.cleaned_data["kode"]
    program, _ = Program.objects.get_or_create(
        renja=renja, nomenklatur=nomen.parent.parent, defaults={"pemda_id": renja.pemda_id}
    )
    kegiatan, _ = Kegiatan.objects.get_or_create(
        renja=renja,
        nomenklatur=nomen.parent,
        defaults={"pemda_id": renja.pemda_id, "program": program},
    )
    sub = form.save(commit=False)
    sub.pemda_id, sub.renja, sub.kegiatan, sub.nomenklatur = renja.pemda_id, renja, kegiatan, nomen
    sub.save()
    form.save_m2m()
    return sub


def _sub_kegiatan_page(
    request: HttpRequest, renja: Renja, form: SubKegiatanForm, sub: SubKegiatan | None, status: int = 200
) -> HttpResponse:
    """The form as a whole page, or inline in the tree for an HTMX request (a table row when
    editing a row, a card above the tree when adding)."""
    options = Nomenklatur.objects.filter(level=Nomenklatur.Level.SUB_KEGIATAN).only("kode", "nama")
    context = {"renja": renja, "form": form, "sub": sub, "nomenklatur_options": options}
    fragment = "planning/_sub_kegiatan_form_row.html" if sub else "planning/_sub_kegiatan_form_card.html"
    return render_page_or_fragment(request, "planning/sub_kegiatan_form.html", fragment, context, status)


def _after_save(request: HttpRequest, sub: SubKegiatan, message: str, row_in_place: bool) -> HttpResponse:
    """Back to the tree: the saved row in place for an inline edit, else the tree reloaded
    at the row (a new row, or one that moved to another kegiatan)."""
    # A query of its own makes the browser load the page afresh and land on the row (a reload
    # of the same URL would restore the old scroll position instead); CSS marks the :target.
    url = f"{_renja_url(sub.renja_id)}?disimpan={sub.pk}#sub-{sub.pk}"
    if getattr(request, "htmx", False) and row_in_place:
        fresh = sub_kegiatan_with_relations(SubKegiatan.objects.filter(pk=sub.pk)).get()
        return render(
            request, "planning/_sub_kegiatan_row.html", {"s": fresh, "renja": sub.renja, "can_edit": True}
        )
    messages.success(request, message)
    if getattr(request, "htmx", False):
        return client_redirect(request, url)
    return redirect(url)


@login_required
def sub_kegiatan_add(request: HttpRequest, renja_pk: int) -> HttpResponse:
    renja = get_for_user(Renja.objects, request.user, write=True, pk=renja_pk)
    if refused := _locked(request, renja):
        return refused
    if request.method != "POST":
        form = SubKegiatanForm(renja=renja, initial={"seluruh_kabupaten": True})
        return _sub_kegiatan_page(request, renja, form, None)
    form = SubKegiatanForm(request.POST, renja=renja, instance=SubKegiatan(renja=renja))
    if not form.is_valid():
        return _sub_kegiatan_page(request, renja, form, None, INVALID)
    sub = _save_sub_kegiatan(form, renja)
    return _after_save(request, sub, f"Sub kegiatan {sub.nomenklatur.kode} ditambahkan.", row_in_place=False)


@login_required
def sub_kegiatan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    sub = get_for_user(
        SubKegiatan.objects.select_related("renja", "nomenklatur"), request.user, write=True, pk=pk
    )
    renja = sub.renja
    if refused := _locked(request, renja):
        return refused
    if request.method != "POST":
        return _sub_kegiatan_page(request, renja, SubKegiatanForm(instance=sub, renja=renja), sub)
    kegiatan_before = sub.kegiatan_id
    form = SubKegiatanForm(request.POST, instance=sub, renja=renja)
    if not form.is_valid():
        return _sub_kegiatan_page(request, renja, form, sub, INVALID)
    sub = _save_sub_kegiatan(form, renja)
    return _after_save(
        request,
        sub,
        f"Sub kegiatan {sub.nomenklatur.kode} disimpan.",
        row_in_place=sub.kegiatan_id == kegiatan_before,
    )


@login_required
def sub_kegiatan_row(request: HttpRequest, pk: int) -> HttpResponse:
    """The display row of one sub kegiatan (used by "Batal" on the inline form)."""
    rows = sub_kegiatan_with_relations(SubKegiatan.objects.select_related("renja"))
    sub = get_for_user(rows, request.user, pk=pk)
    can_edit = may_edit(SubKegiatan.objects, request.user, sub)
    return render(
        request, "planning/_sub_kegiatan_row.html", {"s": sub, "renja": sub.renja, "can_edit": can_edit}
    )


@login_required
@require_POST
def sub_kegiatan_delete(request: HttpRequest, pk: int) -> HttpResponse:
    sub = get_for_user(SubKegiatan.objects.select_related("nomenklatur"), request.user, write=True, pk=pk)
    renja_id, kode = sub.renja_id, sub.nomenklatur.kode
    try:
        delete_plan_row(sub)
    except DeletionRefused as exc:
        return _refused(request, str(exc), renja_id)
    messages.success(request, f"Sub kegiatan {kode} dihapus dari Renja.")
    if getattr(request, "htmx", False):
        return client_redirect(request, _renja_url(renja_id))
    return redirect(_renja_url(renja_id))


@login_required
@require_POST
def program_delete(request: HttpRequest, pk: int) -> HttpResponse:
    return _delete_empty_parent(request, Program, pk)


@login_required
@require_POST
def kegiatan_delete(request: HttpRequest, pk: int) -> HttpResponse:
    return _delete_empty_parent(request, Kegiatan, pk)


def _delete_empty_parent(request: HttpRequest, model: type[Program | Kegiatan], pk: int) -> HttpResponse:
    """Remove a program or kegiatan left without children (its indicators go with it)."""
    obj = get_for_user(model.objects.select_related("nomenklatur"), request.user, write=True, pk=pk)
    try:
        delete_plan_row(obj)
    except DeletionRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"{deletion.label(obj)} dihapus dari Renja.")
    return redirect(_renja_url(obj.renja_id))


# --- the Renja as a whole --------------------------------------------------------------


@login_required
@require_POST
def renja_status(request: HttpRequest, pk: int) -> HttpResponse:
    renja = get_for_user(Renja.objects, request.user, write=True, pk=pk)
    form = RenjaStatusForm(request.POST, instance=renja)
    if form.is_valid():
        form.save()
        messages.success(request, f"Status Renja menjadi {renja.get_status_display()}.")
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(_renja_url(renja.pk))


@login_required
@require_POST
def renja_copy(request: HttpRequest, pk: int) -> HttpResponse:
    renja = get_for_user(
        Renja.objects.select_related("perangkat_daerah", "renstra"), request.user, write=True, pk=pk
    )
    try:
        result = copy_renja_to_next_year(renja)
    except RenjaExists as exc:
        messages.error(request, str(exc))
        return redirect(_renja_url(renja.pk))
    messages.success(
        request,
        f"Renja {result.renja.tahun} dibuat sebagai rancangan dari Renja {renja.tahun}; "
        f"pagu diisi dari prakiraan maju. {result.summary(renja)}",
    )
    return redirect(_renja_url(result.renja.pk))


def editing_context(renja: Renja) -> dict[str, Any]:
    return {
        "next_year": renja.tahun + 1,
        "status_form": RenjaStatusForm(instance=renja),
        "final_message": RENJA_FINAL_MESSAGE if renja.is_locked_for_edit else "",
    }
