"""The quarterly entry page: live capaian, saving per row, locks, conflicts, evidence and
the workflow buttons, per persona."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from selaras.monitoring import events
from selaras.monitoring.factories import noted
from selaras.monitoring.models import BuktiDukung, Laporan, Realisasi, RealisasiSubKegiatan
from selaras.planning.models import Indikator, SubKegiatan

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def ind_a(renja, cast) -> Indikator:
    return (
        Indikator.objects.filter(renja=renja, sub_kegiatan__unit_kerja=cast.bidang_a).order_by("id").first()
    )


def _save(client, ind, q, nilai, versi=0, catatan=""):
    p = f"i{ind.pk}"
    return client.post(
        reverse("monitoring:realisasi_save", args=[ind.pk, q]),
        {f"{p}-nilai": nilai, f"{p}-catatan": catatan, f"{p}-versi": versi},
        **HX,
    )


def test_operator_opens_its_bidangs_quarter(client, cast, renja):
    client.force_login(cast.operator_a)
    html = client.get(reverse("monitoring:entry", args=[renja.pk, 2])).content.decode()
    assert "Realisasi Triwulan II 2026" in html and "Bidang Ekonomi dan Pembangunan" in html
    assert "5.05.02.2.03.0001" in html and "5.05.02.2.04.0001" not in html  # bidang B's row
    assert "Ajukan untuk verifikasi" in html


def test_live_capaian_while_typing_saves_nothing(client, cast, ind_a):
    client.force_login(cast.operator_a)
    p = f"i{ind_a.pk}"
    response = client.post(
        reverse("monitoring:realisasi_preview", args=[ind_a.pk, 1]),
        {f"{p}-nilai": "3", f"{p}-catatan": "", f"{p}-versi": 0},
        **HX,
    )
    html = response.content.decode()
    assert "75,00%" in html and "Sedang" in html  # 3 of the annual target 4
    assert not Realisasi.objects.exists()
    bad = client.post(
        reverse("monitoring:realisasi_preview", args=[ind_a.pk, 1]),
        {f"{p}-nilai": "tiga", f"{p}-versi": 0},
        **HX,
    )
    assert "Realisasi harus berupa angka" in bad.content.decode()


def test_saving_a_row_returns_it_with_the_new_capaian(client, cast, ind_a):
    client.force_login(cast.operator_a)
    response = _save(client, ind_a, 1, "1", catatan="Dokumen TW I selesai")
    html = response.content.decode()
    assert response.status_code == 200 and "Tersimpan." in html and "25,00%" in html
    assert f'name="i{ind_a.pk}-versi" value="1"' in html
    row = Realisasi.objects.get(indikator=ind_a, triwulan=1)
    assert (row.nilai, row.catatan, row.diubah_oleh) == (Decimal(1), "Dokumen TW I selesai", cast.operator_a)


@pytest.mark.parametrize(
    ("nilai", "message"), [("satu", "Realisasi harus berupa angka"), ("-2", "Realisasi tidak boleh negatif")]
)
def test_bad_values_are_refused_with_the_field_named(client, cast, ind_a, nilai, message):
    client.force_login(cast.operator_a)
    response = _save(client, ind_a, 1, nilai)
    assert response.status_code == 422 and message in response.content.decode()
    assert not Realisasi.objects.exists()


def test_the_second_saver_is_told_and_sees_the_latest_value(client, cast, ind_a):
    client.force_login(cast.operator_a)
    _save(client, ind_a, 1, "1")
    client.force_login(cast.kepala_a)
    response = _save(client, ind_a, 1, "2", versi=0)  # opened before the operator saved
    html = response.content.decode()
    assert response.status_code == 409 and "sudah diubah oleh Operator A" in html
    assert Realisasi.objects.get(indikator=ind_a, triwulan=1).nilai == Decimal(1)


@pytest.mark.parametrize(("persona", "status"), [("operator_b", 404), ("outsider", 404), ("pimpinan", 200)])
def test_others_cannot_save_a_bidangs_row(client, cast, ind_a, persona, status):
    client.force_login(getattr(cast, persona))
    response = _save(client, ind_a, 1, "1")
    assert response.status_code in (status, 403)
    assert not Realisasi.objects.exists()


def test_submitted_quarter_is_locked_on_the_page(client, cast, renja, ind_a):
    events.ajukan(noted(events.laporan_for(renja, cast.bidang_a.pk, 1)), cast.operator_a)
    client.force_login(cast.operator_a)
    response = _save(client, ind_a, 1, "1")
    assert response.status_code == 409 and "sedang diajukan" in response.content.decode()
    page = client.get(reverse("monitoring:entry", args=[renja.pk, 1])).content.decode()
    assert "sedang diajukan" in page and f'name="i{ind_a.pk}-nilai"' not in page


def test_budget_and_narrative_save_with_live_budget_capaian(client, cast, renja):
    sub = SubKegiatan.objects.get(renja=renja, nomenklatur__kode="5.05.02.2.03.0001")
    client.force_login(cast.operator_a)
    p = f"s{sub.pk}"
    data = {
        f"{p}-anggaran": "43.875.000",
        f"{p}-faktor_pendorong": "Dukungan kampung",
        f"{p}-faktor_penghambat": "",
        f"{p}-tindak_lanjut": "",
        f"{p}-versi": 0,
    }
    live = client.post(reverse("monitoring:anggaran_preview", args=[sub.pk, 1]), data, **HX).content.decode()
    assert "25,00%" in live and "Rp 43.875.000" in live
    saved = client.post(reverse("monitoring:anggaran_save", args=[sub.pk, 1]), data, **HX)
    assert saved.status_code == 200 and "Tersimpan." in saved.content.decode()
    row = RealisasiSubKegiatan.objects.get(sub_kegiatan=sub, triwulan=1)
    assert (row.anggaran, row.faktor_pendorong) == (Decimal("43875000"), "Dukungan kampung")
    over = client.post(
        reverse("monitoring:anggaran_save", args=[sub.pk, 2]), {**data, f"{p}-anggaran": "200.000.000"}, **HX
    )
    assert over.status_code == 422 and "melebihi pagu" in over.content.decode()


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notulen.exe", b"MZ...", "Jenis berkas tidak diterima"),
        ("foto.pdf", b"\x89PNG\r\n\x1a\nxxxx", "Isi berkas tidak sesuai dengan jenisnya (PDF)"),
        ("laporan.docx", b"PK\x03\x04 not a zip", "Isi berkas tidak sesuai dengan jenisnya (DOCX)"),
    ],
)
def test_evidence_of_the_wrong_type_is_refused(client, cast, renja, name, content, message):
    sub = SubKegiatan.objects.get(renja=renja, nomenklatur__kode="5.05.02.2.03.0001")
    client.force_login(cast.operator_a)
    response = client.post(
        reverse("monitoring:bukti_upload", args=[sub.pk, 1]),
        {"berkas": SimpleUploadedFile(name, content)},
        **HX,
    )
    assert response.status_code == 422 and message in response.content.decode()
    assert not BuktiDukung.objects.exists()


@override_settings(BUKTI_MAX_BYTES=1024)
def test_evidence_too_large_is_refused(client, cast, renja):
    sub = SubKegiatan.objects.get(renja=renja, nomenklatur__kode="5.05.02.2.03.0001")
    client.force_login(cast.operator_a)
    response = client.post(
        reverse("monitoring:bukti_upload", args=[sub.pk, 1]),
        {"berkas": SimpleUploadedFile("besar.pdf", PDF + b"0" * 2048)},
        **HX,
    )
    assert (
        response.status_code == 422
        and "Berkas terlalu besar: maksimal 1,0\xa0KB" in response.content.decode()
    )


def test_evidence_is_served_only_to_who_may_see_the_row(client, cast, renja, tmp_path):
    sub = SubKegiatan.objects.get(renja=renja, nomenklatur__kode="5.05.02.2.03.0001")
    client.force_login(cast.operator_a)
    for name, content in (("notulen.pdf", PDF), ("rekap.docx", _docx())):
        response = client.post(
            reverse("monitoring:bukti_upload", args=[sub.pk, 1]),
            {"berkas": SimpleUploadedFile(name, content)},
            **HX,
        )
        assert response.status_code == 200 and f"{name} diunggah." in response.content.decode()
    bukti = BuktiDukung.objects.get(nama_asli="notulen.pdf")
    assert str(tmp_path) in bukti.berkas.path  # under MEDIA_ROOT, outside the code
    url = reverse("monitoring:bukti_download", args=[bukti.pk])
    download = client.get(url)
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf" and "attachment" in download["Content-Disposition"]
    for persona, status in (("pimpinan", 200), ("operator_b", 404), ("outsider", 404)):
        client.force_login(getattr(cast, persona))
        assert client.get(url).status_code == status, persona
    client.logout()
    assert client.get(url).status_code == 302


def test_workflow_buttons_move_the_report_and_lock_it(client, cast, renja, ind_a):
    entry_url = reverse("monitoring:entry", args=[renja.pk, 2])

    def step(persona: str, action: str, **data: str) -> str:
        client.force_login(getattr(cast, persona))
        url = reverse("monitoring:workflow", args=[renja.pk, cast.bidang_a.pk, 2, action])
        return client.post(url, data, follow=True).content.decode()

    empty = step("operator_a", "ajukan")  # nothing entered yet: refused, and the page says why
    assert "Laporan Triwulan II 2026 belum berisi apa pun: 0 dari 2 nilai realisasi indikator terisi" in empty
    assert Laporan.objects.get(renja=renja, unit_kerja=cast.bidang_a, triwulan=2).status == "draft"
    assert _save(client, ind_a, 2, "1").status_code == 200
    assert "Laporan Bidang Ekonomi dan Pembangunan Triwulan II 2026 diajukan untuk verifikasi." in step(
        "operator_a", "ajukan"
    )
    assert "hanya untuk laporan yang diverifikasi" in step("pimpinan", "setujui")  # skipped step
    client.force_login(cast.operator_a)
    assert (
        client.post(
            reverse("monitoring:workflow", args=[renja.pk, cast.bidang_a.pk, 2, "verifikasi"]),
        ).status_code
        == 403
    )
    assert "diverifikasi" in step("kepala_a", "verifikasi")
    assert "disetujui dan dikunci" in step("pimpinan", "setujui")
    client.force_login(cast.operator_a)
    page = client.get(f"{entry_url}").content.decode()
    assert "sudah disetujui; data terkunci" in page
    assert "Alasan wajib diisi" in step("pimpinan", "buka_kembali", alasan=" ")
    assert "dibuka kembali" in step("pimpinan", "buka_kembali", alasan="Koreksi BPKAD")
    assert Laporan.objects.get(renja=renja, unit_kerja=cast.bidang_a, triwulan=2).status == "draft"
    client.force_login(cast.outsider)
    assert (
        client.post(
            reverse("monitoring:workflow", args=[renja.pk, cast.bidang_a.pk, 2, "ajukan"])
        ).status_code
        == 404
    )


def test_entry_page_makes_the_same_queries_for_a_small_and_a_large_bidang(client, cast):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from selaras.planning.factories import bulk_fill_renja, make_renja

    counts = []
    for year, size in ((2030, 3), (2031, 120)):
        plan = make_renja(cast.balitbangda, year)
        bulk_fill_renja(plan, cast.bidang_a, size)
        client.force_login(cast.operator_a)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("monitoring:entry", args=[plan.pk, 1])).status_code == 200
        counts.append(len(ctx))
    assert counts[0] == counts[1], counts


def test_the_head_who_submitted_sees_no_verify_button_and_is_told_why(client, cast, renja):
    laporan = events.laporan_for(renja, cast.bidang_a.pk, 2)
    events.ajukan(noted(laporan), cast.kepala_a)
    client.force_login(cast.kepala_a)
    page = client.get(reverse("monitoring:entry", args=[renja.pk, 2])).content.decode()
    assert "Laporan ini Anda ajukan sendiri" in page
    assert reverse("monitoring:workflow", args=[renja.pk, cast.bidang_a.pk, 2, "verifikasi"]) not in page
    assert reverse("monitoring:workflow", args=[renja.pk, cast.bidang_a.pk, 2, "kembalikan"]) in page
    refused = client.post(reverse("monitoring:workflow", args=[renja.pk, cast.bidang_a.pk, 2, "verifikasi"]))
    assert refused.status_code == 403
    assert Laporan.objects.get(pk=laporan.pk).status == "diajukan"


def test_a_note_over_500_characters_is_refused_with_its_message(client, cast, renja, ind_a):
    client.force_login(cast.operator_a)
    response = _save(client, ind_a, 2, "1", catatan="x" * 501)
    assert response.status_code == 422
    assert "Catatan paling banyak 500 karakter (sekarang 501)." in response.content.decode()


def test_an_ambiguous_number_is_refused_not_read_as_another(client, cast, renja, ind_a):
    client.force_login(cast.operator_a)
    response = _save(client, ind_a, 2, "1.2.3")
    assert response.status_code == 422
    assert "bukan angka yang jelas" in response.content.decode()


def test_both_follow_ups_are_saved_from_the_entry_page_and_shown_in_the_e81(client, cast, renja):
    # given operator A on its quarter's entry page, which asks for both follow-ups of form E.81
    sub = SubKegiatan.objects.get(renja=renja, nomenklatur__kode="5.05.02.2.03.0001")
    client.force_login(cast.operator_a)
    page = client.get(reverse("monitoring:entry", args=[renja.pk, 1])).content.decode()
    p = f"s{sub.pk}"
    assert f'name="{p}-tindak_lanjut"' in page and f'name="{p}-tindak_lanjut_renja"' in page
    for label in ("Tindak lanjut dalam triwulan berikutnya", "Tindak lanjut dalam Renja berikutnya"):
        assert label in page
    # when it saves the budget with a follow-up for the next quarter and one for the next Renja
    data = {
        f"{p}-anggaran": "10.000.000",
        f"{p}-faktor_pendorong": "",
        f"{p}-faktor_penghambat": "",
        f"{p}-tindak_lanjut": "Percepat pengadaan",
        f"{p}-tindak_lanjut_renja": "Anggarkan survei lapangan sejak awal tahun",
        f"{p}-versi": 0,
    }
    saved = client.post(reverse("monitoring:anggaran_save", args=[sub.pk, 1]), data, **HX)
    # then both are stored, logged, and printed in the E.81 footer under the form's labels
    assert saved.status_code == 200
    row = RealisasiSubKegiatan.objects.get(sub_kegiatan=sub, triwulan=1)
    assert (row.tindak_lanjut, row.tindak_lanjut_renja) == (
        "Percepat pengadaan",
        "Anggarkan survei lapangan sejak awal tahun",
    )
    entry = LogEntry.objects.get_for_object(row).latest("timestamp")
    assert entry.changes_dict["tindak_lanjut_renja"][1] == "Anggarkan survei lapangan sejak awal tahun"
    client.force_login(cast.perencana)
    e81 = client.get(reverse("monitoring:evaluation", args=[renja.pk]), {"tw": 1}).content.decode()
    footer = e81[e81.index('class="e81-footer') :]
    assert "Tindak lanjut yang diperlukan dalam triwulan berikutnya" in footer
    assert "Tindak lanjut yang diperlukan dalam Renja Perangkat Daerah berikutnya" in footer
    assert "5.05.02.2.03.0001: Anggarkan survei lapangan sejak awal tahun" in footer
