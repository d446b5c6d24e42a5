"""Technopark activities: recording in the field (one transaction, idempotent resubmission),
the refusals with their messages, uploads, the list's filters (the records behind the
plan's automatic realisation), persona permissions and the list's fixed query count."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from selaras.accounts.models import Role, User
from selaras.monitoring.sources import REGISTRY
from selaras.organisations.models import Kampung, UnitKerja
from selaras.planning.models import Indikator
from selaras.technopark.factories import make_umkm, record_activity
from selaras.technopark.models import UMKM, Aktivitas, FotoAktivitas, Partisipasi

pytestmark = pytest.mark.django_db

# The activity list's number of SQL queries, whatever the number of activities: session,
# user, the request's savepoint and its release, count, the page of rows with their
# counts, the page's mentors, the user's perangkat daerah (menu bar), the filter choices
# (kecamatan, mentors).
LIST_QUERIES = 10
FEW, MANY = 3, 200

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
GIF = b"GIF89a" + b"\x00" * 32
ADD = reverse("technopark:aktivitas_add")
LIST = reverse("technopark:aktivitas_list")


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def pendamping(cast) -> User:
    """A Technopark field mentor of Balitbangda's bidang B."""
    return User.objects.create(
        username="pendamping_b",
        first_name="Pendamping B",
        role=Role.PENDAMPING,
        pemda=cast.pemda,
        perangkat_daerah=cast.balitbangda,
        unit_kerja=cast.bidang_b,
    )


@pytest.fixture
def places(cast) -> tuple[Kampung, Kampung]:
    """Two kampung of two different kecamatan."""
    first = Kampung.objects.filter(pemda=cast.pemda).order_by("kode").first()
    other = (
        Kampung.objects.filter(pemda=cast.pemda).exclude(kecamatan=first.kecamatan).order_by("kode").first()
    )
    return first, other


@pytest.fixture
def umkm(cast, places) -> list[UMKM]:
    """Three businesses of bidang B (the mentor's unit), in the first kampung."""
    return [make_umkm(cast.bidang_b, places[0], nama_usaha=f"Usaha Uji {i}") for i in range(3)]


def _data(
    jenis: str,
    businesses: list[UMKM],
    place: Kampung,
    tanggal: dt.date | str = "2026-05-12",
    kecamatan_id: int | None = None,
    outcomes: dict[int, list[str]] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "jenis": jenis,
        "tanggal": str(tanggal),
        "kecamatan": kecamatan_id or place.kecamatan_id,
        "kampung": place.pk,
        "topik": "Pendampingan legalitas usaha",
        "materi": "Pendaftaran NIB melalui OSS",
        "peserta": [b.pk for b in businesses],
        "kunci_kirim": uuid.uuid4().hex,
        "catatan": "",
        **extra,
    }
    for business in businesses:
        for name in (outcomes or {}).get(business.pk, []):
            data[f"u{business.pk}-{name}"] = "on"
    return data


def _shown(response) -> set[int]:
    return {r["aktivitas"].pk for r in response.context["rows"]}


# Recording -------------------------------------------------------------------------------


def test_the_form_is_labelled_for_a_phone_in_the_field(client, pendamping):
    client.force_login(pendamping)
    html = client.get(ADD).content.decode()
    for label in ("Jenis", "Tanggal", "Kecamatan", "Kampung", "Topik", "Cari UMKM", "NIB diperoleh"):
        assert f">{label}" in html
    for label in ("Sertifikat halal diperoleh", "SPP-IRT diperoleh", "Merek didaftarkan", "Akses kredit"):
        assert label in html
    assert "Simpan aktivitas" in html and "technopark/aktivitas-form.js" in html
    assert 'name="kunci_kirim"' in html and "width=device-width" in html
    # the mentor is the default mentor of his own visit
    assert f'value="{pendamping.pk}" class="form-check-input" id="id_pendamping_0" checked' in html


