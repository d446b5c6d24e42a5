"""Every main page, as each main role sees it with the demo data loaded, has no serious or
critical accessibility violation that axe-core finds (contrast, names, labels, keyboard
access to scrolling regions and the map)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from selaras.demo.lampung_tengah import DEMO_PASSWORD
from selaras.planning.models import Renja, Renstra
from selaras.technopark.models import UMKM, Aktivitas
from tests.browser.axe import format_violations, serious_violations
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _pages(renja: Renja, renstra: Renstra, umkm: UMKM, aktivitas: Aktivitas) -> dict[str, list[str]]:
    """The pages each role is taken to, by username of the demo."""
    tree = reverse("planning:renja_detail", args=[renja.pk])
    entry = reverse("monitoring:entry", args=[renja.pk, 2])
    evaluation = reverse("monitoring:evaluation", args=[renja.pk]) + "?tw=2"
    dashboard = reverse("monitoring:dashboard", args=[renja.pk])
    warning = reverse("monitoring:warning", args=[renja.pk])
    completeness = reverse("monitoring:completeness", args=[renja.pk])
    technopark = [
        reverse("technopark:umkm_list"),
        reverse("technopark:umkm_detail", args=[umkm.pk]),
        reverse("technopark:umkm_add"),
        reverse("technopark:aktivitas_list"),
        reverse("technopark:aktivitas_detail", args=[aktivitas.pk]),
        reverse("technopark:aktivitas_add"),
        reverse("technopark:potensi"),
        reverse("technopark:dampak"),
    ]
    return {
        "perencana": [
            "/",
            reverse("planning:renja_list"),
            tree,
            entry,
            evaluation,
            dashboard,
            warning,
            completeness,
            reverse("planning:renstra_list"),
            reverse("planning:renstra_detail", args=[renstra.pk]),
            reverse("monitoring:e80", args=[renstra.pk]),
        ],
        "operator.ekbang": ["/", tree, entry],
        "kabid.ekbang": [entry, completeness],
        "pimpinan": ["/", dashboard, warning, evaluation, reverse("technopark:potensi")],
        "pendamping": ["/", *technopark, reverse("technopark:umkm_import")],
        "admin": [
            "/",
            tree,
            reverse("reference:nomenklatur_list"),
            reverse("reference:isu_list"),
            reverse("monitoring:deadlines"),
            reverse("technopark:potensi"),
        ],
    }


def test_main_pages_have_no_serious_accessibility_violation(live_server, live_data, page):  # noqa: ANN001
    call_command("load_demo", stdout=io.StringIO())
    renja = Renja.objects.get(tahun=2026, perangkat_daerah__singkatan="BALITBANGDA")
    renstra = Renstra.objects.filter(perangkat_daerah=renja.perangkat_daerah).first()
    umkm = UMKM.objects.order_by("pk").first()
    aktivitas = Aktivitas.objects.order_by("pk").first()
    assert renstra is not None and umkm is not None and aktivitas is not None

    failures: list[str] = []
    pages_by_rule: dict[str, list[str]] = {}

    def check(label: str, tab=page) -> None:  # noqa: ANN001
        tab.wait_for_load_state("load")
        if tab.locator("[data-ready]").count():
            tab.wait_for_selector("[data-ready='1']")
        found = serious_violations(tab)
        for violation in found:
            pages_by_rule.setdefault(f"{violation['id']} ({violation['impact']})", []).append(label)
        if found:
            failures.append(format_violations(found, label))

    page.goto(live_server.url + reverse("login"))
    check("anonymous " + reverse("login"))

    for username, paths in _pages(renja, renstra, umkm, aktivitas).items():
        page.context.clear_cookies()
        log_in(page, live_server.url, username, DEMO_PASSWORD)
        for path in paths:
            page.goto(live_server.url + path)
            check(f"{username} {path}")

    # States that only appear on interaction: the live capaian with its predicate badge and
    # a refused figure on the entry page, the inline forms on shaded rows of the Renja and
    # Renstra trees with their error messages, and a refused UMKM form.
    page.context.clear_cookies()
    log_in(page, live_server.url, "operator.ekbang", DEMO_PASSWORD)
    page.goto(live_server.url + reverse("monitoring:entry", args=[renja.pk, 3]))
    value = page.get_by_role("textbox", name="Realisasi").first
    row = value.locator("xpath=ancestor::tr[1]")
    value.fill("1")
    row.locator("td[id^='live-'] .badge").wait_for()
    check("operator.ekbang entry TW III, live capaian")
    row_id = row.get_attribute("id")
    value.fill("abc")
    value.press("Tab")
    message = ".invalid-feedback:not(:empty), [role=status]:not(:empty)"
    page.locator(f"#{row_id}").locator(message).first.wait_for()
    check("operator.ekbang entry TW III, refused figure")

    page.context.clear_cookies()
    log_in(page, live_server.url, "perencana", DEMO_PASSWORD)
    # The demo's Renja is final (its rows locked); the inline forms need it in perubahan.
    type(renja).objects.filter(pk=renja.pk).update(status="perubahan")
    page.goto(live_server.url + reverse("planning:renja_detail", args=[renja.pk]))
    page.get_by_role("button", name="+ Indikator").first.click()
    form = page.locator("form.indikator-form")
    form.wait_for()
    check("perencana Renja tree, inline indicator form")
    form.get_by_role("button", name="Simpan indikator").click()
    form.locator(".invalid-feedback, .text-danger, .alert").first.wait_for()
    check("perencana Renja tree, inline indicator form refused")
    page.goto(live_server.url + reverse("planning:renstra_detail", args=[renstra.pk]))
    page.get_by_role("button", name="Ubah tujuan").first.click()
    page.locator("tr.renstra-form-row").first.wait_for()
    check("perencana Renstra, inline tujuan form")

    page.context.clear_cookies()
    log_in(page, live_server.url, "pendamping", DEMO_PASSWORD)
    page.goto(live_server.url + reverse("technopark:umkm_add"))
    page.get_by_role("button", name="Simpan").click()
    page.locator(".invalid-feedback, .alert-danger").first.wait_for()
    check("pendamping UMKM form refused")

    # A phone: the collapsed navbar, and the wide tables that scroll sideways.
    phone = page.context.browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    on_phone = phone.new_page()
    log_in(on_phone, live_server.url, "perencana", DEMO_PASSWORD)
    for path in (
        "/",
        reverse("planning:renja_detail", args=[renja.pk]),
        reverse("monitoring:entry", args=[renja.pk, 3]),
        reverse("monitoring:evaluation", args=[renja.pk]) + "?tw=2",
        reverse("monitoring:warning", args=[renja.pk]),
        reverse("technopark:umkm_list"),
        reverse("technopark:potensi"),
        reverse("technopark:dampak"),
    ):
        on_phone.goto(live_server.url + path)
        check(f"perencana on a phone {path}", on_phone)
        if path == reverse("planning:renja_detail", args=[renja.pk]):
            # The tree stacks on a phone; should its box still scroll sideways, it is a named
            # region the keyboard reaches.
            box = on_phone.locator(".table-responsive", has=on_phone.locator("#renja-tree"))
            if box.evaluate("b => b.scrollWidth > b.clientWidth"):
                assert box.get_attribute("tabindex") == "0"
                assert box.get_attribute("role") == "region" and box.get_attribute("aria-label")
        if path == reverse("technopark:potensi"):
            # The map is a named region that takes keyboard focus (Leaflet pans with arrows).
            peta = on_phone.locator("#peta-potensi")
            assert peta.get_attribute("tabindex") == "0" and peta.get_attribute("aria-label")
    phone.close()

    summary = [f"{rule}: {len(pages)} page(s)" for rule, pages in sorted(pages_by_rule.items())]
    assert not failures, "\n".join(summary) + "\n\n" + "\n\n".join(failures)
