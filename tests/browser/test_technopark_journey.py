"""A mentor in the field records a pendampingan visit on a phone, and the plan's indicator
of UMKM mentored goes up by one for the quarter, without anyone typing the figure."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from selaras.accounts.models import Role
from selaras.accounts.personas import PASSWORD, build_cast
from selaras.lib.dates import quarter_of
from selaras.monitoring.figures import load_figures
from selaras.organisations.models import Pemda
from selaras.planning.factories import add_sub_kegiatan, make_renja
from selaras.technopark.factories import make_umkm
from selaras.technopark.models import Aktivitas
from tests.browser.axe import assert_accessible
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _mentored(renja, user, indikator, quarter: int) -> Decimal | None:  # noqa: ANN001
    figures = load_figures(renja, user, up_to=quarter)
    return next(f.quarters[quarter - 1] for f in figures.all_indikator() if f.indikator.pk == indikator.pk)


def test_mentor_records_a_visit_on_a_phone_and_the_indicator_counts_it(live_server, live_data, browser):
    cast = build_cast(Pemda.objects.get(kode="18.02"))
    mentor = cast.operator_b
    mentor.role = Role.PENDAMPING  # the Technopark's field mentor, in the unit of the business
    mentor.save()
    today = timezone.localdate()
    quarter = quarter_of(today)
    renja = make_renja(cast.balitbangda, today.year)
    sub = add_sub_kegiatan(renja, "5.05.02.2.04.0002", cast.bidang_b, "450000000", "475000000")
    indikator = sub.indikator.get()
    indikator.sumber_otomatis = "umkm_didampingi"
    indikator.save()
    business = make_umkm(cast.bidang_b, nama_usaha="Kopi Robusta Sekampung")
    assert _mentored(renja, cast.perencana, indikator, quarter) == 0

    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    log_in(page, live_server.url, mentor.username, PASSWORD)
    page.goto(live_server.url + reverse("technopark:aktivitas_add"))
    assert_accessible(page, "activity form on a phone")
    page.get_by_label("Jenis").select_option("pendampingan")
    page.get_by_label("Tanggal").fill(today.isoformat())
    page.get_by_label("Topik").fill("Pendampingan pengurusan NIB")
    page.get_by_label("Cari UMKM").fill("Kopi Robusta")
    page.get_by_role("button", name="Pilih Kopi Robusta Sekampung").click()
    page.locator(f'[data-peserta="{business.pk}"]').get_by_text("NIB diperoleh").click()
    page.locator(f'[data-peserta="{business.pk}"]').get_by_label("NIB yang diperoleh").fill("1234567890123")
    page.locator("#id_kecamatan").select_option(str(business.kecamatan_id))
    page.locator("#id_kampung").select_option(str(business.kampung_id))
    page.get_by_role("button", name="Simpan aktivitas").click()
    page.get_by_text("Aktivitas disimpan.").wait_for()
    assert_accessible(page, "saved activity on a phone")

    visit = Aktivitas.objects.get()
    assert (visit.jenis, visit.tanggal, list(visit.peserta.all())) == ("pendampingan", today, [business])
    assert visit.partisipasi.get().nib_diperoleh
    business.refresh_from_db()
    assert (business.nib, business.punya_nib) == ("1234567890123", True)  # the registry follows
    assert _mentored(renja, cast.perencana, indikator, quarter) == 1

    page.goto(live_server.url + reverse("monitoring:entry", args=[renja.pk, quarter]))
    row = page.locator(f"#real-{indikator.pk}")
    assert "Dihitung otomatis" in row.inner_text()
    assert row.locator("span.num.fw-semibold").inner_text().strip() == "1"
    context.close()