def test_a_mentor_records_a_pendampingan_and_its_outcome(client, cast, pendamping, places, umkm):
    client.force_login(pendamping)
    business = umkm[0]
    data = _data(
        "pendampingan",
        [business],
        places[0],
        pendamping=[pendamping.pk],
        outcomes={business.pk: ["nib_diperoleh"]},
        **{f"u{business.pk}-catatan": "NIB terbit 12 Mei", f"u{business.pk}-nib": "1234567890123"},
    )
    response = client.post(ADD, data)
    aktivitas = Aktivitas.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("technopark:aktivitas_detail", args=[aktivitas.pk])
    assert (aktivitas.jenis, aktivitas.tanggal, aktivitas.kecamatan_id, aktivitas.kampung_id) == (
        "pendampingan",
        dt.date(2026, 5, 12),
        places[0].kecamatan_id,
        places[0].pk,
    )
    assert (aktivitas.pemda, aktivitas.perangkat_daerah, aktivitas.unit_kerja) == (
        cast.pemda,
        cast.balitbangda,
        cast.bidang_b,
    )
    assert aktivitas.dibuat_oleh == pendamping and aktivitas.kunci_kirim == data["kunci_kirim"]
    assert list(aktivitas.pendamping.all()) == [pendamping]
    row = Partisipasi.objects.get()
    assert (row.aktivitas, row.umkm, row.pemda, row.catatan) == (
        aktivitas,
        business,
        cast.pemda,
        "NIB terbit 12 Mei",
    )
    assert row.nib_diperoleh
    assert not any(
        getattr(row, f)
        for f in (
            "halal_diperoleh",
            "spp_irt_diperoleh",
            "merek_didaftarkan",
            "produk_baru",
            "pasar_baru",
            "akses_kredit",
        )
    )
    page = client.get(response["Location"]).content.decode()
    assert "Aktivitas disimpan." in page and "Usaha Uji 0" in page and "NIB diperoleh" in page


@pytest.mark.parametrize(
    "case, message",
    [
        ("two_businesses", "pilih tepat satu UMKM, bukan 2"),
        ("future", "Tanggal tidak boleh di masa depan"),
        ("kampung_elsewhere", "tidak berada di Kecamatan"),
        ("edukasi_alone", "Pilih sedikitnya satu UMKM peserta."),
        ("no_topic", "Topik wajib diisi."),
    ],
)
def test_bad_input_is_refused_with_its_message_and_nothing_is_saved(
    client, pendamping, places, umkm, case, message
):
    client.force_login(pendamping)
    data = {
        "two_businesses": _data("pendampingan", umkm[:2], places[0]),
        "future": _data("pendampingan", umkm[:1], places[0], timezone.localdate() + dt.timedelta(days=1)),
        "kampung_elsewhere": _data("pembinaan", umkm, places[1], kecamatan_id=places[0].kecamatan_id),
        "edukasi_alone": _data("edukasi", [], places[0]),
        "no_topic": _data("edukasi", umkm, places[0], topik=""),
    }[case]
    response = client.post(ADD, data)
    html = response.content.decode()
    assert response.status_code == 422
    assert message in html and "Aktivitas belum disimpan" in html
    assert not Aktivitas.objects.exists() and not Partisipasi.objects.exists()
    # what was typed comes back, with the businesses chosen
    assert data["kunci_kirim"] in html and all(
        f'data-peserta="{b.pk}"' in html for b in umkm if b.pk in data["peserta"]
    )


def test_a_business_the_user_may_not_see_cannot_be_chosen(client, cast, pendamping, places):
    client.force_login(pendamping)
    hidden = make_umkm(cast.bidang_a, places[0], nama_usaha="Usaha Bidang A")
    response = client.post(ADD, _data("pendampingan", [hidden], places[0]))
    assert response.status_code == 422 and "tidak ditemukan" in response.content.decode()
    assert not Aktivitas.objects.exists()


def test_the_same_submission_sent_twice_creates_one_activity(client, pendamping, places, umkm):
    client.force_login(pendamping)
    data = _data("pembinaan", umkm, places[0], outcomes={umkm[1].pk: ["produk_baru"]})
    first = client.post(ADD, data, HTTP_ACCEPT="application/json")
    again = client.post(ADD, data, HTTP_ACCEPT="application/json")
    aktivitas = Aktivitas.objects.get()
    url = reverse("technopark:aktivitas_detail", args=[aktivitas.pk])
    assert first.status_code == again.status_code == 200
    assert first.json() == again.json() == {"ok": True, "id": aktivitas.pk, "url": url}
    assert Partisipasi.objects.count() == 3
    plain = client.post(ADD, data)  # a normal POST with the key: the same answer, a redirect
    assert plain.status_code == 302 and plain["Location"] == url and Aktivitas.objects.count() == 1
    data["kunci_kirim"] = uuid.uuid4().hex  # a new draft is a new activity
    client.post(ADD, data)
    assert Aktivitas.objects.count() == 2


