"""The quarterly entry page of a bidang: realisation per indicator, budget and narrative
per sub kegiatan, evidence files, and the report's workflow. Every figure saves on its own
(HTMX) with a version check; capaian and predikat update live as the operator types."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Case, When
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from selaras.accounts.models import Role
from selaras.accounts.scoping import get_for_user
from selaras.core.params import id_param, quarter_param, year_param
from selaras.core.uploads import private_file_response
from selaras.lib import capaian as rules
from selaras.lib import dates
from selaras.lib.dates import quarter_label
from selaras.monitoring import entry, events, sources
from selaras.monitoring.completeness import completeness, deadline_state, report_contents
from selaras.monitoring.figures import IndikatorFigures, SubKegiatanFigures, default_quarter, load_figures
from selaras.monitoring.forms import BuktiDukungForm, RealisasiForm, RealisasiSubForm, TenggatForm
from selaras.monitoring.locks import lock_reason
from selaras.monitoring.models import NARASI, BuktiDukung, Laporan, TenggatTriwulan
from selaras.organisations.models import UnitKerja
from selaras.planning.models import Indikator, Renja, SubKegiatan

INVALID, CONFLICT = 422, 409
DRAFT = Laporan.Status.DRAFT
SAVED = "Tersimpan."


def _quarter(value: int) -> int:
    if value not in (1, 2, 3, 4):
        raise Http404("Triwulan tidak dikenal.")
    return value


def _form_error(form: forms.Form) -> str:
    """Every message of an invalid form in one line, for the live preview cell."""
    return "; ".join(message for messages in form.errors.values() for message in messages)


def _unit_for(request: HttpRequest, renja: Renja) -> UnitKerja | None:
    """The unit whose page this is: a unit-scoped user's own, else the one chosen."""
    units = UnitKerja.objects.filter(perangkat_daerah_id=renja.perangkat_daerah_id, sub_kegiatan__renja=renja)
    if request.user.is_unit_scoped:
        return units.filter(pk=request.user.unit_kerja_id).first()
    chosen = id_param(request, "bidang")
    return units.filter(pk=chosen).first() if chosen else None


@login_required
def entry_page(request: HttpRequest, renja_pk: int, triwulan: int) -> HttpResponse:
    renja = get_for_user(Renja.objects.select_related("perangkat_daerah"), request.user, pk=renja_pk)
    q = _quarter(triwulan)
    unit = _unit_for(request, renja)
    units = UnitKerja.objects.filter(
        perangkat_daerah_id=renja.perangkat_daerah_id, sub_kegiatan__renja=renja
    ).distinct()
    context: dict[str, Any] = {"renja": renja, "q": q, "unit": unit, "units": units, "quarters": (1, 2, 3, 4)}
    context["period"] = quarter_label(q, renja.tahun)
    context["tenggat"] = TenggatTriwulan.objects.filter(
        pemda_id=renja.pemda_id, tahun=renja.tahun, triwulan=q
    ).first()
    if unit is not None:
        figures = load_figures(renja, request.user, up_to=q, unit_id=unit.pk, outcome=False)
        laporan = Laporan.objects.filter(renja=renja, unit_kerja=unit, triwulan=q).first()
        reason = lock_reason(renja, unit.pk, q, request.user)
        can_enter = entry.may_enter(request.user, renja, unit.pk) and reason is None
        bukti = BuktiDukung.objects.filter(renja=renja, unit_kerja=unit, triwulan=q).order_by("id")
        by_sub: dict[int, list[BuktiDukung]] = {}
        for b in bukti:
            by_sub.setdefault(b.sub_kegiatan_id, []).append(b)
        context.update(
            figures=figures,
            cards=[_card(s, q, can_enter, by_sub.get(s.sub.pk, [])) for s in figures.sub_kegiatan],
            laporan=laporan,
            status=laporan.get_status_display() if laporan else Laporan.Status.DRAFT.label,
            events=list(laporan.events.select_related("oleh")) if laporan else [],
            lock_reason=reason,
            can_enter=can_enter,
            actions=_actions(request.user, renja, unit, laporan),
            tenggat_state=deadline_state(
                context["tenggat"], laporan.diajukan_pada if laporan and laporan.status != DRAFT else None
            ),
        )
        if any(a.get("action") == "ajukan" for a in context["actions"]):
            context["isi"] = report_contents(renja, unit.pk, q)
    elif not request.user.is_unit_scoped:
        context["outcome"] = _outcome_rows(request, renja, q)
    return render(request, "monitoring/entry.html", context)


