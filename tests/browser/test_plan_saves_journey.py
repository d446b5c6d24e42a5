"""A save made by HTMX lands visibly: the planner adds a sub kegiatan from the Renja page and
sees its row, the form closed and a message (it used to change only the #fragment)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from selaras.accounts.personas import PASSWORD, build_cast
from selaras.organisations.models import Pemda
from selaras.planning.factories import add_sub_kegiatan, make_renja
from selaras.planning.models import SubKegiatan
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_adding_a_sub_kegiatan_shows_its_row_and_a_message(live_server, live_data, page):
    cast = build_cast(Pemda.objects.get(kode="18.02"))
    renja = make_renja(cast.balitbangda, 2026)
    add_sub_kegiatan(renja, "5.05.02.2.04.0004", cast.bidang_b, "98250000", "100000000")
    log_in(page, live_server.url, "perencana", PASSWORD)

    page.goto(live_server.url + reverse("planning:renja_detail", args=[renja.pk]))
    for kode in ("5.05.02.2.02.0003", "5.05.02.2.04.0002"):  # the second from the reloaded page
        page.get_by_role("link", name="+ Sub kegiatan").click()
        form = page.locator("form.sub-kegiatan-form")
        form.get_by_label("Kode sub kegiatan").fill(kode)
        form.get_by_label("Unit penanggung jawab").select_option(str(cast.bidang_b.pk))
        form.get_by_label("Pagu").fill("135.000.000")
        form.get_by_label("Prakiraan maju").fill("140.000.000")
        form.get_by_role("button", name="Simpan sub kegiatan").click()

        page.get_by_role("alert").filter(has_text=f"Sub kegiatan {kode} ditambahkan.").wait_for()
        sub = SubKegiatan.objects.get(renja=renja, nomenklatur__kode=kode)
        row = page.locator(f"#sub-{sub.pk}")
        row.wait_for()
        assert kode in row.inner_text()
        box = row.bounding_box()  # the page opened on the new row, not where it was scrolled
        assert box and 0 <= box["y"] < page.viewport_size["height"], box
        assert page.locator("form.sub-kegiatan-form").count() == 0  # the form closed
    assert SubKegiatan.objects.filter(renja=renja).count() == 3
