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

    def check(label: str) -> None:
        page.wait_for_load_state("load")
        if page.locator("[data-ready]").count():
            page.wait_for_selector("[data-ready='1']")
        found = serious_violations(page)
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

    summary = [f"{rule}: {len(pages)} page(s)" for rule, pages in sorted(pages_by_rule.items())]
    assert not failures, "\n".join(summary) + "\n\n" + "\n\n".join(failures)