def _card(figures: SubKegiatanFigures, q: int, can_enter: bool, bukti: list[BuktiDukung]) -> dict[str, Any]:
    return {
        "figures": figures,
        "rows": [_row_context(i, q, can_enter) for i in figures.indikator],
        "sub_form": _sub_form(figures, q),
        "sub_live": _sub_live(figures, q),
        "bukti": bukti,
        "can_enter": can_enter,
        "bukti_form": BuktiDukungForm(),
    }


def _row_context(
    figures: IndikatorFigures, q: int, can_enter: bool, form: RealisasiForm | None = None, message: str = ""
) -> dict[str, Any]:
    ind = figures.indikator
    if form is None:
        form = RealisasiForm(
            initial={
                "nilai": figures.quarters[q - 1],
                "catatan": figures.notes[q - 1],
                "versi": figures.versions[q - 1],
            },
            prefix=f"i{ind.pk}",
        )
    return {
        "f": figures,
        "ind": ind,
        "q": q,
        "form": form,
        "message": message,
        "can_enter": can_enter,
        "previous": figures.quarters[: q - 1],
        "target_q": ind.quarterly_targets[q - 1],
        "records_url": sources.records_url(ind, q),
    }


def _sub_form(figures: SubKegiatanFigures, q: int, data: Any = None) -> RealisasiSubForm:
    narasi = figures.narasi[q - 1]
    initial = {"anggaran": figures.anggaran[q - 1], "versi": figures.versions[q - 1], **narasi}
    return RealisasiSubForm(data, initial=initial, prefix=f"s{figures.sub.pk}")


def _sub_live(
    figures: SubKegiatanFigures, q: int, this_quarter: Decimal | None = None, use_given: bool = False
) -> dict[str, Any]:
    spent = list(figures.anggaran)
    if use_given:
        spent[q - 1] = this_quarter
    before = rules.aggregate(spent[: q - 1], rules.Agregasi.JUMLAH) or Decimal(0)
    total = rules.aggregate(spent[:q], rules.Agregasi.JUMLAH)
    percent = rules.capaian_anggaran(total, figures.sub.pagu)
    return {"sub": figures.sub, "before": before, "total": total, "capaian": percent}


def _outcome_rows(request: HttpRequest, renja: Renja, q: int) -> list[dict[str, Any]]:
    figures = load_figures(renja, request.user, up_to=q, sub_kegiatan_ids=[])  # outcome indicators only
    can_enter = entry.may_enter(request.user, renja, None) and lock_reason(renja, None, q) is None
    return [_row_context(i, q, can_enter) for i in figures.outcome]


