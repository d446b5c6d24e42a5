"""An UMKM owner's personal data (UU 27/2022): an administrator downloads what is held or
erases it, with who asked and why in the audit trail, and the statistics kept."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.test import Client
from django.urls import reverse

from selaras.accounts.models import Role, User
from selaras.accounts.personas import Cast
from selaras.organisations.models import Kampung
from selaras.technopark.factories import make_umkm, record_activity
from selaras.technopark.models import UMKM, Partisipasi
from selaras.technopark.personal_data import REDACTED

pytestmark = pytest.mark.django_db

NAME = "Siti Aminah Rahayu"
PHONE = "081234567890"
NEW_PHONE = "085711112222"
PAGE = "technopark:umkm_data_pribadi"


@pytest.fixture
def admin(cast: Cast) -> User:
    return User.objects.create(
        username="admin_balitbangda", role=Role.ADMIN, pemda=cast.pemda, perangkat_daerah=cast.balitbangda
    )


@pytest.fixture
def pendamping(cast: Cast) -> User:
    return User.objects.create(
        username="pendamping_b",
        role=Role.PENDAMPING,
        pemda=cast.pemda,
        perangkat_daerah=cast.balitbangda,
        unit_kerja=cast.bidang_b,
    )


@pytest.fixture
def owned(cast: Cast, pendamping: User) -> list[UMKM]:
    """Two businesses of one owner (same name and phone), one of another owner of the same
    name; the first has an activity and a phone change in its history."""
    places = list(Kampung.objects.filter(pemda=cast.pemda).order_by("kode")[:2])
    first = make_umkm(cast.bidang_b, places[0], nama_pemilik=NAME, telepon=NEW_PHONE)
    first.telepon = PHONE
    first.save()  # an UPDATE entry whose changes hold both phones
    second = make_umkm(
        cast.bidang_b, places[1], nama_usaha="Tenun Tapis", nama_pemilik=NAME.upper(), telepon=PHONE
    )
    other = make_umkm(
        cast.bidang_b, places[1], nama_usaha="Kopi Lain", nama_pemilik=NAME, telepon="089900001111"
    )
    record_activity(
        cast.bidang_b, "pendampingan", dt.date(2026, 1, 15), [first], pendamping, nib_diperoleh=True
    )
    return [first, second, other]


def _post(client: Client, umkm: UMKM, action: str, **values: Any) -> Any:
    data = {
        f"{action}-tindakan": action,
        f"{action}-pemohon": "pemilik",
        f"{action}-alasan": "Surat pemilik 2/2/2026",
    }
    data.update({f"{action}-{k}": v for k, v in values.items()})
    return client.post(reverse(PAGE, args=[umkm.pk]), data)


def _personal_text(entries: Any) -> str:
    return json.dumps([[e.changes, e.changes_text, e.object_repr, e.additional_data] for e in entries])


# who may --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("admin", 200),
        ("pendamping", 403),
        ("perencana", 403),
        ("pimpinan", 403),
        ("operator_b", 403),  # reads the business, may not handle its owner's data
        ("verifikator", 403),  # a reader of the whole Pemda
        ("operator_a", 404),  # does not see the business
        ("outsider", 404),  # another Perangkat Daerah
    ],
)
def test_only_the_administrator_handles_requests(client, cast, owned, request, who, status) -> None:
    user = request.getfixturevalue(who) if who in ("admin", "pendamping") else getattr(cast, who)
    client.force_login(user)
    first = owned[0]

    assert client.get(reverse(PAGE, args=[first.pk])).status_code == status
    assert _post(client, first, "hapus", konfirmasi="on").status_code in (
        status,
        302 if status == 200 else status,
    )
    detail = client.get(reverse("technopark:umkm_detail", args=[first.pk]))
    assert (reverse(PAGE, args=[first.pk]) in detail.content.decode()) is (status == 200)
    first.refresh_from_db()
    assert (first.nama_pemilik == REDACTED) is (status == 200)


def test_anonymous_is_sent_to_login(client, owned) -> None:
    response = client.get(reverse(PAGE, args=[owned[0].pk]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


# export ---------------------------------------------------------------------------------


def test_the_export_holds_the_owners_businesses_activities_and_history_and_is_logged(
    client, admin, owned
) -> None:
    client.force_login(admin)
    first, second, other = owned

    response = _post(client, first, "ekspor")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["pemilik"] == {"nama_pemilik": NAME, "telepon": PHONE}
    assert [u["nama_usaha"] for u in data["umkm"]] == [first.nama_usaha, second.nama_usaha]  # not `other`
    assert data["umkm"][0]["partisipasi"][0]["hasil"]["nib_diperoleh"] is True
    assert any(NEW_PHONE in json.dumps(h["perubahan"]) for h in data["umkm"][0]["riwayat"])
    assert data["diminta_oleh"] == "Pemilik usaha sendiri" and data["alasan"] == "Surat pemilik 2/2/2026"
    access = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).order_by("object_id")
    assert [e.object_id for e in access] == [first.pk, second.pk]
    assert all(e.actor_id == admin.pk for e in access)
    assert access[0].additional_data["data_pribadi"] == "ekspor"
    assert access[0].additional_data["alasan"] == "Surat pemilik 2/2/2026"


@pytest.mark.parametrize("action", ["ekspor", "hapus"])
def test_a_request_without_a_reason_is_refused(client, admin, owned, action) -> None:
    client.force_login(admin)
    response = _post(client, owned[0], action, alasan="   ", konfirmasi="on")
    assert response.status_code == 422
    assert "Alasan wajib diisi." in response.content.decode()
    assert not LogEntry.objects.filter(additional_data__isnull=False, action=LogEntry.Action.ACCESS).exists()
    owned[0].refresh_from_db()
    assert owned[0].nama_pemilik == NAME


def test_erasure_needs_its_confirmation(client, admin, owned) -> None:
    client.force_login(admin)
    response = _post(client, owned[0], "hapus")
    assert response.status_code == 422
    assert "Centang konfirmasi" in response.content.decode()
    owned[0].refresh_from_db()
    assert owned[0].nama_pemilik == NAME and owned[0].telepon == PHONE


# erasure --------------------------------------------------------------------------------


def test_erasure_removes_name_and_phone_everywhere_and_keeps_the_statistics(client, admin, owned) -> None:
    client.force_login(admin)
    first, second, other = owned
    participations = Partisipasi.objects.count()
    before = list(UMKM.objects.order_by("pk").values_list("pk", "modal_usaha", "omzet_tahunan", "kelas_id"))
    history = LogEntry.objects.filter(object_pk__in=[str(first.pk), str(second.pk)])
    assert PHONE in _personal_text(history) and NEW_PHONE in _personal_text(history)

    response = _post(client, first, "hapus", konfirmasi="on")

    assert response.status_code == 302
    for record in (first, second):
        record.refresh_from_db()
        assert (record.nama_pemilik, record.telepon) == (REDACTED, "")
    other.refresh_from_db()
    assert (other.nama_pemilik, other.telepon) == (NAME, "089900001111")  # another person
    assert Partisipasi.objects.count() == participations
    assert Partisipasi.objects.get().nib_diperoleh
    assert (
        list(UMKM.objects.order_by("pk").values_list("pk", "modal_usaha", "omzet_tahunan", "kelas_id"))
        == before
    )
    # the history keeps no name or phone, its own entry included
    entries = LogEntry.objects.filter(object_pk__in=[str(first.pk), str(second.pk)])
    text = _personal_text(entries)
    assert PHONE not in text and NEW_PHONE not in text and NAME not in text and NAME.upper() not in text
    erasure = entries.filter(additional_data__isnull=False, action=LogEntry.Action.UPDATE).get(
        object_id=first.pk
    )
    assert erasure.actor_id == admin.pk
    assert erasure.additional_data["data_pribadi"] == "hapus"
    assert erasure.additional_data["diminta_oleh"] == "Pemilik usaha sendiri"
    assert erasure.additional_data["alasan"] == "Surat pemilik 2/2/2026"
    # and the pages show the erasure, not the data
    html = client.get(reverse("technopark:umkm_history", args=[first.pk])).content.decode()
    assert PHONE not in html and NEW_PHONE not in html and NAME not in html and REDACTED in html


def test_the_history_tab_says_who_asked_and_why(client, admin, owned) -> None:
    client.force_login(admin)
    first = owned[0]
    _post(client, first, "ekspor")
    _post(client, first, "hapus", konfirmasi="on")
    page = client.get(reverse("technopark:umkm_history", args=[first.pk])).content.decode()
    assert "data pribadi diekspor" in page and "data pribadi dihapus" in page
    assert page.count("Atas permintaan Pemilik usaha sendiri; alasan: Surat pemilik 2/2/2026") == 2
