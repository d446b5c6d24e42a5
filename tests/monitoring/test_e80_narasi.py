"""The E.80's narrative rows: written on the E.80 page by the Renstra's planners, read by
everyone who reads the form, audited, and printed in the page, the XLSX and the PDF
footer (a blank row stays a dotted line to fill by hand)."""

from __future__ import annotations

import io

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from selaras.monitoring.models import NarasiEvaluasiRenstra
from selaras.planning.models import Renstra
from tests.monitoring.test_evaluation_e80 import scenario  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db

NARASI = {
    "faktor_pendorong": "Dukungan kepala daerah & kemitraan dengan perguruan tinggi.",
    "faktor_penghambat": "Refocusing anggaran pada tahun 2025.",
    "tindak_lanjut_renja": "Menambah sub kegiatan diseminasi pada Renja 2027.",
    "tindak_lanjut_renstra": "Indikator inovasi dipertajam pada Renstra 2030–2034.",
}
DOTS = ".................................................."


def _save(client, renstra: Renstra, data: dict[str, str] = NARASI):
    return client.post(reverse("monitoring:e80_narasi", args=[renstra.pk]), data)


def test_the_planner_saves_the_narratives_and_the_audit_log_keeps_them(client, cast, scenario):  # noqa: F811
    client.force_login(cast.perencana)
    page = client.get(reverse("monitoring:e80", args=[scenario.pk])).content.decode()
    assert 'id="narasi-form"' in page and "Belum diisi" in page  # the files keep the dotted line
    response = _save(client, scenario)
    assert response.status_code == 302
    narasi = NarasiEvaluasiRenstra.objects.get(renstra=scenario)
    assert narasi.pemda_id == scenario.pemda_id
    assert narasi.faktor_penghambat == NARASI["faktor_penghambat"]
    page = client.get(response.url).content.decode()
    assert "Narasi evaluasi E.80 disimpan." in page
    assert "Dukungan kepala daerah &amp; kemitraan dengan perguruan tinggi." in page
    # a second save changes the same row, and both saves are in the Renstra's history
    _save(client, scenario, {**NARASI, "faktor_penghambat": "Mutasi pegawai."})
    assert NarasiEvaluasiRenstra.objects.filter(renstra=scenario).count() == 1
    entries = LogEntry.objects.get_for_model(NarasiEvaluasiRenstra).order_by("timestamp")
    assert [e.action for e in entries] == [LogEntry.Action.CREATE, LogEntry.Action.UPDATE]
    assert entries.last().actor == cast.perencana
    assert entries.last().changes_dict["faktor_penghambat"][1] == "Mutasi pegawai."
    history = client.get(reverse("planning:renstra_history", args=[scenario.pk])).content.decode()
    assert "Mutasi pegawai." in history


def test_a_too_long_narrative_is_refused_with_the_field_named(client, cast, scenario):  # noqa: F811
    client.force_login(cast.perencana)
    response = _save(client, scenario, {**NARASI, "faktor_pendorong": "x" * 4001})
    assert response.status_code == 422
    assert "4000" in response.content.decode().replace(".", "")
    assert not NarasiEvaluasiRenstra.objects.exists()


@pytest.mark.parametrize("persona", ["pimpinan", "operator_a", "verifikator"])
def test_readers_see_the_narratives_but_may_not_write_them(client, cast, scenario, persona):  # noqa: F811
    NarasiEvaluasiRenstra.objects.create(pemda=scenario.pemda, renstra=scenario, **NARASI)
    client.force_login(getattr(cast, persona))
    page = client.get(reverse("monitoring:e80", args=[scenario.pk])).content.decode()
    assert "Refocusing anggaran pada tahun 2025." in page
    assert 'id="narasi-form"' not in page
    assert _save(client, scenario, {**NARASI, "faktor_penghambat": "ubah"}).status_code == 403
    assert NarasiEvaluasiRenstra.objects.get().faktor_penghambat == NARASI["faktor_penghambat"]


def test_an_outsider_gets_404_and_a_visitor_the_login(client, cast, scenario):  # noqa: F811
    assert _save(client, scenario).status_code == 302
    client.force_login(cast.outsider)
    assert _save(client, scenario).status_code == 404
    assert not NarasiEvaluasiRenstra.objects.exists()


def test_the_xlsx_and_the_pdf_print_the_narratives(client, cast, scenario):  # noqa: F811
    NarasiEvaluasiRenstra.objects.create(
        pemda=scenario.pemda, renstra=scenario, **{**NARASI, "tindak_lanjut_renstra": ""}
    )
    client.force_login(cast.pimpinan)
    ws = load_workbook(
        io.BytesIO(client.get(reverse("monitoring:e80_xlsx", args=[scenario.pk])).content)
    ).active
    footer = {
        r[0]: r[4]
        for r in ws.iter_rows(values_only=True)
        if r[0] and str(r[0]).startswith(("Faktor", "Usulan"))
    }
    assert footer == {
        "Faktor pendorong keberhasilan pencapaian": NARASI["faktor_pendorong"],
        "Faktor penghambat pencapaian kinerja": NARASI["faktor_penghambat"],
        "Usulan tindak lanjut pada Renja Perangkat Daerah berikutnya": NARASI["tindak_lanjut_renja"],
        "Usulan tindak lanjut pada Renstra Perangkat Daerah berikutnya": DOTS,
    }
    response = client.get(reverse("monitoring:e80_pdf", args=[scenario.pk]))
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages).split())
    assert "Refocusing anggaran pada tahun 2025." in text
    assert "Menambah sub kegiatan diseminasi pada Renja 2027." in text
    assert "Dukungan kepala daerah & kemitraan" in text