def _actions(user: Any, renja: Renja, unit: UnitKerja, laporan: Laporan | None) -> list[dict[str, str]]:
    """The workflow buttons this user may press now (events.py has the final word)."""
    status = laporan.status if laporan else Laporan.Status.DRAFT
    probe = laporan or Laporan(renja=renja, unit_kerja=unit, pemda_id=renja.pemda_id)
    S = Laporan.Status
    found = []
    if status == S.DRAFT and events.may_report(user, probe):
        found.append(
            {"action": "ajukan", "label": "Ajukan untuk verifikasi", "style": "success", "reason": ""}
        )
    send_back = {"action": "kembalikan", "label": "Kembalikan", "style": "outline-danger", "reason": "1"}
    own = {"note": "Laporan ini Anda ajukan sendiri; verifikasi dan persetujuan dilakukan orang lain."}
    if status == S.DIAJUKAN and events.is_head_of_unit(user, probe):
        if events.may_verify(user, probe):
            found.append({"action": "verifikasi", "label": "Verifikasi", "style": "success", "reason": ""})
        else:
            found.append(own)
        found.append(send_back)
    if status == S.DIVERIFIKASI and events.is_approver(user, probe):
        if events.may_approve(user, probe):
            found.append({"action": "setujui", "label": "Setujui", "style": "success", "reason": ""})
        else:
            found.append(own)
        found.append(send_back)
    if status == S.DISETUJUI and events.may_reopen(user, probe):
        found.append(
            {"action": "buka_kembali", "label": "Buka kembali", "style": "outline-danger", "reason": "1"}
        )
    return found


# --- one indicator's value ---------------------------------------------------------------


def _indikator_for(request: HttpRequest, pk: int) -> Indikator:
    return get_for_user(Indikator.objects.select_related("renja", "sub_kegiatan"), request.user, pk=pk)


def _figures_of(request: HttpRequest, ind: Indikator, q: int) -> IndikatorFigures:
    figures = load_figures(
        ind.renja,
        request.user,
        up_to=q,
        outcome=not ind.sub_kegiatan_id,
        sub_kegiatan_ids=[ind.sub_kegiatan_id] if ind.sub_kegiatan_id else [],
    )
    found = [i for i in figures.all_indikator() if i.indikator.pk == ind.pk]
    if not found:
        raise Http404("Indikator tidak ditemukan.")
    return found[0]


def _render_row(request: HttpRequest, context: dict[str, Any], status: int = 200) -> HttpResponse:
    return render(request, "monitoring/_realisasi_row.html", context, status=status)


@login_required
@require_POST
def realisasi_preview(request: HttpRequest, pk: int, triwulan: int) -> HttpResponse:
    """Capaian and predikat of what is typed, without saving."""
    q = _quarter(triwulan)
    ind = _indikator_for(request, pk)
    figures = _figures_of(request, ind, q)
    form = RealisasiForm(request.POST, prefix=f"i{ind.pk}")
    if not form.is_valid():
        return render(request, "monitoring/_live.html", {"error": _form_error(form)})
    figures.quarters[q - 1] = form.cleaned_data["nilai"]
    figures.realisasi = rules.aggregate(figures.quarters, ind.agregasi)
    figures.capaian = rules.capaian_to_date(
        figures.realisasi, ind.target, ind.polaritas, ind.target_atas, ind.quarterly_targets, q, ind.agregasi
    )
    figures.predikat = rules.predikat(figures.capaian)
    return render(request, "monitoring/_live.html", {"f": figures, "ind": ind})


@login_required
@require_POST
def realisasi_save(request: HttpRequest, pk: int, triwulan: int) -> HttpResponse:
    q = _quarter(triwulan)
    ind = _indikator_for(request, pk)
    form = RealisasiForm(request.POST, prefix=f"i{ind.pk}")
    if not form.is_valid():
        return _render_row(request, _row_context(_figures_of(request, ind, q), q, True, form), INVALID)
    data = form.cleaned_data
    try:
        entry.save_realisasi(ind, q, data["nilai"], data["catatan"], data["versi"], request.user)
    except entry.Locked as exc:
        return _render_row(
            request, _row_context(_figures_of(request, ind, q), q, False, message=str(exc)), CONFLICT
        )
    except entry.Conflict as exc:
        return _render_row(
            request, _row_context(_figures_of(request, ind, q), q, True, message=str(exc)), CONFLICT
        )
    except ValidationError as exc:
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return _render_row(request, _row_context(_figures_of(request, ind, q), q, True, form), INVALID)
    context = _row_context(_figures_of(request, ind, q), q, True, message=SAVED)
    return _saved(render(request, "monitoring/_realisasi_saved.html", context))