def test_a_mentor_edits_an_activity_in_one_go(client, pendamping, places, umkm):
    client.force_login(pendamping)
    client.post(ADD, data := _data("pembinaan", umkm, places[0]))
    aktivitas = Aktivitas.objects.get()
    edit = reverse("technopark:aktivitas_edit", args=[aktivitas.pk])
    assert client.get(edit).status_code == 200
    changed = _data(
        "pembinaan", umkm[:2], places[0], outcomes={umkm[0].pk: ["halal_diperoleh"]}, topik="Ubah"
    )
    assert client.post(edit, changed).status_code == 302
    aktivitas.refresh_from_db()
    assert aktivitas.topik == "Ubah" and aktivitas.kunci_kirim == data["kunci_kirim"]  # the key stays
    rows = {p.umkm_id: p for p in aktivitas.partisipasi.all()}
    assert set(rows) == {umkm[0].pk, umkm[1].pk} and rows[umkm[0].pk].halal_diperoleh


# Photos and materials -----------------------------------------------------------------


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("foto.gif", GIF, "hanya JPG, PNG atau PDF"),
        ("foto.jpg", PDF, "isi berkas tidak sesuai dengan jenisnya (JPG)"),
        ("materi.pdf", PNG, "isi berkas tidak sesuai dengan jenisnya (PDF)"),
    ],
)
def test_files_of_the_wrong_type_are_refused(client, pendamping, places, umkm, name, content, message):
    client.force_login(pendamping)
    data = _data("pendampingan", umkm[:1], places[0])
    data["berkas"] = [SimpleUploadedFile("ok.png", PNG), SimpleUploadedFile(name, content)]
    response = client.post(ADD, data)
    assert response.status_code == 422 and message in response.content.decode()
    assert not Aktivitas.objects.exists() and not FotoAktivitas.objects.exists()


def test_a_file_over_the_limit_is_refused(client, pendamping, places, umkm, settings):
    settings.BUKTI_MAX_BYTES = 100
    client.force_login(pendamping)
    data = _data(
        "pendampingan", umkm[:1], places[0], berkas=[SimpleUploadedFile("besar.png", PNG + b"x" * 100)]
    )
    response = client.post(ADD, data)
    assert response.status_code == 422 and "berkas terlalu besar" in response.content.decode()


def test_photos_are_stored_and_served_only_to_those_who_see_the_activity(
    client, cast, pendamping, places, umkm, tmp_path
):
    client.force_login(pendamping)
    data = _data("pendampingan", umkm[:1], places[0])
    data["berkas"] = [SimpleUploadedFile("kunjungan.png", PNG), SimpleUploadedFile("materi.pdf", PDF)]
    assert client.post(ADD, data).status_code == 302
    png, pdf = FotoAktivitas.objects.order_by("id")
    assert (png.jenis, png.ukuran, pdf.jenis) == ("image/png", len(PNG), "application/pdf")
    assert str(tmp_path) in png.berkas.path
    shown = client.get(reverse("technopark:aktivitas_foto", args=[png.pk]))
    assert shown.status_code == 200 and b"".join(shown.streaming_content) == PNG
    assert shown["Content-Type"] == "image/png" and shown["X-Content-Type-Options"] == "nosniff"
    download = client.get(reverse("technopark:aktivitas_foto", args=[pdf.pk]))
    assert download["Content-Disposition"].startswith("attachment")
    for reader, status in ((cast.pimpinan, 200), (cast.operator_a, 404), (cast.outsider, 404)):
        client.force_login(reader)
        assert client.get(reverse("technopark:aktivitas_foto", args=[png.pk])).status_code == status


# The list -----------------------------------------------------------------------------


@pytest.fixture
def recorded(cast, pendamping, places, umkm) -> dict[str, Aktivitas]:
    b = cast.bidang_b
    rows = {
        "edukasi_q2": record_activity(b, "edukasi", dt.date(2026, 5, 4), umkm),
        "edukasi_q1": record_activity(b, "edukasi", dt.date(2026, 2, 1), umkm[:1]),
        "pembinaan_q2": record_activity(b, "pembinaan", dt.date(2026, 5, 10), umkm[:2]),
        "nib_q3": record_activity(b, "pendampingan", dt.date(2026, 8, 1), umkm[2:], nib_diperoleh=True),
        "edukasi_2025": record_activity(b, "edukasi", dt.date(2025, 5, 5), umkm[:1]),
        "elsewhere": record_activity(b, "pembinaan", dt.date(2026, 6, 1), umkm[:1]),
    }
    Aktivitas.objects.filter(pk=rows["elsewhere"].pk).update(kecamatan=places[1].kecamatan, kampung=places[1])
    rows["nib_q3"].pendamping.add(pendamping)
    return rows


