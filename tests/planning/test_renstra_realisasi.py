"""The realisation of the Renstra's years before Selaras, entered on the Renstra page by
planners: saved and audited, refused to readers (403) and outsiders (404), and a bad
number refused with a message naming the field."""

from __future__ import annotations

from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from selaras.demo.lampung_tengah import build_renstra
from selaras.planning.models import RenstraIndikator, RenstraItem, RenstraPagu, RenstraTarget
from selaras.planning.renstra_realisasi import years_before_selaras

pytestmark = pytest.mark.django_db
INOVASI = "Jumlah inovasi daerah yang diterapkan"


@pytest.fixture
def renstra(cast, renja):
    """Renstra 2025-2029 of an agency whose first Renja in Selaras is 2026."""
    return build_renstra(cast.pemda, cast.balitbangda)


@pytest.fixture
def indikator(renstra):
    return RenstraIndikator.objects.get(renstra=renstra, uraian=INOVASI)


def _url(indikator):
    return reverse("planning:renstra_indikator_realisasi", args=[indikator.pk])


def test_only_the_years_before_the_first_renja_are_open(cast, renstra):
    assert years_before_selaras(renstra) == [2025]


def test_a_planner_saves_the_realisation_and_the_change_is_audited(client, cast, indikator):
    client.force_login(cast.perencana)
    form = client.get(_url(indikator)).content.decode()
    assert "Realisasi 2025" in form and "Realisasi 2026" not in form
    response = client.post(_url(indikator), {"realisasi_2025": "7,5", "realisasi_2026": "99"})
    assert response.status_code == 200
    assert "realisasi 7,5" in response.content.decode()  # the display row, with the value
    target = RenstraTarget.objects.get(indikator=indikator, tahun=2025)
    assert target.realisasi == Decimal("7.5")
    assert RenstraTarget.objects.get(indikator=indikator, tahun=2026).realisasi is None
    entry = LogEntry.objects.get_for_object(target).latest("timestamp")
    assert entry.actor == cast.perencana and entry.changes_dict["realisasi"] == ["None", "7.50"]


def test_a_planner_saves_the_budget_realisation_of_an_item(client, cast, renstra):
    item = RenstraItem.objects.get(renstra=renstra, nomenklatur__kode="5.05.02.2.04")
    client.force_login(cast.perencana)
    url = reverse("planning:renstra_item_realisasi", args=[item.pk])
    response = client.post(url, {"realisasi_2025": "650.000.000"})
    assert response.status_code == 200
    assert RenstraPagu.objects.get(item=item, tahun=2025).realisasi == Decimal(650_000_000)


@pytest.mark.parametrize(("persona", "status"), [("pimpinan", 403), ("operator_a", 403), ("outsider", 404)])
def test_readers_get_403_and_outsiders_404(client, cast, indikator, persona, status):
    client.force_login(getattr(cast, persona))
    assert client.get(_url(indikator)).status_code == status
    assert client.post(_url(indikator), {"realisasi_2025": "7"}).status_code == status
    assert RenstraTarget.objects.get(indikator=indikator, tahun=2025).realisasi is None


def test_a_visitor_is_sent_to_the_login(client, indikator):
    assert client.post(_url(indikator), {"realisasi_2025": "7"}).status_code == 302


def test_a_bad_number_is_refused_with_a_message_naming_the_field(client, cast, indikator):
    client.force_login(cast.perencana)
    response = client.post(_url(indikator), {"realisasi_2025": "tujuh"})
    assert response.status_code == 422
    assert "Realisasi 2025 harus berupa angka, bukan &#x27;tujuh&#x27;." in response.content.decode()
    negative = client.post(_url(indikator), {"realisasi_2025": "-1"})
    assert "Realisasi 2025 tidak boleh negatif." in negative.content.decode()
    assert RenstraTarget.objects.get(indikator=indikator, tahun=2025).realisasi is None


def test_the_renstra_page_offers_the_entry_to_planners_only(client, cast, indikator):
    url = reverse("planning:renstra_detail", args=[indikator.renstra_id])
    client.force_login(cast.perencana)
    assert _url(indikator) in client.get(url).content.decode()
    client.force_login(cast.pimpinan)
    assert _url(indikator) not in client.get(url).content.decode()
