from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from selaras.core.htmx import client_redirect
from selaras.planning.models import Indikator, Kegiatan, Program, Renja, SubKegiatan

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}


def _indikator_payload(**overrides: str) -> dict[str, str]:
    data = {
        "uraian": "Jumlah rekomendasi kebijakan",
        "satuan": "Rekomendasi",
        "polaritas": "naik",
        "agregasi": "jumlah",
        "kondisi_awal": "2",
        "tahun_kondisi_awal": "2025",
        "target": "4",
        "target_atas": "",
        "target_tw1": "1",
        "target_tw2": "1",
        "target_tw3": "1",
        "target_tw4": "1",
    }
    data.update(overrides)
    return data


def _sub(renja: Renja, kode: str) -> SubKegiatan:
    return SubKegiatan.objects.get(renja=renja, nomenklatur__kode=kode)


def test_planner_adds_an_indicator_inline_and_gets_the_display_row(client, cast, renja):
    sub = _sub(renja, "5.05.02.2.04.0001")
    client.force_login(cast.perencana)
    url = reverse("planning:indikator_add", args=[renja.pk])
    form = client.get(url, {"owner": "sub_kegiatan", "owner_id": sub.pk}, **HX)
    assert form.status_code == 200
    assert "<form" in form.content.decode() and "<html" not in form.content.decode()
    response = client.post(
        f"{url}?owner=sub_kegiatan&owner_id={sub.pk}",
        _indikator_payload(
            target="1.250", target_tw1="250", target_tw2="500", target_tw3="250", target_tw4="250"
        ),
        **HX,
    )
    assert response.status_code == 200
    assert "Jumlah rekomendasi kebijakan" in response.content.decode()
    created = Indikator.objects.get(uraian="Jumlah rekomendasi kebijakan")
    assert created.sub_kegiatan == sub and created.pemda == renja.pemda
    assert created.target == Decimal("1250")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"target": "empat"}, "Target harus berupa angka"),
        ({"target": "-4"}, "Target tidak boleh negatif"),
        ({"target_tw4": "3"}, "Jumlah target triwulan (6) tidak sama dengan target tahunan (4)"),
        (
            {
                "polaritas": "turun",
                "target": "10",
                "target_atas": "5",
                "target_tw1": "",
                "target_tw2": "",
                "target_tw3": "",
                "target_tw4": "",
            },
            "Batas atas target tidak boleh lebih kecil",
        ),
        ({"polaritas": "stabil", "target_atas": ""}, "Batas atas target wajib diisi untuk polaritas stabil"),
        (
            {"target": "4", "target_atas": "6", "target_tw4": "4"},
            "Jumlah target triwulan (7) harus berada dalam rentang target tahunan (4–6)",
        ),
        ({"uraian": ""}, "Uraian indikator wajib diisi"),
    ],
)
def test_bad_indicator_input_is_refused_with_a_message_and_nothing_changes(
    client, cast, renja, overrides, message
):
    ind = Indikator.objects.filter(renja=renja).first()
    before = (ind.target, ind.uraian, ind.polaritas, Indikator.objects.count())
    client.force_login(cast.perencana)
    response = client.post(
        reverse("planning:indikator_edit", args=[ind.pk]), _indikator_payload(**overrides), **HX
    )
    assert response.status_code == 422
    assert message in response.content.decode()
    ind.refresh_from_db()
    assert (ind.target, ind.uraian, ind.polaritas, Indikator.objects.count()) == before


@pytest.mark.parametrize("polaritas", ["naik", "turun", "stabil"])
def test_planner_edits_a_range_target_of_any_polarity(client, cast, renja, polaritas):
    ind = Indikator.objects.filter(renja=renja).first()
    client.force_login(cast.perencana)
    response = client.post(
        reverse("planning:indikator_edit", args=[ind.pk]),
        _indikator_payload(
            polaritas=polaritas,
            agregasi="akhir",
            target="1,5",
            target_atas="3,5",
            target_tw1="",
            target_tw2="",
            target_tw3="",
            target_tw4="",
        ),
        **HX,
    )
    assert response.status_code == 200
    assert "1,5–3,5" in response.content.decode()
    ind.refresh_from_db()
    assert (ind.polaritas, ind.target, ind.target_atas) == (polaritas, Decimal("1.5"), Decimal("3.5"))


