"""A final Renja is the agreed plan: its rows (sub kegiatan, indicators, pagu) are not
changed on the pages or through the API until its status becomes perubahan, with a reason
that the history records. Realisation and "Salin ke Renja" stay open."""

from __future__ import annotations

from typing import Any

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from selaras.planning.models import RENJA_FINAL_MESSAGE, Indikator, Renja, SubKegiatan

pytestmark = pytest.mark.django_db

KODE = "5.05.02.2.04.0001"


@pytest.fixture
def final(renja: Renja) -> Renja:
    renja.status = Renja.Status.FINAL
    renja.save()
    return renja


def _sub(renja: Renja) -> SubKegiatan:
    return SubKegiatan.objects.get(renja=renja, nomenklatur__kode=KODE)


def _messages(response: Any) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_the_page_says_what_final_means_and_offers_no_row_edits(client, cast, final):
    client.force_login(cast.perencana)
    html = client.get(reverse("planning:renja_detail", args=[final.pk])).content.decode()
    assert RENJA_FINAL_MESSAGE in html
    assert reverse("planning:sub_kegiatan_add", args=[final.pk]) not in html
    assert reverse("planning:sub_kegiatan_edit", args=[_sub(final).pk]) not in html
    assert reverse("planning:renja_copy", args=[final.pk]) in html and 'name="alasan"' in html


def test_page_edits_of_a_final_renja_are_refused_with_the_message(client, cast, final):
    client.force_login(cast.perencana)
    sub = _sub(final)
    ind = Indikator.objects.filter(sub_kegiatan=sub).first()
    pagu = sub.pagu
    attempts = [
        ("get", reverse("planning:sub_kegiatan_add", args=[final.pk]), None),
        ("post", reverse("planning:sub_kegiatan_edit", args=[sub.pk]), {"pagu": "1"}),
        ("get", reverse("planning:indikator_edit", args=[ind.pk]), None),
        ("post", reverse("planning:indikator_edit", args=[ind.pk]), {"target": "99"}),
        ("post", reverse("planning:sub_kegiatan_delete", args=[sub.pk]), None),
        ("post", reverse("planning:indikator_delete", args=[ind.pk]), None),
    ]
    for method, url, data in attempts:
        response = getattr(client, method)(url, data or {}, follow=True)
        assert RENJA_FINAL_MESSAGE in _messages(response), url
    sub.refresh_from_db()
    assert sub.pagu == pagu and Indikator.objects.filter(pk=ind.pk).exists()
    add = reverse("planning:indikator_add", args=[final.pk]) + f"?owner=sub_kegiatan&owner_id={sub.pk}"
    htmx = client.get(add, headers={"HX-Request": "true"})
    assert htmx.status_code == 204 and htmx["HX-Redirect"] == reverse(
        "planning:renja_detail", args=[final.pk]
    )


def test_api_edits_of_a_final_renja_are_refused_with_the_message(client, cast, final):
    client.force_login(cast.perencana)
    sub = _sub(final)
    ind = Indikator.objects.filter(sub_kegiatan=sub).first()
    answers = [
        client.patch(
            reverse("sub-kegiatan-detail", args=[sub.pk]), {"pagu": "1.00"}, content_type="application/json"
        ),
        client.patch(
            reverse("indikator-detail", args=[ind.pk]), {"target": "9"}, content_type="application/json"
        ),
        client.post(
            reverse("indikator-list"),
            {"sub_kegiatan": sub.pk, "uraian": "Baru", "satuan": "Dokumen", "target": "1"},
            content_type="application/json",
        ),
        client.delete(reverse("indikator-detail", args=[ind.pk])),
        client.patch(
            reverse("renja-detail", args=[final.pk]), {"status": "rancangan"}, content_type="application/json"
        ),
    ]
    for answer in answers:
        assert answer.status_code == 409 and answer.json()["detail"] == RENJA_FINAL_MESSAGE
    sub.refresh_from_db()
    final.refresh_from_db()
    assert sub.pagu != 1 and Indikator.objects.filter(pk=ind.pk).exists() and final.status == "final"


def test_perubahan_needs_a_reason_which_the_history_shows(client, cast, final):
    client.force_login(cast.perencana)
    url = reverse("planning:renja_status", args=[final.pk])
    no_reason = client.post(url, {"status": "perubahan", "alasan": "  "}, follow=True)
    assert "Alasan perubahan wajib diisi" in " ".join(_messages(no_reason))
    back = client.post(url, {"status": "rancangan", "alasan": "salah ketik"}, follow=True)
    assert "hanya dapat diubah statusnya menjadi Perubahan" in " ".join(_messages(back))
    final.refresh_from_db()
    assert final.status == "final"

    client.post(url, {"status": "perubahan", "alasan": "Pergeseran anggaran APBD-P"})
    final.refresh_from_db()
    assert final.status == "perubahan"
    history = client.get(reverse("planning:renja_history", args=[final.pk])).content.decode()
    assert "Alasan: Pergeseran anggaran APBD-P" in history and "Perubahan" in history
    # open again: the rows change
    sub = _sub(final)
    edit = client.get(reverse("planning:sub_kegiatan_edit", args=[sub.pk]))
    assert edit.status_code == 200


def test_a_final_renja_is_still_copied_to_the_next_year(client, cast, final):
    client.force_login(cast.perencana)
    client.post(reverse("planning:renja_copy", args=[final.pk]))
    copy = Renja.objects.get(perangkat_daerah=final.perangkat_daerah, tahun=final.tahun + 1)
    assert copy.status == Renja.Status.RANCANGAN and copy.disalin_dari == final


def test_the_anggaran_kas_import_is_closed_on_a_final_renja(client, cast, final):
    client.force_login(cast.perencana)
    url = reverse("planning:renja_anggaran_kas_import", args=[final.pk])
    page = client.get(reverse("planning:renja_detail", args=[final.pk])).content.decode()
    assert url not in page
    refused = client.get(url, follow=True)
    assert "berstatus Final" in refused.content.decode()
    assert refused.redirect_chain[-1][0] == reverse("planning:renja_detail", args=[final.pk])


def test_the_api_reopens_a_final_renja_as_perubahan_with_a_reason(client, cast, final):
    client.force_login(cast.perencana)
    url = reverse("renja-detail", args=[final.pk])
    no_reason = client.patch(url, {"status": "perubahan"}, content_type="application/json")
    assert no_reason.status_code == 400 and "Alasan perubahan wajib diisi" in no_reason.json()["alasan"][0]
    mixed = client.patch(
        url, {"status": "perubahan", "alasan": "APBD-P", "tahun": 2030}, content_type="application/json"
    )
    assert mixed.status_code == 409  # only the status may change while the Renja is final
    final.refresh_from_db()
    assert final.status == "final"
    reason = {"status": "perubahan", "alasan": "APBD Perubahan 2026"}
    reopened = client.patch(url, reason, content_type="application/json")
    assert reopened.status_code == 200 and reopened.json()["status"] == "perubahan"
    entry = LogEntry.objects.get_for_object(final).latest("timestamp")
    assert entry.additional_data["alasan"] == "APBD Perubahan 2026"
