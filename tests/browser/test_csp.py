"""The main pages work under the Content-Security-Policy: charts, map, inline editing,
the download spinner, the import busy indicator and the API docs, and Chromium reports no
violation on any of them."""

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

# Runs before any page script, through the DevTools protocol, so the CSP does not stop it.
RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(
    e.violatedDirective + " " + (e.blockedURI || "inline") + " " + e.sourceFile + ":" + e.lineNumber
  );
});
"""


def _has_chart(page, canvas_id: str) -> bool:  # noqa: ANN001
    return page.evaluate(f"() => !!Chart.getChart(document.getElementById('{canvas_id}'))")


def test_main_pages_work_without_any_csp_violation(live_server, live_data, page, tmp_path):  # noqa: ANN001
    cast = build_cast(Pemda.objects.get(kode="18.02"))
    renja = make_renja(cast.balitbangda, 2026)
    sub = add_sub_kegiatan(renja, "5.05.02.2.04.0004", cast.bidang_b, "98250000", "100000000")
    make_umkm(cast.bidang_b, nama_usaha="Kopi Robusta Sekampung")

    console: list[str] = []
    page.on("console", lambda m: console.append(m.text) if m.type in ("error", "warning") else None)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.add_init_script(RECORD_VIOLATIONS)
    violations: list[str] = []

    def visit(path: str) -> None:
        page.goto(live_server.url + path)
        page.wait_for_load_state("load")

    def collect() -> None:
        violations.extend(page.evaluate("() => window.__csp || []"))

    log_in(page, live_server.url, "perencana", PASSWORD)

    # Home: both charts drawn from the json_script blocks.
    visit("/")
    assert _has_chart(page, "chart-unit") and _has_chart(page, "chart-isu")
    collect()

    # The Renja tree: inline HTMX editing, a cancel button (data-remove-closest) and the
    # download spinner.
    visit(reverse("planning:renja_detail", args=[renja.pk]))
    page.locator(f"#sub-{sub.pk}").get_by_role("button", name="+ Indikator").click()
    form = page.locator("form.indikator-form")
    form.wait_for()
    form.get_by_role("button", name="Batal").click()
    form.wait_for(state="detached")
    with page.expect_download():
        page.get_by_role("link", name="Unduh XLSX").click()
        page.get_by_text("Menyiapkan…").wait_for()
    page.get_by_role("link", name="Unduh XLSX").wait_for()
    collect()

    # The dashboard: four charts, the bar charts sized by data-height.
    visit(reverse("monitoring:dashboard", args=[renja.pk]))
    for canvas in ("chart-program", "chart-bidang", "chart-kurva", "chart-predikat"):
        assert _has_chart(page, canvas), canvas
    height = page.evaluate("() => document.querySelector('.chart-box[data-height]').style.height")
    assert height.endswith("px")
    collect()

    # The potential map: Leaflet draws the shipped GeoJSON.
    visit(reverse("technopark:potensi"))
    page.wait_for_selector("#peta-potensi[data-ready='1']")
    assert page.locator("#peta-potensi path.leaflet-interactive").count() > 0
    collect()

    # The impact chart, and the UMKM list and form (kampung narrowed to the kecamatan).
    visit(reverse("technopark:dampak"))
    assert _has_chart(page, "chart-dampak")
    visit(reverse("technopark:umkm_list"))
    visit(reverse("technopark:umkm_add"))
    kecamatan = page.locator("#id_kecamatan")
    kecamatan.select_option(index=1)
    chosen = kecamatan.evaluate("(s) => s.options[s.selectedIndex].text")
    shown = page.evaluate(
        "() => [...document.querySelectorAll('#id_kampung optgroup')]"
        ".filter((g) => !g.hidden).map((g) => g.label)"
    )
    assert shown == [chosen]
    collect()

    # The import, by a field mentor: the button shows it is busy while the server reads
    # the file. The test keeps the form from leaving the page, to see the indicator.
    mentor = cast.operator_b
    mentor.role = Role.PENDAMPING
    mentor.save()
    page.context.clear_cookies()
    log_in(page, live_server.url, mentor.username, PASSWORD)
    visit(reverse("technopark:umkm_import"))
    page.evaluate("() => window.addEventListener('submit', (e) => e.preventDefault())")
    page.locator("input[type=file]").set_input_files(
        files=[{"name": "umkm.csv", "mimeType": "text/csv", "buffer": b"nama_usaha;pemilik\nToko;Budi\n"}]
    )
    page.get_by_role("button", name="Unggah & pratinjau").click()
    busy = page.locator("form[data-busy] button[type=submit]")
    busy.get_by_text("Membaca berkas…").wait_for()
    assert busy.is_disabled()
    collect()

    # The API docs: Swagger UI starts from its script file and shows the schema.
    visit(reverse("api-docs"))
    page.get_by_text("Selaras API").first.wait_for()
    collect()

    refused = [text for text in console if "Content Security Policy" in text or "Refused to" in text]
    assert violations == [] and refused == [], violations + refused
    assert errors == []
