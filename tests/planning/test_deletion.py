"""The delete rule of the plan, through every door: nothing with reported realisation or
approval events vanishes (page, API, cascade from the ORM); unreported draft rows still go,
with their evidence files; one rule decides for pages and API alike."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.db.models import ProtectedError
from django.test import Client
from django.urls import reverse

from selaras.accounts.personas import Cast
from selaras.monitoring import entry, events
from selaras.monitoring.factories import noted
from selaras.monitoring.models import BuktiDukung, Laporan, LaporanEvent, Realisasi, RealisasiSubKegiatan
from selaras.planning.models import Indikator, Kegiatan, Program, Renja, SubKegiatan

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}
APPROVED_ROW = "5.05.02.2.03.0001"  # bidang A
DRAFT_ROW = "5.05.02.2.04.0001"  # bidang B


@pytest.fixture(autouse=True)
def media(tmp_path: Path, settings: Any) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def sub(renja: Renja, kode: str) -> SubKegiatan:
    return SubKegiatan.objects.get(renja=renja, nomenklatur__kode=kode)


def evidence(row: SubKegiatan, quarter: int, user: Any) -> BuktiDukung:
    bukti = BuktiDukung(
        pemda_id=row.pemda_id,
        sub_kegiatan=row,
        renja=row.renja,
        unit_kerja=row.unit_kerja,
        triwulan=quarter,
        nama_asli="foto.pdf",
        ukuran=9,
        jenis="application/pdf",
        diunggah_oleh=user,
    )
    bukti.berkas.save("foto.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    bukti.save()
    return bukti


@pytest.fixture
def reported(cast: Cast, renja: Renja, media: Path) -> Renja:
    """Bidang A's TW I approved (figures and evidence); bidang B's TW I figures and evidence
    in a draft that was never submitted."""
    for kode in (APPROVED_ROW, DRAFT_ROW):
        row = sub(renja, kode)
        entry.save_realisasi(row.indikator.get(), 1, Decimal(2), "", 0, cast.perencana)
        entry.save_realisasi_sub(row, 1, Decimal(1000), {}, 0, cast.perencana)
        evidence(row, 1, cast.perencana)
    laporan = events.laporan_for(renja, cast.bidang_a.pk, 1)
    events.ajukan(noted(laporan), cast.operator_a)
    events.verifikasi(laporan, cast.kepala_a)
    events.setujui(laporan, cast.pimpinan)
    events.laporan_for(renja, cast.bidang_b.pk, 1)
    return renja


def snapshot() -> tuple[Any, ...]:
    return (
        Program.objects.count(),
        Kegiatan.objects.count(),
        SubKegiatan.objects.count(),
        Indikator.objects.count(),
        list(Realisasi.objects.order_by("id").values_list("id", "nilai")),
        list(RealisasiSubKegiatan.objects.order_by("id").values_list("id", "anggaran")),
        list(Laporan.objects.order_by("id").values_list("id", "status")),
        LaporanEvent.objects.count(),
        BuktiDukung.objects.count(),
    )


def files(media: Path) -> list[str]:
    return sorted(p.name for p in media.rglob("*") if p.is_file())


def api(kind: str, pk: int) -> str:
    return reverse(f"{kind}-detail", args=[pk])


def test_api_refuses_every_delete_that_would_take_approved_history_along(
    client: Client, cast: Cast, reported: Renja, media: Path, django_capture_on_commit_callbacks: Any
) -> None:
    before, stored = snapshot(), files(media)
    row = sub(reported, APPROVED_ROW)
    client.force_login(cast.perencana)

    with django_capture_on_commit_callbacks(execute=True):
        answers = {
            "renja": client.delete(api("renja", reported.pk)),
            "program": client.delete(api("program", row.kegiatan.program_id)),
            "kegiatan": client.delete(api("kegiatan", row.kegiatan_id)),
            "sub-kegiatan": client.delete(api("sub-kegiatan", row.pk)),
            "indikator": client.delete(api("indikator", row.indikator.get().pk)),
        }

    assert {kind: r.status_code for kind, r in answers.items()} == dict.fromkeys(answers, 409)
    assert "masih berisi program" in answers["renja"].json()["detail"]
    assert "masih berisi kegiatan" in answers["program"].json()["detail"]
    assert "sudah dilaporkan" in answers["sub-kegiatan"].json()["detail"]
    assert "realisasi kinerja" in answers["indikator"].json()["detail"]
    assert snapshot() == before
    assert files(media) == stored


def test_page_delete_of_a_sub_kegiatan_with_approved_quarters_is_refused_with_a_message(
    client: Client, cast: Cast, reported: Renja, media: Path
) -> None:
    before, stored = snapshot(), files(media)
    row = sub(reported, APPROVED_ROW)
    client.force_login(cast.perencana)

    page = client.post(reverse("planning:sub_kegiatan_delete", args=[row.pk]), follow=True)
    assert "tidak dapat dihapus" in page.content.decode()
    assert "Realisasi yang sudah diajukan atau disetujui tidak boleh hilang." in page.content.decode()
    refused = client.post(reverse("planning:indikator_delete", args=[row.indikator.get().pk]), **HX)
    assert refused.status_code == 204 and refused["HX-Redirect"].endswith(f"/renja/{reported.pk}/")

    assert snapshot() == before
    assert files(media) == stored


def test_a_report_sent_back_to_draft_still_protects_its_figures(
    client: Client, cast: Cast, renja: Renja
) -> None:
    row = sub(renja, APPROVED_ROW)
    entry.save_realisasi(row.indikator.get(), 2, Decimal(1), "", 0, cast.perencana)
    laporan = events.laporan_for(renja, cast.bidang_a.pk, 2)
    events.ajukan(noted(laporan), cast.operator_a)
    events.kembalikan(laporan, cast.kepala_a, "Angka belum benar")  # back to draft, with events
    before = snapshot()
    client.force_login(cast.perencana)
    assert client.delete(api("sub-kegiatan", row.pk)).status_code == 409
    assert snapshot() == before


def test_unreported_draft_rows_still_go_with_their_figures_and_evidence_files(
    client: Client, cast: Cast, reported: Renja, media: Path, django_capture_on_commit_callbacks: Any
) -> None:
    row = sub(reported, DRAFT_ROW)
    draft_file = BuktiDukung.objects.get(sub_kegiatan=row).berkas.name
    assert (media / draft_file).exists()
    client.force_login(cast.perencana)

    with django_capture_on_commit_callbacks(execute=True):
        answer = client.delete(api("sub-kegiatan", row.pk))

    assert answer.status_code == 204, answer.content
    assert not SubKegiatan.objects.filter(pk=row.pk).exists()
    assert not RealisasiSubKegiatan.objects.filter(sub_kegiatan_id=row.pk).exists()
    assert not Realisasi.objects.filter(indikator__sub_kegiatan_id=row.pk).exists()
    assert not (media / draft_file).exists()
    assert len(files(media)) == 1  # bidang A's approved evidence stays


def test_page_delete_of_a_draft_sub_kegiatan_works(
    client: Client, cast: Cast, reported: Renja, media: Path, django_capture_on_commit_callbacks: Any
) -> None:
    row = sub(reported, DRAFT_ROW)
    client.force_login(cast.perencana)
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(reverse("planning:sub_kegiatan_delete", args=[row.pk]), follow=True)
    assert f"Sub kegiatan {DRAFT_ROW} dihapus dari Renja." in page.content.decode()
    assert not SubKegiatan.objects.filter(pk=row.pk).exists()
    assert len(files(media)) == 1


def test_outcome_figures_of_a_reported_quarter_are_protected(cast: Cast, renja: Renja) -> None:
    program = Program.objects.filter(renja=renja).first()
    outcome = Indikator.objects.create(
        pemda_id=renja.pemda_id, renja=renja, program=program, uraian="Indeks inovasi", satuan="indeks",
        target=Decimal(50),
    )  # fmt: skip
    entry.save_realisasi(outcome, 1, Decimal(40), "", 0, cast.perencana)
    events.ajukan(noted(events.laporan_for(renja, cast.bidang_a.pk, 1)), cast.operator_a)
    with pytest.raises(ProtectedError):
        outcome.delete()
    assert Realisasi.objects.filter(indikator=outcome).exists()


def test_no_door_deletes_approved_history_not_even_the_orm_cascade(cast: Cast, reported: Renja) -> None:
    before = snapshot()
    with pytest.raises(ProtectedError):
        Renja.objects.filter(pk=reported.pk).delete()
    with pytest.raises(ProtectedError):
        Laporan.objects.filter(renja=reported, unit_kerja=cast.bidang_a).delete()
    with pytest.raises(ProtectedError):
        sub(reported, APPROVED_ROW).kegiatan.program.delete()
    assert snapshot() == before


def test_an_empty_renja_can_still_be_deleted_through_the_api(client: Client, cast: Cast) -> None:
    empty = Renja.objects.create(pemda=cast.pemda, perangkat_daerah=cast.balitbangda, tahun=2031)
    client.force_login(cast.perencana)
    assert client.delete(api("renja", empty.pk)).status_code == 204
    assert not Renja.objects.filter(pk=empty.pk).exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("operator_a", 403), ("kepala_a", 403), ("pimpinan", 403), ("verifikator", 403), ("outsider", 404)],
)
def test_only_planners_delete_and_the_outsider_sees_nothing(
    client: Client, cast: Cast, reported: Renja, persona: str, status: int
) -> None:
    row = sub(reported, "5.05.02.2.03.0002")  # bidang A's, never reported
    before = snapshot()
    client.force_login(getattr(cast, persona))
    assert client.delete(api("sub-kegiatan", row.pk)).status_code == status
    assert client.post(reverse("planning:sub_kegiatan_delete", args=[row.pk])).status_code == status
    assert snapshot() == before