def test_quarterly_targets_of_a_jumlah_range_add_up_to_a_figure_inside_it(client, cast, renja):
    # given a range 4-6 of a counted indicator, when the quarters add up to 5
    ind = Indikator.objects.filter(renja=renja).first()
    client.force_login(cast.perencana)
    response = client.post(
        reverse("planning:indikator_edit", args=[ind.pk]),
        _indikator_payload(target="4", target_atas="6", target_tw4="2"),
        **HX,
    )
    # then the plan is accepted
    assert response.status_code == 200
    ind.refresh_from_db()
    assert (ind.target, ind.target_atas, sum(ind.quarterly_targets)) == (4, 6, 5)


@pytest.mark.parametrize(
    ("persona", "status"), [("pimpinan", 403), ("operator_a", 403), ("verifikator", 403), ("outsider", 404)]
)
def test_only_planners_change_indicators(client, cast, renja, persona, status):
    ind = Indikator.objects.filter(renja=renja, sub_kegiatan__unit_kerja=cast.bidang_a).first()
    client.force_login(getattr(cast, persona))
    response = client.post(
        reverse("planning:indikator_edit", args=[ind.pk]), _indikator_payload(target="99"), **HX
    )
    assert response.status_code == status
    ind.refresh_from_db()
    assert ind.target == Decimal(4)
    add = client.post(
        reverse("planning:indikator_add", args=[renja.pk])
        + f"?owner=sub_kegiatan&owner_id={ind.sub_kegiatan_id}",
        _indikator_payload(),
        **HX,
    )
    assert add.status_code == status


def test_anonymous_cannot_edit(client, renja):
    ind = Indikator.objects.filter(renja=renja).first()
    response = client.post(reverse("planning:indikator_edit", args=[ind.pk]), _indikator_payload())
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def _sub_payload(cast, **overrides: str) -> dict:
    data = {
        "kode": "5.05.02.2.02.03",
        "unit_kerja": str(cast.bidang_b.pk),
        "seluruh_kabupaten": "on",
        "sumber_dana": "PAD",
        "pagu": "135.000.000",
        "prakiraan_maju": "140.000.000",
        "keterangan": "",
    }
    data.update(overrides)
    return data


def test_planner_adds_a_sub_kegiatan_by_its_old_code_and_the_tree_grows(client, cast, renja):
    client.force_login(cast.perencana)
    response = client.post(reverse("planning:sub_kegiatan_add", args=[renja.pk]), _sub_payload(cast))
    assert response.status_code == 302
    sub = _sub(renja, "5.05.02.2.02.0003")
    assert sub.pagu == Decimal("135000000") and sub.prakiraan_maju == Decimal("140000000")
    assert Kegiatan.objects.filter(renja=renja, nomenklatur__kode="5.05.02.2.02").exists()
    assert Program.objects.filter(renja=renja).count() == 1
    page = client.get(response["Location"]).content.decode()
    assert "Penelitian dan Pengembangan Pendidikan dan Kebudayaan" in page
    assert "660.500.000" in page  # 525.500.000 + 135.000.000 in the program total


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"kode": "5.05.02.2.03.0001"}, "Sub kegiatan 5.05.02.2.03.0001 sudah ada dalam Renja ini"),
        ({"kode": "5.05.02.2.09.0001"}, "Kode 5.05.02.2.09.0001 tidak ada dalam nomenklatur"),
        ({"kode": "5.05.02.2.04"}, "Kode 5.05.02.2.04 adalah kegiatan, bukan sub kegiatan"),
        ({"kode": "lima"}, "tidak sesuai format nomenklatur"),
        ({"pagu": "seratus juta"}, "Pagu harus berupa angka"),
        ({"prakiraan_maju": "-5"}, "Prakiraan maju tidak boleh negatif"),
        ({"seluruh_kabupaten": ""}, "Pilih minimal satu kecamatan"),
    ],
)
def test_bad_sub_kegiatan_input_is_refused_and_nothing_saved(client, cast, renja, overrides, message):
    counts = (SubKegiatan.objects.count(), Kegiatan.objects.count(), Program.objects.count())
    client.force_login(cast.perencana)
    response = client.post(
        reverse("planning:sub_kegiatan_add", args=[renja.pk]), _sub_payload(cast, **overrides)
    )
    assert response.status_code == 422
    assert message in response.content.decode()
    assert (SubKegiatan.objects.count(), Kegiatan.objects.count(), Program.objects.count()) == counts


