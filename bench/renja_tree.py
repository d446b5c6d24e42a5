"""Time the heavy planning pages at kabupaten scale and print the figures.

Builds, in a throw-away SQLite (or DATABASE_URL) test database, the Renja of 40
perangkat daerah with 75 sub kegiatan each (3,000 sub kegiatan, 3,000 indicators) plus one
large Renja of 2,000 sub kegiatan, then times: the Renja tree page, the API list, the
XLSX export and the PDF export, next to one plain SQL aggregate over the same rows.

    make bench            (or: DEBUG=1 .venv/bin/python bench/renja_tree.py)
"""

from __future__ import annotations

import time

import harness  # first: sets up Django with the test settings
from django.db.models import Sum
from django.test import Client
from django.urls import reverse

PERANGKAT_DAERAH = 40
SUB_PER_PD = 75
LARGE = 2000


def run() -> None:
    from selaras.accounts.personas import build_cast
    from selaras.organisations.models import Pemda, PerangkatDaerah, UnitKerja
    from selaras.planning.factories import bulk_fill_renja, make_renja
    from selaras.planning.models import SubKegiatan

    pemda = Pemda.objects.get(kode="18.02")
    cast = build_cast(pemda)
    start = time.perf_counter()
    for number in range(PERANGKAT_DAERAH):
        pd = PerangkatDaerah.objects.create(
            pemda=pemda, nama=f"Perangkat Daerah {number}", singkatan=f"PD{number}"
        )
        unit = UnitKerja.objects.create(pemda=pemda, perangkat_daerah=pd, jenis="bidang", nama="Bidang")
        bulk_fill_renja(make_renja(pd, 2026), unit, SUB_PER_PD)
    large = make_renja(cast.balitbangda, 2026)
    bulk_fill_renja(large, cast.bidang_a, LARGE)
    total = SubKegiatan.objects.count()
    built = time.perf_counter() - start
    print(f"data: {PERANGKAT_DAERAH + 1} Renja, {total:,} sub kegiatan, built in {built:.1f} s")

    client = Client()
    client.force_login(cast.perencana)
    tree = reverse("planning:renja_detail", args=[large.pk])
    harness.timed(f"Renja tree page, {LARGE:,} sub kegiatan (first page of 200)", lambda: client.get(tree))
    harness.timed(
        "Renja tree page, filtered by bidang (HTMX fragment)",
        lambda: client.get(tree, {"bidang": cast.bidang_a.pk}, HTTP_HX_REQUEST="true"),
    )
    harness.timed(
        "API sub kegiatan list (page of 100)", lambda: client.get("/api/sub-kegiatan/", {"renja": large.pk})
    )
    harness.timed(
        f"Renja XLSX export, {LARGE:,} sub kegiatan",
        lambda: client.get(reverse("planning:renja_xlsx", args=[large.pk])),
        repeat=1,
    )
    small = make_renja(cast.balitbangda, 2027)
    bulk_fill_renja(small, cast.bidang_a, 300)
    harness.timed(
        "Renja PDF export, 300 sub kegiatan",
        lambda: client.get(reverse("planning:renja_pdf", args=[small.pk])),
        repeat=1,
    )

    def plain_sum():  # noqa: ANN202
        return SubKegiatan.objects.filter(renja=large).aggregate(p=Sum("pagu"), pm=Sum("prakiraan_maju"))

    harness.timed("plain SQL: sum of pagu over the large Renja", plain_sum)
    harness.timed(
        "plain SQL: sum of pagu over the whole kabupaten",
        lambda: SubKegiatan.objects.filter(pemda=pemda).aggregate(p=Sum("pagu")),
    )


if __name__ == "__main__":
    harness.run(run)
