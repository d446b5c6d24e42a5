"""An outcome that changes a business's legal status updates the business registry, in the
activity's transaction, with the change in the business's history."""

from __future__ import annotations

import uuid

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from selaras.accounts.models import Role, User
from selaras.organisations.models import Kampung
from selaras.technopark.factories import make_umkm
from selaras.technopark.models import UMKM, Aktivitas

pytestmark = pytest.mark.django_db

ADD = reverse("technopark:aktivitas_add")
NIB = "1234567890123"


@pytest.fixture
def pendamping(cast) -> User:
    return User.objects.create(
        username="pendamping_b",
        first_name="Pendamping B",
        role=Role.PENDAMPING,
        pemda=cast.pemda,
        perangkat_daerah=cast.balitbangda,
        unit_kerja=cast.bidang_b,
    )


@pytest.fixture
def business(cast) -> UMKM:
    kampung = Kampung.objects.filter(pemda=cast.pemda).order_by("kode").first()
    return make_umkm(cast.bidang_b, kampung, nama_usaha="Kopi Sekampung")


def _visit(business: UMKM, outcomes: list[str], **extra: str) -> dict[str, object]:
    return {
        "jenis": "pendampingan",
        "tanggal": "2026-05-12",
        "kecamatan": business.kecamatan_id,
        "kampung": business.kampung_id,
        "topik": "Pendampingan legalitas usaha",
        "peserta": [business.pk],
        "kunci_kirim": uuid.uuid4().hex,
        **{f"u{business.pk}-{name}": "on" for name in outcomes},
        **{f"u{business.pk}-{key}": value for key, value in extra.items()},
    }


def test_nib_obtained_updates_the_business_with_history(client, pendamping, business):
    client.force_login(pendamping)
    response = client.post(ADD, _visit(business, ["nib_diperoleh", "halal_diperoleh"], nib=NIB))
    assert response.status_code == 302
    business.refresh_from_db()
    assert (business.nib, business.punya_nib, business.halal) == (NIB, True, True)
    entry = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(UMKM), object_pk=str(business.pk), action=1
    ).get()
    assert entry.actor == pendamping and {"nib", "punya_nib", "halal"} <= set(entry.changes_dict)
    detail = client.get(reverse("technopark:umkm_detail", args=[business.pk])).content.decode()
    assert "tanpa NIB" not in detail and NIB in detail


@pytest.mark.parametrize(
    "nib, message",
    [
        ("", "NIB diperoleh: isi NIB usaha ini (13 digit angka)."),
        ("12345", "NIB harus 13 digit angka; yang diisi 5 karakter"),
        ("12345678901ab", "NIB harus 13 digit angka"),
    ],
)
def test_a_missing_or_bad_nib_is_refused_and_nothing_is_saved(client, pendamping, business, nib, message):
    client.force_login(pendamping)
    response = client.post(ADD, _visit(business, ["nib_diperoleh"], nib=nib))
    assert response.status_code == 422
    assert message in response.content.decode()
    business.refresh_from_db()
    assert (business.nib, business.punya_nib, Aktivitas.objects.count()) == ("", False, 0)


def test_a_nib_of_another_business_or_without_the_outcome_is_refused(client, cast, pendamping, business):
    make_umkm(cast.bidang_b, nama_usaha="Usaha Lain", nib=NIB, punya_nib=True)
    client.force_login(pendamping)
    taken = client.post(ADD, _visit(business, ["nib_diperoleh"], nib=NIB))
    assert (
        taken.status_code == 422 and f"NIB {NIB} sudah terdaftar untuk UMKM lain." in taken.content.decode()
    )
    unchecked = client.post(ADD, _visit(business, [], nib="9876543210123"))
    assert unchecked.status_code == 422 and "Centang “NIB diperoleh”" in unchecked.content.decode()


def test_a_business_with_a_nib_needs_no_number_again(client, pendamping, business):
    business.nib, business.punya_nib = NIB, False
    business.save()
    client.force_login(pendamping)
    assert client.post(ADD, _visit(business, ["nib_diperoleh"])).status_code == 302
    business.refresh_from_db()
    assert (business.nib, business.punya_nib) == (NIB, True)
