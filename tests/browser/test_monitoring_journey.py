"""A bidang reports quarter II with evidence, its head verifies, the agency head approves,
and the E.81 evaluation shows the new capaian and predikat."""

from __future__ import annotations

import pytest
from django.urls import reverse

from selaras.accounts.personas import PASSWORD, build_cast
from selaras.monitoring.models import BuktiDukung, Laporan, Realisasi
from selaras.organisations.models import Pemda
from selaras.planning.factories import add_sub_kegiatan, make_renja
from tests.browser.axe import assert_accessible
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_out(page) -> None:  # noqa: ANN001
    page.get_by_role("button", name="Keluar").click()
    page.wait_for_url("**/akun/masuk/")


def test_quarter_two_is_reported_verified_approved_and_evaluated(
    live_server, live_data, page, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    cast = build_cast(Pemda.objects.get(kode="18.02"))
    renja = make_renja(cast.balitbangda, 2026)
    sub = add_sub_kegiatan(renja, "5.05.02.2.03.0001", cast.bidang_a, "175500000", "180000000")
    indikator = sub.indikator.get()  # target 4, one per quarter
    entry_url = live_server.url + reverse("monitoring:entry", args=[renja.pk, 2])

    log_in(page, live_server.url, "operator_a", PASSWORD)
    page.goto(entry_url)
    value = page.get_by_label(f"Realisasi {indikator.uraian}")
    value.fill("2")
    live = page.locator(f"#live-{indikator.pk}")
    live.get_by_text("50,00%").wait_for()  # computed while typing, before saving
    assert "Sangat Rendah" in live.inner_text()
    assert_accessible(page, "entry page with the live capaian")
    assert not Realisasi.objects.exists()
    value.press("Tab")  # leaving the field saves it
    page.locator(f"#real-{indikator.pk}").get_by_text("Tersimpan.").wait_for()
    assert Realisasi.objects.get(indikator=indikator, triwulan=2).nilai == 2

    evidence = tmp_path / "notulen-tw2.pdf"
    evidence.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    page.set_input_files(f"#berkas-{sub.pk}", str(evidence))
    page.locator(f"#bukti-{sub.pk}").get_by_role("button", name="Unggah").click()
    page.locator(f"#bukti-{sub.pk}").get_by_role("link", name="notulen-tw2.pdf").wait_for()
    assert BuktiDukung.objects.filter(sub_kegiatan=sub, triwulan=2).count() == 1

    page.get_by_text("Ajukan untuk verifikasi").click()  # a confirm step lists what the report holds
    page.locator("#ajukan-isi").get_by_text("1 dari 1 nilai realisasi indikator terisi").wait_for()
    page.get_by_role("button", name="Ya, ajukan").click()
    page.get_by_text("diajukan untuk verifikasi").wait_for()
    assert page.locator("#status-laporan").inner_text() == "Diajukan"
    _log_out(page)

    log_in(page, live_server.url, "kepala_a", PASSWORD)
    page.goto(entry_url)
    page.get_by_role("button", name="Verifikasi").click()
    assert page.locator("#status-laporan").inner_text() == "Diverifikasi"
    _log_out(page)

    log_in(page, live_server.url, "pimpinan", PASSWORD)
    page.goto(f"{entry_url}?bidang={cast.bidang_a.pk}")
    page.get_by_role("button", name="Setujui").click()
    page.get_by_text("disetujui dan dikunci").wait_for()
    assert Laporan.objects.get(renja=renja, unit_kerja=cast.bidang_a, triwulan=2).status == "disetujui"

    page.goto(live_server.url + reverse("monitoring:evaluation", args=[renja.pk]) + "?tw=2")
    row = page.locator("tr", has_text=indikator.uraian).first
    row.wait_for()
    text = row.inner_text()
    assert "50,00" in text and "Sangat Rendah" in text
    assert_accessible(page, "E.81 evaluation")
