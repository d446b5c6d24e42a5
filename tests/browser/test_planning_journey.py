"""A planner logs in, opens the Renja 2026, adds an indicator inline and exports the XLSX."""

from __future__ import annotations

import openpyxl
import pytest

from selaras.accounts.personas import PASSWORD, build_cast
from selaras.organisations.models import Pemda
from selaras.planning.factories import add_sub_kegiatan, make_renja
from selaras.planning.models import Indikator
from tests.browser.axe import assert_accessible
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_planner_adds_an_indicator_inline_and_exports_the_renja(live_server, live_data, page, tmp_path):
    cast = build_cast(Pemda.objects.get(kode="18.02"))
    renja = make_renja(cast.balitbangda, 2026)
    sub = add_sub_kegiatan(renja, "5.05.02.2.04.0004", cast.bidang_b, "98250000", "100000000")

    log_in(page, live_server.url, "perencana", PASSWORD)
    page.get_by_role("link", name="Renja", exact=True).first.click()
    page.get_by_role("link", name="Buka").click()
    page.wait_for_selector("#renja-tree")
    assert "98.250.000" in page.inner_text("#renja-tree")

    page.locator(f"#sub-{sub.pk}").get_by_role("button", name="+ Indikator").click()
    form = page.locator("form.indikator-form")
    form.wait_for()
    assert_accessible(page, "Renja tree with the inline indicator form")
    form.get_by_label("Indikator", exact=True).fill("Jumlah peserta diseminasi hasil kelitbangan")
    form.get_by_label("Satuan").fill("Orang")
    form.get_by_label("Target", exact=True).fill("120")
    for quarter, value in (("I", "0"), ("II", "40"), ("III", "40"), ("IV", "30")):
        form.get_by_label(f"Target TW {quarter}", exact=True).fill(value)
    form.get_by_role("button", name="Simpan indikator").click()
    # 0 + 40 + 40 + 30 is not 120: the form says so and nothing is saved.
    page.get_by_text("Jumlah target triwulan (110) tidak sama dengan target tahunan (120)").wait_for()
    assert not Indikator.objects.filter(satuan="Orang").exists()
    assert_accessible(page, "Renja tree with a refused indicator form")
    page.locator("form.indikator-form").get_by_label("Target TW IV", exact=True).fill("40")
    page.locator("form.indikator-form").get_by_role("button", name="Simpan indikator").click()
    row = page.locator("tr.tree-indikator", has_text="Jumlah peserta diseminasi hasil kelitbangan")
    row.wait_for()
    assert "120" in row.inner_text()
    assert Indikator.objects.get(satuan="Orang").sub_kegiatan_id == sub.pk

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Unduh XLSX").click()
        page.get_by_text("Menyiapkan…").wait_for()  # the progress indicator while the file is built
    path = tmp_path / "renja.xlsx"
    download_info.value.save_as(path)
    cells = [c for row in openpyxl.load_workbook(path).active.iter_rows(values_only=True) for c in row]
    assert "Jumlah peserta diseminasi hasil kelitbangan" in cells
    assert "5.05.02.2.04.0004" in cells
    page.get_by_role("link", name="Unduh XLSX").wait_for()  # the button comes back when it is done