def test_copy_to_next_year_uses_prakiraan_maju_as_pagu(client, cast, renja):
    client.force_login(cast.perencana)
    response = client.post(reverse("planning:renja_copy", args=[renja.pk]))
    copy = Renja.objects.get(perangkat_daerah=cast.balitbangda, tahun=2027)
    assert response["Location"] == reverse("planning:renja_detail", args=[copy.pk])
    assert copy.status == Renja.Status.RANCANGAN and copy.disalin_dari == renja
    assert _sub(copy, "5.05.02.2.03.0001").pagu == Decimal("180000000")
    assert copy.sub_kegiatan.count() == 3
    assert Indikator.objects.filter(renja=copy).count() == Indikator.objects.filter(renja=renja).count()
    assert not Indikator.objects.filter(renja=copy, sub_kegiatan__renja=renja).exists()
    again = client.post(reverse("planning:renja_copy", args=[renja.pk]), follow=True)
    assert "Renja 2027 untuk perangkat daerah ini sudah ada" in again.content.decode()
    assert Renja.objects.filter(tahun=2027).count() == 1


@pytest.mark.parametrize(("persona", "status"), [("pimpinan", 403), ("outsider", 404)])
def test_copy_is_for_planners_only(client, cast, renja, persona, status):
    client.force_login(getattr(cast, persona))
    assert client.post(reverse("planning:renja_copy", args=[renja.pk])).status_code == status
    assert not Renja.objects.filter(tahun=2027).exists()


def test_history_shows_who_changed_what_before_and_after(client, cast, renja):
    ind = Indikator.objects.filter(renja=renja, sub_kegiatan__unit_kerja=cast.bidang_b).first()
    client.force_login(cast.perencana)
    client.post(
        reverse("planning:indikator_edit", args=[ind.pk]),
        _indikator_payload(
            uraian=ind.uraian,
            satuan=ind.satuan,
            target="8",
            target_tw1="2",
            target_tw2="2",
            target_tw3="2",
            target_tw4="2",
        ),
        **HX,
    )
    for url in (
        reverse("planning:renja_history", args=[renja.pk]),
        reverse("planning:sub_kegiatan_history", args=[ind.sub_kegiatan_id]),
        reverse("planning:indikator_history", args=[ind.pk]),
    ):
        html = client.get(url).content.decode()
        assert "Perencana" in html
        assert (
            '<strong>target</strong>: <del class="text-danger">4</del> → <span class="text-success">8</span>'
            in html
        ), url
    client.force_login(cast.outsider)
    assert client.get(reverse("planning:renja_history", args=[renja.pk])).status_code == 404
    client.force_login(cast.operator_a)  # bidang A does not see bidang B's changes
    html = client.get(reverse("planning:renja_history", args=[renja.pk])).content.decode()
    assert '<span class="text-success">8</span>' not in html


def test_planner_edits_a_sub_kegiatan_inline_and_gets_the_row_back(client, cast, renja):
    sub = _sub(renja, "5.05.02.2.03.0001")
    client.force_login(cast.perencana)
    url = reverse("planning:sub_kegiatan_edit", args=[sub.pk])
    form = client.get(url, **HX).content.decode()
    assert form.startswith('<tr class="table-warning"') and 'value="5.05.02.2.03.0001"' in form
    isu = cast.pemda and sub.isu_strategis.model.objects.create(pemda=cast.pemda, nama="UMKM")
    response = client.post(
        url,
        _sub_payload(cast, kode="5.05.02.2.03.0001", pagu="200.000.000,50", isu_strategis=str(isu.pk)),
        **HX,
    )
    assert response.status_code == 200
    row = response.content.decode()
    assert row.startswith('<tr class="tree-sub"') and "200.000.000,50" in row and "UMKM" in row
    sub.refresh_from_db()
    assert sub.pagu == Decimal("200000000.50") and sub.unit_kerja == cast.bidang_b
    cancel = client.get(reverse("planning:sub_kegiatan_row", args=[sub.pk]), **HX).content.decode()
    assert cancel.startswith('<tr class="tree-sub"')


def test_inline_add_reloads_the_tree_at_the_new_row(client, cast, renja):
    client.force_login(cast.perencana)
    card = client.get(reverse("planning:sub_kegiatan_add", args=[renja.pk]), **HX).content.decode()
    assert "Tambah sub kegiatan ke Renja 2026" in card and "<html" not in card
    response = client.post(reverse("planning:sub_kegiatan_add", args=[renja.pk]), _sub_payload(cast), **HX)
    sub = _sub(renja, "5.05.02.2.02.0003")
    assert response.status_code == 204
    assert response["HX-Redirect"] == (
        reverse("planning:renja_detail", args=[renja.pk]) + f"?disimpan={sub.pk}#sub-{sub.pk}"
    )
    bad = client.post(reverse("planning:sub_kegiatan_add", args=[renja.pk]), _sub_payload(cast), **HX)
    assert bad.status_code == 422 and "sudah ada dalam Renja ini" in bad.content.decode()