@pytest.mark.parametrize(
    "query, expected",
    [
        ("tw=2&tahun=2026&jenis=edukasi", {"edukasi_q2"}),
        ("tahun=2026&tw=2", {"edukasi_q2", "pembinaan_q2", "elsewhere"}),
        ("hasil=nib", {"nib_q3"}),
        ("tahun=2026&tw=3&hasil=nib", {"nib_q3"}),
        ("tahun=2026&tw=2&hasil=nib", set()),
        ("jenis=edukasi", {"edukasi_q2", "edukasi_q1", "edukasi_2025"}),
        ("tahun=2025", {"edukasi_2025"}),
        ("pendamping={mentor}", {"nib_q3"}),
        ("kecamatan={kecamatan}", {"elsewhere"}),
        (
            "tw=9&tahun=abc",
            {"edukasi_q2", "edukasi_q1", "pembinaan_q2", "nib_q3", "edukasi_2025", "elsewhere"},
        ),
    ],
)
def test_list_filters(client, pendamping, places, recorded, query, expected):
    client.force_login(pendamping)
    query = query.format(mentor=pendamping.pk, kecamatan=places[1].kecamatan_id)
    response = client.get(f"{LIST}?{query}")
    assert response.status_code == 200
    assert _shown(response) == {recorded[name].pk for name in expected}


def test_the_list_shows_the_records_behind_a_quarters_realisation(client, renja, pendamping, recorded):
    indikator = Indikator.objects.filter(renja=renja).first()
    url = REGISTRY["peserta_edukasi"].records_url(indikator, 2)
    assert url == f"{LIST}?tahun=2026&tw=2&jenis=edukasi"
    client.force_login(pendamping)
    response = client.get(url)
    html = response.content.decode()
    assert _shown(response) == {recorded["edukasi_q2"].pk}
    assert "Catatan di balik realisasi Triwulan II 2026" in html
    assert "3 UMKM" in html  # participants of the session
    nib = client.get(REGISTRY["umkm_nib"].records_url(indikator, 3))
    assert _shown(nib) == {recorded["nib_q3"].pk} and "NIB diperoleh: 1" in nib.content.decode()
    fragment = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "Catatan di balik realisasi Triwulan II 2026" in fragment and "<html" not in fragment


def _list_queries(client, count: int, cast, umkm, pendamping) -> int:
    Aktivitas.objects.all().delete()
    for i in range(count):
        a = record_activity(cast.bidang_b, "pembinaan", dt.date(2026, 1, 1) + dt.timedelta(days=i), umkm[:2])
        a.pendamping.add(pendamping)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"{LIST}?tahun=2026")
    assert response.status_code == 200 and len(response.context["rows"]) == min(count, 25)
    return len(queries)


def test_the_list_makes_a_fixed_number_of_queries(client, cast, umkm, pendamping):
    client.force_login(pendamping)
    few = _list_queries(client, FEW, cast, umkm, pendamping)
    many = _list_queries(client, MANY, cast, umkm, pendamping)
    assert few == many == LIST_QUERIES


# Who may do what ---------------------------------------------------------------------


@pytest.mark.parametrize("who", ["pendamping", "perencana"])
def test_mentors_and_planners_record_activities(client, cast, pendamping, places, umkm, who):
    user = pendamping if who == "pendamping" else cast.perencana
    client.force_login(user)
    extra = {} if user.unit_kerja_id else {"unit_kerja": cast.bidang_b.pk}
    response = client.post(ADD, _data("edukasi", umkm, places[0], **extra))
    assert response.status_code == 302
    aktivitas = Aktivitas.objects.get()
    assert aktivitas.unit_kerja == cast.bidang_b and aktivitas.dibuat_oleh == user
    edit = reverse("technopark:aktivitas_edit", args=[aktivitas.pk])
    assert client.post(edit, _data("edukasi", umkm[:1], places[0], topik="Diubah")).status_code == 302


def test_a_planner_picks_the_unit_of_the_activity(client, cast):
    upt = UnitKerja.objects.create(
        pemda=cast.pemda, perangkat_daerah=cast.balitbangda, jenis="upt", nama="UPT Technopark"
    )
    client.force_login(cast.perencana)
    html = client.get(ADD).content.decode()
    assert "Unit pembina" in html and f'<option value="{upt.pk}" selected>' in html