def _saved(response: HttpResponse) -> HttpResponse:
    """A successful autosave updates the figures around the inputs, never the inputs: the
    operator may be typing in the next field (out-of-band swaps only)."""
    response["HX-Reswap"] = "none"
    return response


# --- one sub kegiatan's budget and narrative ---------------------------------------------


def _sub_figures(request: HttpRequest, pk: int, q: int) -> SubKegiatanFigures:
    sub = get_for_user(SubKegiatan.objects.select_related("renja"), request.user, pk=pk)
    figures = load_figures(sub.renja, request.user, up_to=q, outcome=False, sub_kegiatan_ids=[sub.pk])
    found = [s for s in figures.sub_kegiatan if s.sub.pk == sub.pk]
    if not found:
        raise Http404("Sub kegiatan tidak ditemukan.")
    return found[0]


def _render_sub(
    request: HttpRequest,
    figures: SubKegiatanFigures,
    q: int,
    form: RealisasiSubForm | None = None,
    message: str = "",
    status: int = 200,
) -> HttpResponse:
    context = {
        "c": {
            "figures": figures,
            "sub_form": form or _sub_form(figures, q),
            "sub_live": _sub_live(figures, q),
            "can_enter": status != CONFLICT or "diubah" in message,
        },
        "q": q,
        "message": message,
    }
    if message == SAVED:
        return _saved(render(request, "monitoring/_anggaran_saved.html", context))
    return render(request, "monitoring/_anggaran_form.html", context, status=status)


@login_required
@require_POST
def anggaran_preview(request: HttpRequest, pk: int, triwulan: int) -> HttpResponse:
    q = _quarter(triwulan)
    figures = _sub_figures(request, pk, q)
    form = _sub_form(figures, q, request.POST)
    if not form.is_valid():
        return render(request, "monitoring/_anggaran_live.html", {"error": _form_error(form)})
    live = _sub_live(figures, q, form.cleaned_data["anggaran"], use_given=True)
    return render(request, "monitoring/_anggaran_live.html", {"live": live})


@login_required
@require_POST
def anggaran_save(request: HttpRequest, pk: int, triwulan: int) -> HttpResponse:
    q = _quarter(triwulan)
    figures = _sub_figures(request, pk, q)
    form = _sub_form(figures, q, request.POST)
    if not form.is_valid():
        return _render_sub(request, figures, q, form, status=INVALID)
    data = form.cleaned_data
    narasi = {k: data[k] for k in NARASI}
    try:
        entry.save_realisasi_sub(figures.sub, q, data["anggaran"], narasi, data["versi"], request.user)
    except (entry.Locked, entry.Conflict) as exc:
        return _render_sub(request, _sub_figures(request, pk, q), q, message=str(exc), status=CONFLICT)
    except ValidationError as exc:
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return _render_sub(request, figures, q, form, status=INVALID)
    return _render_sub(request, _sub_figures(request, pk, q), q, message=SAVED)


# --- evidence -----------------------------------------------------------------------------


def _bukti_list(
    request: HttpRequest,
    sub: SubKegiatan,
    q: int,
    form: BuktiDukungForm | None = None,
    status: int = 200,
    message: str = "",
) -> HttpResponse:
    can_enter = entry.may_enter(request.user, sub.renja, sub.unit_kerja_id) and not lock_reason(
        sub.renja, sub.unit_kerja_id, q
    )
    context = {
        "c": {
            "figures": {"sub": sub},
            "bukti": BuktiDukung.objects.filter(sub_kegiatan=sub, triwulan=q).order_by("id"),
            "bukti_form": form or BuktiDukungForm(),
            "can_enter": can_enter,
        },
        "q": q,
        "message": message,
    }
    return render(request, "monitoring/_bukti.html", context, status=status)


