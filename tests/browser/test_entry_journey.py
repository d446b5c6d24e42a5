"""The entry page in a browser: submitting asks to confirm what is missing and refuses an
empty quarter; an autosave never takes the field the operator is typing in."""

from __future__ import annotations

import pytest
from django.urls import reverse

from selaras.accounts.personas import PASSWORD, build_cast
from selaras.monitoring.models import Laporan, Realisasi
from selaras.organisations.models import Pemda
from selaras.planning.factories import add_sub_kegiatan, make_renja
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def bidang_a(live_server, live_data):  # noqa: ANN001, ANN201
    cast = build_cast(Pemda.objects.get(kode="18.02"))
    renja = make_renja(cast.balitbangda, 2026)
    first = add_sub_kegiatan(renja, "5.05.02.2.03.0001", cast.bidang_a, "175500000", "180000000")
    add_sub_kegiatan(renja, "5.05.02.2.03.0002", cast.bidang_a, "140000000", "150000000")
    return cast, renja, first.indikator.get()


def test_submitting_lists_what_is_missing_and_refuses_an_empty_quarter(live_server, page, bidang_a):
    cast, renja, indikator = bidang_a
    log_in(page, live_server.url, "operator_a", PASSWORD)
    page.goto(live_server.url + reverse("monitoring:entry", args=[renja.pk, 2]))

    page.get_by_text("Ajukan untuk verifikasi").click()
    panel = page.locator("#ajukan")
    panel.get_by_text("0 dari 2 nilai realisasi indikator terisi").wait_for()
    assert "Laporan kosong tidak dapat diajukan" in panel.get_by_role("alert").inner_text()
    assert panel.get_by_role("button", name="Ya, ajukan").count() == 0

    value = page.get_by_label(f"Realisasi {indikator.uraian}")
    value.fill("1")
    value.press("Tab")
    page.locator(f"#real-{indikator.pk}").get_by_text("Tersimpan.").wait_for()
    page.reload()
    page.get_by_text("Ajukan untuk verifikasi").click()
    panel.get_by_text("1 dari 2 nilai realisasi indikator terisi").wait_for()
    text = panel.inner_text()
    assert "0 dari 2 realisasi anggaran sub kegiatan terisi" in text and "belum ada bukti dukung" in text
    assert "Belum lengkap." in text
    panel.get_by_role("button", name="Ya, ajukan").click()
    page.get_by_text("diajukan untuk verifikasi").wait_for()
    assert Laporan.objects.get(renja=renja, unit_kerja=cast.bidang_a, triwulan=2).status == "diajukan"


def test_the_note_keeps_focus_and_text_while_the_value_saves(live_server, page, bidang_a):
    cast, renja, indikator = bidang_a
    log_in(page, live_server.url, "operator_a", PASSWORD)
    page.goto(live_server.url + reverse("monitoring:entry", args=[renja.pk, 2]))

    value = page.get_by_label(f"Realisasi {indikator.uraian}")
    note = page.get_by_label(f"Catatan {indikator.uraian}")
    value.fill("2")
    value.press("Tab")  # leaving the value saves it; the note is next
    page.keyboard.type("Rapat koordinasi ")  # typed while the save is on its way
    page.locator(f"#real-{indikator.pk}").get_by_text("Tersimpan.").wait_for()
    page.locator(f"#live-{indikator.pk}").get_by_text("50,00%").wait_for()
    page.keyboard.type("selesai")
    assert note.input_value() == "Rapat koordinasi selesai"
    note_id = note.get_attribute("id")
    assert page.evaluate("document.activeElement.id") == note_id
    assert page.evaluate("document.activeElement.selectionStart") == len("Rapat koordinasi selesai")
    assert Realisasi.objects.get(indikator=indikator, triwulan=2).nilai == 2

    # Leaving the note saves it, with the version the first save returned. Wait for the
    # answer in the page, not by reading the table while the server writes it.
    with page.expect_response(lambda r: "/simpan/" in r.url) as answer:
        note.press("Tab")
    assert answer.value.status == 200
    saved = Realisasi.objects.get(indikator=indikator, triwulan=2)
    assert (saved.nilai, saved.catatan, saved.versi) == (2, "Rapat koordinasi selesai", 2)
    assert "diubah" not in page.locator(f"#real-{indikator.pk}").inner_text()  # no version conflict