def test_an_htmx_save_from_the_same_page_reloads_it_not_only_its_fragment(client, cast, renja, rf):
    """htmx moves to HX-Redirect by location.href: from the Renja page to the same page with
    a #fragment the browser would only scroll, leaving the form filled and the row unseen.
    A new sub kegiatan goes to the page with a query of its own (a fresh load that lands on
    the row); any other redirect to the same page is reloaded (HX-Refresh)."""
    client.force_login(cast.perencana)
    page = "http://testserver" + reverse("planning:renja_detail", args=[renja.pk])
    headers = {**HX, "HTTP_HX_CURRENT_URL": page + "#sub-1"}
    add = reverse("planning:sub_kegiatan_add", args=[renja.pk])
    response = client.post(add, _sub_payload(cast), **headers)
    sub = _sub(renja, "5.05.02.2.02.0003")
    assert response.status_code == 204
    assert response["HX-Redirect"].endswith(f"?disimpan={sub.pk}#sub-{sub.pk}")
    assert "HX-Refresh" not in response
    same = rf.post("/", HTTP_HX_CURRENT_URL=page + "#sub-1")
    assert client_redirect(same, page + "#sub-9")["HX-Refresh"] == "true"
    assert "HX-Refresh" not in client_redirect(same, "/perencanaan/renja/")
    html = client.get(reverse("planning:renja_detail", args=[renja.pk])).content.decode()
    assert "Sub kegiatan 5.05.02.2.02.0003 ditambahkan." in html


def test_moving_a_sub_kegiatan_leaves_an_empty_kegiatan_the_planner_can_delete(client, cast, renja):
    sub = _sub(renja, "5.05.02.2.04.0001")
    client.force_login(cast.perencana)
    moved = client.post(
        reverse("planning:sub_kegiatan_edit", args=[sub.pk]),
        _sub_payload(cast, kode="5.05.02.2.02.0003"),
        **HX,
    )
    assert moved.status_code == 204  # it moved to another kegiatan: the tree reloads
    assert moved["HX-Redirect"].endswith(f"#sub-{sub.pk}")
    empty = Kegiatan.objects.get(renja=renja, nomenklatur__kode="5.05.02.2.04")
    busy = Kegiatan.objects.get(renja=renja, nomenklatur__kode="5.05.02.2.03")
    assert _sub(renja, "5.05.02.2.02.0003").kegiatan.nomenklatur.kode == "5.05.02.2.02"
    page = client.get(reverse("planning:renja_detail", args=[renja.pk])).content.decode()
    assert reverse("planning:kegiatan_delete", args=[empty.pk]) in page
    assert reverse("planning:kegiatan_delete", args=[busy.pk]) not in page
    refused = client.post(reverse("planning:kegiatan_delete", args=[busy.pk]), follow=True)
    assert "masih berisi sub kegiatan" in refused.content.decode()
    client.force_login(cast.pimpinan)
    assert client.post(reverse("planning:kegiatan_delete", args=[empty.pk])).status_code == 403
    client.force_login(cast.perencana)
    client.post(reverse("planning:kegiatan_delete", args=[empty.pk]))
    assert not Kegiatan.objects.filter(pk=empty.pk).exists()
    assert Kegiatan.objects.filter(pk=busy.pk).exists()


def test_history_of_a_deleted_sub_kegiatan_stays_with_its_unit(client, cast, renja):
    gone = _sub(renja, "5.05.02.2.03.0002")  # bidang A
    client.force_login(cast.perencana)
    payload = _sub_payload(
        cast, kode="5.05.02.2.03.0002", unit_kerja=str(cast.bidang_a.pk), pagu="123.456.789"
    )
    assert client.post(reverse("planning:sub_kegiatan_edit", args=[gone.pk]), payload).status_code == 302
    client.post(reverse("planning:sub_kegiatan_delete", args=[gone.pk]))
    assert not SubKegiatan.objects.filter(pk=gone.pk).exists()
    url = reverse("planning:renja_history", args=[renja.pk])

    reader = Client()  # a fresh browser: no flash messages of the planner's session
    reader.force_login(cast.operator_b)  # bidang B sees none of it
    other = reader.get(url).content.decode()
    assert "5.05.02.2.03.0002" not in other and "123.456.789" not in other
    assert "5.05.02.2.04.0001" in other  # its own unit's rows

    reader.force_login(cast.operator_a)  # bidang A sees its own unit's history, the delete too
    own = reader.get(url).content.decode()
    assert "123.456.789" in own and "dihapus" in own
    assert "5.05.02.2.04.0001" not in own
