"""The Renja tree, the E.81, the Technopark pages and the entry page at a laptop's 1366 px and a
phone's 390 px: every action is on screen without scrolling sideways, and what a phone
shows is the part one reads (screenshots are kept in the test's tmp_path)."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from selaras.accounts.models import Role, User
from selaras.accounts.personas import PASSWORD, build_cast
from selaras.demo.lampung_tengah import DEMO_PASSWORD
from selaras.organisations.models import Pemda
from selaras.planning.factories import add_sub_kegiatan, make_renja
from selaras.planning.models import Renstra, RenstraPagu, RenstraTarget
from selaras.technopark.factories import make_umkm
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}

OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"
# Every visible action of the tree whose box leaves the screen on either side.
ACTIONS = "#renja-tree .tree-actions a, #renja-tree .tree-actions button"
ACTIONS_OFF_SCREEN = f"""() => [...document.querySelectorAll('{ACTIONS}')]
  .map(e => e.getBoundingClientRect())
  .filter(r => r.width > 0 && (r.left < 0 || r.right > window.innerWidth)).length"""
ACTION_COUNT = f"() => document.querySelectorAll('{ACTIONS}').length"


def _plan():  # noqa: ANN202
    cast = build_cast(Pemda.objects.get(kode="18.02"))
    renja = make_renja(cast.balitbangda, 2026)
    add_sub_kegiatan(renja, "5.05.02.2.03.0001", cast.bidang_a, "175500000", "180000000")
    add_sub_kegiatan(renja, "5.05.02.2.03.0002", cast.bidang_a, "140000000", "150000000")
    add_sub_kegiatan(renja, "5.05.02.2.04.0001", cast.bidang_b, "210000000", "220000000")
    return cast, renja


def _page(browser, base_url: str, viewport: dict, username: str):  # noqa: ANN001, ANN202
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    log_in(page, base_url, username, PASSWORD)
    return context, page


def test_the_renja_tree_and_the_e81_fit_a_laptop_and_a_phone(live_server, live_data, browser, tmp_path):
    _, renja = _plan()
    tree_url = live_server.url + reverse("planning:renja_detail", args=[renja.pk])
    e81_url = live_server.url + reverse("monitoring:evaluation", args=[renja.pk])

    # a laptop: the tree has no sideways scrollbar, and every action is in view
    context, page = _page(browser, live_server.url, LAPTOP, "perencana")
    page.goto(tree_url)
    page.wait_for_selector("#renja-tree")
    page.screenshot(path=tmp_path / "renja-1366.png", full_page=True)
    assert page.evaluate(ACTION_COUNT) >= 9  # Ubah, + Indikator, Riwayat of each sub kegiatan at least
    assert page.evaluate(ACTIONS_OFF_SCREEN) == 0
    assert page.evaluate("() => document.querySelector('#renja-tree').scrollWidth") <= 1366
    context.close()

    # a phone: labelled blocks, nothing wider than the screen, the inline editing still works
    context, page = _page(browser, live_server.url, PHONE, "perencana")
    page.goto(tree_url)
    page.wait_for_selector("#renja-tree")
    page.screenshot(path=tmp_path / "renja-390.png", full_page=True)
    assert page.evaluate(OVERFLOW) <= 1
    assert page.evaluate(ACTIONS_OFF_SCREEN) == 0
    assert page.evaluate("() => document.querySelector('#renja-tree').scrollWidth") <= PHONE["width"]
    sub_row = page.locator("tr.tree-sub").first
    pagu = sub_row.locator('td[data-label="Pagu"]')
    label = pagu.evaluate("td => getComputedStyle(td, '::before').content")
    assert label == '"Pagu: "'  # each figure carries its label
    sub_row.get_by_role("button", name="+ Indikator").click()
    form = page.locator("form.indikator-form")
    form.wait_for()
    box = form.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] + 1

    # the E.81 on a phone: no page-wide overflow, the indicator column in the first screen
    page.goto(e81_url)
    page.wait_for_selector("table.e81")
    page.screenshot(path=tmp_path / "e81-390.png", full_page=True)
    assert page.evaluate(OVERFLOW) <= 1
    assert not page.locator("table.e81 thead th.col-2").first.is_visible()  # Sasaran: in the files only
    indicator = page.locator("table.e81 tbody tr.e81-indikator td.col-4").first
    box = indicator.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    context.close()


def test_the_technopark_and_the_entry_page_on_a_phone(live_server, live_data, browser, tmp_path):
    cast, renja = _plan()
    for i in range(3):
        make_umkm(cast.bidang_b, nama_usaha=f"Usaha Uji {i}")
    context, page = _page(browser, live_server.url, PHONE, "perencana")

    # the sub-menu wraps: every item is on screen; the filters fold behind one button
    page.goto(live_server.url + reverse("technopark:umkm_list"))
    page.screenshot(path=tmp_path / "umkm-390.png")
    for link in page.get_by_role("navigation", name="Menu Technopark").get_by_role("link").all():
        box = link.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert page.get_by_label("Cari").is_visible()
    kecamatan = page.locator("#umkm-filter-more select").first
    assert not kecamatan.is_visible()
    page.get_by_role("button", name="Filter").click()
    kecamatan.wait_for(state="visible")
    assert page.evaluate(OVERFLOW) <= 1

    # the entry page shows the quarter's target in its labelled blocks
    page.goto(
        live_server.url + reverse("monitoring:entry", args=[renja.pk, 2]) + f"?bidang={cast.bidang_a.pk}"
    )
    page.screenshot(path=tmp_path / "entry-390.png")
    target = page.locator("td.entry-target-q").first
    assert target.is_visible() and target.inner_text().strip() == "1"
    assert page.evaluate(OVERFLOW) <= 1
    context.close()


def test_the_administrators_menu_fits_one_line_of_a_laptop(live_server, live_data, browser, tmp_path):
    cast, _ = _plan()
    admin = User(username="admin_uji", role=Role.ADMIN, pemda=cast.pemda, perangkat_daerah=cast.balitbangda)
    admin.set_password(PASSWORD)
    admin.save()
    context, page = _page(browser, live_server.url, LAPTOP, "admin_uji")
    page.goto(live_server.url + reverse("monitoring:index"))
    page.screenshot(path=tmp_path / "menu-1366.png")
    links = page.locator("#nav .nav-link").all()
    assert [link.inner_text() for link in links][3:6] == ["Monitoring", "Kelengkapan", "Batas waktu"]
    assert len({round(link.bounding_box()["y"]) for link in links}) == 1
    assert page.evaluate(OVERFLOW) <= 1
    page.get_by_role("link", name="Kelengkapan", exact=True).click()
    page.locator("#kelengkapan").wait_for()
    context.close()


def test_the_renstra_actions_fit_a_laptop(live_server, live_data, browser, tmp_path):
    call_command("load_demo", stdout=io.StringIO())  # the demo's Renstra, as people see it
    renstra = Renstra.objects.get()
    # the realisation of the year before Selaras, entered, widens the first year's column
    RenstraTarget.objects.filter(indikator__renstra=renstra, tahun=2025).update(realisasi=Decimal("47.5"))
    RenstraPagu.objects.filter(item__renstra=renstra, tahun=2025).update(realisasi=Decimal("2500000000"))
    context = browser.new_context(viewport=LAPTOP)
    page = context.new_page()
    log_in(page, live_server.url, "perencana", DEMO_PASSWORD)
    page.goto(live_server.url + reverse("planning:renstra_detail", args=[renstra.pk]))
    page.screenshot(path=tmp_path / "renstra-1366.png", full_page=True)
    actions = ".renstra-actions button, .renstra-item-actions button"
    # off the screen, or hidden beyond the right edge of the table's scrolling box
    off_screen = f"""() => [...document.querySelectorAll('{actions}')].filter(e => {{
      const r = e.getBoundingClientRect();
      const box = e.closest('.table-responsive').getBoundingClientRect();
      return r.width > 0 && (r.left < 0 || r.right > Math.min(window.innerWidth, box.right));
    }}).length"""
    assert page.evaluate(f"() => document.querySelectorAll('{actions}').length") >= 10
    assert page.evaluate(off_screen) == 0
    assert page.evaluate(OVERFLOW) <= 0
    context.close()