@login_required
@require_POST
def bukti_upload(request: HttpRequest, pk: int, triwulan: int) -> HttpResponse:
    q = _quarter(triwulan)
    sub = get_for_user(SubKegiatan.objects.select_related("renja"), request.user, pk=pk)
    form = BuktiDukungForm(request.POST, request.FILES)
    if not entry.may_enter(request.user, sub.renja, sub.unit_kerja_id):
        raise PermissionDenied("Anda tidak berhak mengunggah bukti dukung untuk sub kegiatan ini.")
    reason = lock_reason(sub.renja, sub.unit_kerja_id, q, request.user)
    if reason:
        return _bukti_list(request, sub, q, status=CONFLICT, message=reason)
    if not form.is_valid():
        return _bukti_list(request, sub, q, form, INVALID)
    upload = form.cleaned_data["berkas"]
    BuktiDukung.objects.create(
        pemda_id=sub.pemda_id,
        sub_kegiatan=sub,
        renja_id=sub.renja_id,
        unit_kerja_id=sub.unit_kerja_id,
        triwulan=q,
        berkas=upload,
        nama_asli=upload.name[:255],
        ukuran=upload.size,
        jenis=upload.content_type,
        diunggah_oleh=request.user,
    )
    return _bukti_list(request, sub, q, message=f"{upload.name} diunggah.")


@login_required
def bukti_download(request: HttpRequest, pk: int) -> FileResponse:
    bukti = get_for_user(BuktiDukung.objects.all(), request.user, pk=pk)
    return private_file_response(bukti.berkas, bukti.nama_asli, bukti.jenis)


@login_required
@require_POST
def bukti_delete(request: HttpRequest, pk: int) -> HttpResponse:
    bukti = get_for_user(BuktiDukung.objects.select_related("sub_kegiatan__renja"), request.user, pk=pk)
    sub = bukti.sub_kegiatan
    if not entry.may_enter(request.user, sub.renja, sub.unit_kerja_id):
        raise PermissionDenied("Anda tidak berhak menghapus bukti dukung ini.")
    reason = lock_reason(sub.renja, sub.unit_kerja_id, bukti.triwulan, request.user)
    if reason:
        return _bukti_list(request, sub, bukti.triwulan, status=CONFLICT, message=reason)
    name = bukti.nama_asli
    bukti.delete()  # its file goes once the delete commits (core.uploads.remove_files_with_rows)
    return _bukti_list(request, sub, bukti.triwulan, message=f"{name} dihapus.")


# --- the report's workflow ----------------------------------------------------------------

STEPS = {
    "ajukan": lambda laporan, user, alasan: events.ajukan(laporan, user),
    "verifikasi": lambda laporan, user, alasan: events.verifikasi(laporan, user),
    "setujui": lambda laporan, user, alasan: events.setujui(laporan, user),
    "kembalikan": lambda laporan, user, alasan: events.kembalikan(laporan, user, alasan),
    "buka_kembali": lambda laporan, user, alasan: events.buka_kembali(laporan, user, alasan),
}
DONE = {
    "ajukan": "diajukan untuk verifikasi",
    "verifikasi": "diverifikasi",
    "setujui": "disetujui dan dikunci",
    "kembalikan": "dikembalikan ke draf",
    "buka_kembali": "dibuka kembali",
}


@login_required
@require_POST
def workflow(request: HttpRequest, renja_pk: int, unit_pk: int, triwulan: int, action: str) -> HttpResponse:
    renja = get_for_user(Renja.objects.all(), request.user, pk=renja_pk)
    q = _quarter(triwulan)
    if action not in STEPS:
        raise Http404("Langkah tidak dikenal.")
    unit = UnitKerja.objects.filter(pk=unit_pk, perangkat_daerah_id=renja.perangkat_daerah_id).first()
    if unit is None:
        raise Http404("Unit kerja tidak ditemukan.")
    laporan = events.laporan_for(renja, unit.pk, q)
    try:
        STEPS[action](laporan, request.user, request.POST.get("alasan", ""))
    except events.WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Laporan {unit.nama} {quarter_label(q, renja.tahun)} {DONE[action]}.")
    return redirect(f"{reverse('monitoring:entry', args=[renja.pk, q])}?bidang={unit.pk}")


