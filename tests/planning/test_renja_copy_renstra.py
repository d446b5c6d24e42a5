"""Salin ke Renja: a Renstra-linked indicator takes the Renstra's target of the new year,
the others keep this year's, and the message says how many came from where."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from selaras.demo.lampung_tengah import build_renstra
from selaras.planning.models import Indikator, Kegiatan, Program, Renja, RenstraIndikator, RenstraTarget

pytestmark = pytest.mark.django_db
D = Decimal
PERSEN = "Persentase rekomendasi hasil kelitbangan yang ditindaklanjuti"  # Renstra 2026: 50, 2027: 55
INOVASI = "Jumlah inovasi daerah yang diterapkan"  # Renstra 2026: 12, 2027: 15
UMKM = "Jumlah UMKM binaan Technopark yang naik kelas"  # its 2027 target is removed below


@pytest.fixture
def linked(cast, renja):
    """Renja 2026 like the demo's: the program's and a kegiatan's indicators derived from the
    Renstra 2025-2029 with this year's targets, a third linked indicator whose Renstra row
    has no 2027 target, and the three unlinked sub kegiatan indicators of the fixture."""
    renstra = build_renstra(cast.pemda, cast.balitbangda)
    renja.renstra = renstra
    renja.save()
    by_name = {r.uraian: r for r in RenstraIndikator.objects.filter(renstra=renstra)}
    RenstraTarget.objects.filter(indikator=by_name[UMKM], tahun=2027).delete()
    program = Program.objects.get(renja=renja, nomenklatur__kode="5.05.02")
    kegiatan = Kegiatan.objects.get(renja=renja, nomenklatur__kode="5.05.02.2.04")
    common = {"pemda": cast.pemda, "renja": renja}
    Indikator.objects.create(
        **common, program=program, uraian=PERSEN, satuan="%", agregasi="akhir", target=D(50),
        target_tw4=D(50), renstra_indikator=by_name[PERSEN],
    )  # fmt: skip
    Indikator.objects.create(
        **common, kegiatan=kegiatan, uraian=INOVASI, satuan="Inovasi", target=D(12), target_tw1=D(3),
        target_tw2=D(3), target_tw3=D(3), target_tw4=D(3), renstra_indikator=by_name[INOVASI],
    )  # fmt: skip
    Indikator.objects.create(
        **common, kegiatan=kegiatan, uraian=UMKM, satuan="UMKM", target=D(25), renstra_indikator=by_name[UMKM]
    )
    return renja


def test_copy_takes_the_renstra_target_of_the_new_year_and_says_so(client, cast, linked):
    client.force_login(cast.perencana)
    response = client.post(reverse("planning:renja_copy", args=[linked.pk]), follow=True)

    copy = Renja.objects.get(perangkat_daerah=cast.balitbangda, tahun=2027)
    new = {i.uraian: i for i in Indikator.objects.filter(renja=copy)}
    assert new[PERSEN].target == D(55)  # not this year's 50
    assert new[INOVASI].target == D(15)  # not this year's 12
    assert new[UMKM].target == D(25)  # the Renstra has no 2027 target: copied
    # The annual target changed, so the quarters that added up to the old one are cleared.
    assert new[PERSEN].quarterly_targets == [None] * 4
    assert new[INOVASI].quarterly_targets == [None] * 4
    unlinked = Indikator.objects.filter(renja=copy, renstra_indikator__isnull=True)
    assert unlinked.count() == 3
    assert all(i.target == D(4) and i.quarterly_targets == [D(1)] * 4 for i in unlinked)
    html = response.content.decode()
    assert (
        "2 target diambil dari Renstra 2025–2029, 4 disalin dari Renja 2026 "
        "(tidak terkait Renstra / Renstra tanpa target tahun itu)."
    ) in html
    assert "Target triwulan 2 indikator dikosongkan" in html


def test_copy_without_renstra_copies_every_target(client, cast, renja):
    client.force_login(cast.perencana)
    response = client.post(reverse("planning:renja_copy", args=[renja.pk]), follow=True)
    assert "Renja ini tidak terkait Renstra: 3 target disalin dari Renja 2026." in response.content.decode()
    assert "Target triwulan" not in response.content.decode()


def test_a_range_in_the_renstra_is_taken_as_a_range_whatever_the_polarity(client, cast, linked):
    """A range is a target form for any polarity: the Renstra's 15-20 becomes the new
    Renja's target with its upper bound, and the quarters that no longer add up are cleared."""
    row = RenstraTarget.objects.get(indikator__uraian=INOVASI, tahun=2027)
    row.target_atas = D(20)
    row.save()
    client.force_login(cast.perencana)
    client.post(reverse("planning:renja_copy", args=[linked.pk]))
    copy = Indikator.objects.get(renja__tahun=2027, uraian=INOVASI)
    assert (copy.polaritas, copy.target, copy.target_atas) == ("naik", D(15), D(20))
    assert copy.quarterly_targets == [None] * 4