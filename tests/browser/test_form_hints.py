"""What the forms say while the user types: the running sum of an indicator's quarterly
targets, and the kampung that follows a business picked after its kecamatan."""

from __future__ import annotations

import pytest
from django.urls import reverse

from selaras.accounts.models import Role
from selaras.accounts.personas import PASSWORD, build_cast
from selaras.organisations.models import Pemda
from selaras.planning.factories import add_sub_kegiatan, make_renja
from selaras.technopark.factories import make_umkm
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_indicator_form_adds_up_the_quarters_as_the_planner_types(live_server, live_data, page):
    cast = build_cast(Pemda.objects.get(kode="18.02"))
    renja = make_renja(cast.balitbangda, 2026)
    sub = add_sub_kegiatan(renja, "5.05.02.2.04.0004", cast.bidang_b, "98250000", "100000000")
    log_in(page, live_server.url, "perencana", PASSWORD)
    page.goto(live_server.url + reverse("planning:renja_detail", args=[renja.pk]))
    page.locator(f"#sub-{sub.pk}").get_by_role("button", name="+ Indikator").click()
    form = page.locator("form.indikator-form")
    form.get_by_label("Agregasi").select_option("jumlah")
    form.get_by_label("Target", exact=True).fill("8")
    form.get_by_label("Target TW I", exact=True).fill("2")
    form.get_by_label("Target TW II", exact=True).fill("4")
    hint = form.locator("[data-tw-sum]")
    assert hint.inner_text() == "Jumlah TW: 6 dari target 8"
    form.get_by_label("Target TW III", exact=True).fill("1")
    form.get_by_label("Target TW IV", exact=True).fill("1")
    assert hint.inner_text() == "Jumlah TW: 8 dari target 8 (sesuai)"


def test_the_kampung_follows_a_business_picked_after_the_kecamatan(live_server, live_data, page):
    cast = build_cast(Pemda.objects.get(kode="18.02"))
    mentor = cast.operator_b
    mentor.role = Role.PENDAMPING
    mentor.save()
    business = make_umkm(cast.bidang_b, nama_usaha="Kopi Robusta Sekampung")
    log_in(page, live_server.url, mentor.username, PASSWORD)
    page.goto(live_server.url + reverse("technopark:aktivitas_add"))
    page.locator("#id_kecamatan").select_option(str(business.kecamatan_id))
    page.get_by_label("Cari UMKM").fill("Kopi Robusta")
    page.get_by_role("button", name="Pilih Kopi Robusta Sekampung").click()
    assert page.locator("#id_kampung").input_value() == str(business.kampung_id)