@login_required
def report_contents_panel(request: HttpRequest, renja_pk: int, unit_pk: int, triwulan: int) -> HttpResponse:
    """The body of the submit panel, fresh: what the unit's quarter holds now."""
    renja = get_for_user(Renja.objects.all(), request.user, pk=renja_pk)
    q = _quarter(triwulan)
    unit = UnitKerja.objects.filter(pk=unit_pk, perangkat_daerah_id=renja.perangkat_daerah_id).first()
    if unit is None or (request.user.is_unit_scoped and request.user.unit_kerja_id != unit.pk):
        raise Http404("Unit kerja tidak ditemukan.")
    context = {
        "renja": renja,
        "unit": unit,
        "q": q,
        "period": quarter_label(q, renja.tahun),
        "isi": report_contents(renja, unit.pk, q),
        "a": {"action": "ajukan", "style": "success"},
    }
    return render(request, "monitoring/_ajukan_isi.html", context)


# --- who has not reported, and the deadlines -----------------------------------------------


@login_required
def completeness_page(request: HttpRequest, renja_pk: int) -> HttpResponse:
    renja = get_for_user(Renja.objects.select_related("perangkat_daerah"), request.user, pk=renja_pk)
    q = quarter_param(request, default=1)
    rows, deadline = completeness(renja, request.user, q)
    context = {
        "renja": renja,
        "q": q,
        "rows": rows,
        "tenggat": deadline,
        "quarters": (1, 2, 3, 4),
        "period": quarter_label(q, renja.tahun),
    }
    return render(request, "monitoring/completeness.html", context)


@login_required
def completeness_latest(request: HttpRequest) -> HttpResponse:
    """The menu's "Kelengkapan": the completeness of the Renja a reader most likely follows
    (its own Perangkat Daerah's, this year's or the latest before it), on the last quarter
    that has ended."""
    user = request.user
    this_year = dates.today().year
    renja = (
        Renja.objects.visible_to(user)
        .annotate(
            own=Case(When(perangkat_daerah_id=user.perangkat_daerah_id, then=1), default=0),
            current=Case(When(tahun__lte=this_year, then=1), default=0),
        )
        .order_by("-own", "-current", "-tahun", "pk")
        .only("pk", "tahun")
        .first()
    )
    if renja is None:
        messages.info(request, "Belum ada Renja yang dapat Anda lihat.")
        return redirect("monitoring:index")
    url = reverse("monitoring:completeness", args=[renja.pk])
    return redirect(f"{url}?tw={default_quarter(renja.tahun)}")


@login_required
def deadlines_page(request: HttpRequest) -> HttpResponse:
    """The administrator sets the reporting deadline of each quarter of a year."""
    user = request.user
    if not (user.is_superuser or user.role == Role.ADMIN):
        raise PermissionDenied("Hanya administrator yang dapat mengatur batas waktu pelaporan.")
    this_year = timezone.localdate().year
    tahun = year_param(request, source="POST") or year_param(request, default=this_year)
    existing = {t.triwulan: t for t in TenggatTriwulan.objects.filter(pemda_id=user.pemda_id, tahun=tahun)}
    form = TenggatForm(
        request.POST or None, initial={f"tw{q}": t.batas for q, t in existing.items()}, tahun=tahun
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            for q in (1, 2, 3, 4):
                TenggatTriwulan.objects.update_or_create(
                    pemda_id=user.pemda_id,
                    tahun=tahun,
                    triwulan=q,
                    defaults={"batas": form.cleaned_data[f"tw{q}"]},
                )
        messages.success(request, f"Batas waktu pelaporan tahun {tahun} disimpan.")
        return redirect(f"{reverse('monitoring:deadlines')}?tahun={tahun}")
    status = 422 if request.method == "POST" else 200
    return render(request, "monitoring/deadlines.html", {"form": form, "tahun": tahun}, status=status)