def test_readers_read_and_may_not_write(client, cast, pendamping, places, umkm):
    aktivitas = record_activity(cast.bidang_b, "pendampingan", dt.date(2026, 5, 1), umkm[:1])
    detail = reverse("technopark:aktivitas_detail", args=[aktivitas.pk])
    edit = reverse("technopark:aktivitas_edit", args=[aktivitas.pk])
    client.force_login(cast.pimpinan)
    assert client.get(LIST).status_code == 200 and client.get(detail).status_code == 200
    assert "Catat aktivitas" not in client.get(LIST).content.decode()
    assert client.get(ADD).status_code == 403
    assert client.post(ADD, _data("pendampingan", umkm[:1], places[0])).status_code == 403
    assert client.get(edit).status_code == 403 and client.post(edit, {}).status_code == 403
    client.force_login(cast.operator_a)  # another bidang of the same agency: its rows are hidden
    assert client.get(detail).status_code == 404
    assert not Aktivitas.objects.exclude(pk=aktivitas.pk).exists()


def test_an_outsider_gets_404_and_sees_nothing(client, cast, umkm):
    aktivitas = record_activity(cast.bidang_b, "pendampingan", dt.date(2026, 5, 1), umkm[:1])
    client.force_login(cast.outsider)
    assert client.get(reverse("technopark:aktivitas_detail", args=[aktivitas.pk])).status_code == 404
    assert client.get(reverse("technopark:aktivitas_edit", args=[aktivitas.pk])).status_code == 404
    assert client.post(reverse("technopark:aktivitas_edit", args=[aktivitas.pk]), {}).status_code == 404
    assert _shown(client.get(LIST)) == set()
    assert client.get(reverse("technopark:umkm_search"), {"q": "Usaha"}).context["rows"] == []


def test_anonymous_visitors_are_sent_to_the_login(client, cast, umkm):
    aktivitas = record_activity(cast.bidang_b, "pendampingan", dt.date(2026, 5, 1), umkm[:1])
    for url in (
        LIST,
        ADD,
        reverse("technopark:aktivitas_detail", args=[aktivitas.pk]),
        reverse("technopark:aktivitas_edit", args=[aktivitas.pk]),
        reverse("technopark:umkm_search"),
    ):
        response = client.get(url)
        assert response.status_code == 302 and reverse("login") in response["Location"]
    assert client.post(ADD, {}).status_code == 302 and not Aktivitas.objects.exclude(pk=aktivitas.pk).exists()


def test_the_search_finds_only_businesses_the_user_may_see(client, cast, pendamping, places, umkm):
    make_umkm(cast.bidang_a, places[0], nama_usaha="Usaha Uji Bidang A")
    client.force_login(pendamping)
    response = client.get(reverse("technopark:umkm_search"), {"q": "usaha uji"})
    assert [u.pk for u in response.context["rows"]] == [u.pk for u in umkm]
    assert f'data-pilih-umkm="{umkm[0].pk}"' in response.content.decode()
    assert (
        "Ketik sedikitnya 2 huruf"
        in client.get(reverse("technopark:umkm_search"), {"q": "u"}).content.decode()
    )


# The plan's realisation --------------------------------------------------------------


def test_a_pendampingan_of_a_new_business_raises_the_quarters_realisation_by_one(
    client, cast, renja, pendamping, places, umkm
):
    indikator = Indikator.objects.filter(renja=renja).first()
    indikator.sumber_otomatis = "umkm_didampingi"
    indikator.save()
    source = REGISTRY["umkm_didampingi"]
    record_activity(cast.bidang_b, "pendampingan", dt.date(2026, 4, 20), umkm[:1])
    before = source.compute(renja, [indikator]).get((indikator.pk, 2), Decimal(0))
    client.force_login(pendamping)
    data = _data(
        "pendampingan",
        [umkm[1]],
        places[0],
        tanggal="2026-05-12",
        outcomes={umkm[1].pk: ["nib_diperoleh"]},
        **{f"u{umkm[1].pk}-nib": "1234567890123"},
    )
    assert client.post(ADD, data).status_code == 302
    after = source.compute(renja, [indikator]).get((indikator.pk, 2), Decimal(0))
    assert (before, after) == (Decimal(1), Decimal(2))
    client.post(ADD, {**data, "kunci_kirim": uuid.uuid4().hex})  # the same business again: no change
    assert source.compute(renja, [indikator])[(indikator.pk, 2)] == Decimal(2)
