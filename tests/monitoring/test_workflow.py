"""The approval workflow of a quarterly report, per persona (DHIS2-like data approval)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from selaras.monitoring import events
from selaras.monitoring.factories import noted
from selaras.monitoring.models import Laporan, LaporanEvent

pytestmark = pytest.mark.django_db
S = Laporan.Status


@pytest.fixture
def laporan(cast, renja) -> Laporan:
    return events.laporan_for(renja, cast.bidang_a.pk, 2)


def test_the_happy_path_is_four_named_events_with_who_and_when(cast, laporan):
    events.ajukan(noted(laporan), cast.operator_a)
    assert laporan.status == S.DIAJUKAN and laporan.diajukan_pada is not None
    events.verifikasi(laporan, cast.kepala_a)
    events.setujui(laporan, cast.pimpinan)
    assert laporan.status == S.DISETUJUI and not laporan.is_open
    steps = list(laporan.events.values_list("jenis", "dari_status", "ke_status", "oleh__username"))
    assert steps == [
        ("diajukan", "draft", "diajukan", "operator_a"),
        ("diverifikasi", "diajukan", "diverifikasi", "kepala_a"),
        ("disetujui", "diverifikasi", "disetujui", "pimpinan"),
    ]


@pytest.mark.parametrize(
    ("step", "persona"),
    [
        ("ajukan", "operator_b"),  # another bidang
        ("ajukan", "pimpinan"),
        ("ajukan", "verifikator"),
        ("ajukan", "outsider"),
    ],
)
def test_only_the_units_reporters_submit(cast, laporan, step, persona):
    with pytest.raises(PermissionDenied):
        getattr(events, step)(laporan, getattr(cast, persona))
    laporan.refresh_from_db()
    assert laporan.status == S.DRAFT and not LaporanEvent.objects.exists()


@pytest.mark.parametrize("persona", ["operator_a", "pimpinan", "perencana", "outsider"])
def test_only_the_head_of_the_bidang_verifies(cast, laporan, persona):
    events.ajukan(noted(laporan), cast.operator_a)
    with pytest.raises(PermissionDenied, match="kepala bidang"):
        events.verifikasi(laporan, getattr(cast, persona))
    assert Laporan.objects.get(pk=laporan.pk).status == S.DIAJUKAN


@pytest.mark.parametrize("persona", ["operator_a", "kepala_a", "verifikator", "outsider"])
def test_only_the_agency_head_or_planner_approves(cast, laporan, persona):
    events.ajukan(noted(laporan), cast.operator_a)
    events.verifikasi(laporan, cast.kepala_a)
    with pytest.raises(PermissionDenied):
        events.setujui(laporan, getattr(cast, persona))
    assert Laporan.objects.get(pk=laporan.pk).status == S.DIVERIFIKASI


def test_a_skipped_step_is_refused_with_a_message(cast, laporan):
    with pytest.raises(events.WorkflowError, match="berstatus draf"):
        events.verifikasi(laporan, cast.kepala_a)
    events.ajukan(noted(laporan), cast.operator_a)
    with pytest.raises(events.WorkflowError, match="hanya untuk laporan yang diverifikasi"):
        events.setujui(laporan, cast.pimpinan)
    with pytest.raises(events.WorkflowError):
        events.ajukan(noted(laporan), cast.operator_a)  # twice
    assert laporan.events.count() == 1


def test_sending_back_and_reopening_need_a_reason(cast, laporan):
    events.ajukan(noted(laporan), cast.operator_a)
    with pytest.raises(events.WorkflowError, match="Alasan wajib diisi"):
        events.kembalikan(laporan, cast.kepala_a, "  ")
    events.kembalikan(laporan, cast.kepala_a, "Bukti dukung TW II belum lengkap")
    assert laporan.status == S.DRAFT
    events.ajukan(noted(laporan), cast.operator_a)
    events.verifikasi(laporan, cast.kepala_a)
    events.setujui(laporan, cast.pimpinan)
    with pytest.raises(PermissionDenied):
        events.buka_kembali(laporan, cast.operator_a, "salah ketik")
    with pytest.raises(events.WorkflowError, match="Alasan wajib diisi"):
        events.buka_kembali(laporan, cast.pimpinan, "")
    events.buka_kembali(laporan, cast.pimpinan, "Koreksi realisasi anggaran dari BPKAD")
    assert laporan.status == S.DRAFT
    last = laporan.events.last()
    assert (last.jenis, last.alasan) == ("dibuka_kembali", "Koreksi realisasi anggaran dari BPKAD")


def test_the_head_who_submitted_cannot_verify_his_own_report(cast, laporan):
    events.ajukan(noted(laporan), cast.kepala_a)
    with pytest.raises(PermissionDenied, match="empat mata"):
        events.verifikasi(laporan, cast.kepala_a)
    assert Laporan.objects.get(pk=laporan.pk).status == S.DIAJUKAN
    # Sent back and submitted again by the operator, the head verifies as usual.
    events.kembalikan(laporan, cast.kepala_a, "Diajukan oleh orang yang salah")
    events.ajukan(noted(laporan), cast.operator_a)
    events.verifikasi(laporan, cast.kepala_a)
    assert laporan.status == S.DIVERIFIKASI


def test_the_planner_who_submitted_cannot_approve_but_the_agency_head_can(cast, laporan):
    events.ajukan(noted(laporan), cast.perencana)
    events.verifikasi(laporan, cast.kepala_a)
    with pytest.raises(PermissionDenied, match="empat mata"):
        events.setujui(laporan, cast.perencana)
    assert Laporan.objects.get(pk=laporan.pk).status == S.DIVERIFIKASI
    events.setujui(laporan, cast.pimpinan)
    assert laporan.status == S.DISETUJUI
    assert not events.may_approve(cast.perencana, laporan) and events.may_approve(cast.pimpinan, laporan)
