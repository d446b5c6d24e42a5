"""Time the E.81 evaluation at kabupaten scale and print the figures.

Builds, in a throw-away SQLite (or DATABASE_URL) test database, the Renja 2026 of 40
perangkat daerah with 3,000 sub kegiatan and 6,000 indicators in all (the largest, the
Balitbangda of the personas, has 300 sub kegiatan), realisation (K and Rp) for the four
quarters, a Renstra 2025-2029 per perangkat daerah with items, pagu, indicators and targets,
and the Renja 2025 of every perangkat daerah with its own realisation (column 6). Then
times the E.81 page and XLSX for the largest perangkat daerah and for all 40, next to one
plain SQL aggregate over the same realisation rows.

    make bench-e81        (or: DEBUG=1 .venv/bin/python bench/e81.py)
"""

from __future__ import annotations

import time
from decimal import Decimal
from typing import Any

import harness  # first: sets up Django with the test settings
from django.db.models import Sum
from django.test import Client
from django.urls import reverse

PERANGKAT_DAERAH = 40
SUB_KEGIATAN = 3000
LARGEST = 300
QUARTERS = (1, 2, 3, 4)
BATCH = 2000


def sizes() -> list[int]:
    """Sub kegiatan per perangkat daerah: the largest first, the rest spread evenly."""
    rest, extra = divmod(SUB_KEGIATAN - LARGEST, PERANGKAT_DAERAH - 1)
    return [LARGEST] + [rest + (1 if n < extra else 0) for n in range(PERANGKAT_DAERAH - 1)]


def fill(pd: Any, unit: Any, count: int) -> Any:
    """One perangkat daerah: Renstra, Renja 2025 and 2026 with two indicators per sub
    kegiatan (jumlah and akhir, linked to the Renstra) and four quarters of realisation."""
    from selaras.monitoring.models import Realisasi, RealisasiSubKegiatan
    from selaras.planning.factories import bulk_fill_renja, make_renja
    from selaras.planning.models import (
        Indikator,
        Renstra,
        RenstraIndikator,
        RenstraItem,
        RenstraPagu,
        RenstraTarget,
        SubKegiatan,
    )

    pemda = pd.pemda
    renstra = Renstra.objects.create(pemda=pemda, perangkat_daerah=pd, tahun_awal=2025, tahun_akhir=2029)
    plans = []
    for tahun in (2025, 2026):
        renja = make_renja(pd, tahun, renstra=renstra)
        subs = bulk_fill_renja(renja, unit, count)
        Indikator.objects.bulk_create(
            (
                Indikator(
                    pemda=pemda,
                    renja=renja,
                    sub_kegiatan=sub,
                    uraian="Persentase rekomendasi yang ditindaklanjuti",
                    satuan="%",
                    agregasi="akhir",
                    target=Decimal(80),
                )
                for sub in subs
            ),
            batch_size=BATCH,
        )
        plans.append(renja)
    first = plans[-1]
    nomenklatur = [first.programs.get().nomenklatur_id, first.kegiatan.get().nomenklatur_id]
    nomenklatur += list(first.sub_kegiatan.values_list("nomenklatur_id", flat=True))
    items = RenstraItem.objects.bulk_create(
        (RenstraItem(pemda=pemda, renstra=renstra, nomenklatur_id=n) for n in nomenklatur), batch_size=BATCH
    )
    RenstraPagu.objects.bulk_create(
        (RenstraPagu(pemda=pemda, item=i, tahun=t, pagu=Decimal(1200)) for i in items for t in renstra.years),
        batch_size=BATCH,
    )
    item_of = {i.nomenklatur_id: i for i in items}
    linked: dict[tuple[int, str], RenstraIndikator] = {}
    for sub_nomen in nomenklatur[2:]:
        for agregasi in ("jumlah", "akhir"):
            linked[(sub_nomen, agregasi)] = RenstraIndikator(
                pemda=pemda, renstra=renstra, item=item_of[sub_nomen], uraian="Indikator Renstra", satuan="-"
            )
    RenstraIndikator.objects.bulk_create(linked.values(), batch_size=BATCH)
    RenstraTarget.objects.bulk_create(
        (RenstraTarget(pemda=pemda, indikator=ri, tahun=2029, target=Decimal(20)) for ri in linked.values()),
        batch_size=BATCH,
    )
    indicators = list(Indikator.objects.filter(renja__in=plans).select_related("sub_kegiatan").order_by("id"))
    for ind in indicators:
        ind.renstra_indikator = linked[(ind.sub_kegiatan.nomenklatur_id, ind.agregasi)]
    Indikator.objects.bulk_update(indicators, ["renstra_indikator"], batch_size=BATCH)
    Realisasi.objects.bulk_create(
        (
            Realisasi(
                pemda=pemda,
                indikator=ind,
                renja_id=ind.renja_id,
                unit_kerja=unit,
                triwulan=q,
                nilai=Decimal(q if ind.agregasi == "jumlah" else 20 * q),
            )
            for ind in indicators
            for q in QUARTERS
        ),
        batch_size=BATCH,
    )
    RealisasiSubKegiatan.objects.bulk_create(
        (
            RealisasiSubKegiatan(
                pemda=pemda,
                sub_kegiatan=sub,
                renja_id=sub.renja_id,
                unit_kerja=unit,
                triwulan=q,
                anggaran=Decimal(200),
                faktor_pendorong="Dukungan pimpinan" if q == 4 else "",
            )
            for sub in SubKegiatan.objects.filter(renja__in=plans)
            for q in QUARTERS
        ),
        batch_size=BATCH,
    )
    return plans[-1]


def run() -> None:
    from selaras.accounts.personas import build_cast
    from selaras.monitoring.evaluation import build_evaluation
    from selaras.monitoring.evaluation_export import evaluation_workbook
    from selaras.monitoring.models import Realisasi, RealisasiSubKegiatan
    from selaras.organisations.models import Pemda, PerangkatDaerah, UnitKerja
    from selaras.planning.models import Indikator, Renja, SubKegiatan

    pemda = Pemda.objects.get(kode="18.02")
    cast = build_cast(pemda)
    start = time.perf_counter()
    plans = []
    for number, count in enumerate(sizes()):
        if number == 0:
            pd, unit = cast.balitbangda, cast.bidang_a
        else:
            pd = PerangkatDaerah.objects.create(
                pemda=pemda, nama=f"Perangkat Daerah {number}", singkatan=f"PD{number}"
            )
            unit = UnitKerja.objects.create(pemda=pemda, perangkat_daerah=pd, jenis="bidang", nama="Bidang")
        plans.append(fill(pd, unit, count))
    built = time.perf_counter() - start
    this_year = Renja.objects.filter(tahun=2026)
    print(
        f"data: {len(plans)} Renja 2026 with {SubKegiatan.objects.filter(renja__in=this_year).count():,} sub "
        f"kegiatan, {Indikator.objects.filter(renja__in=this_year).count():,} indicators, "
        f"{Realisasi.objects.filter(renja__in=this_year).count():,} Realisasi and "
        f"{RealisasiSubKegiatan.objects.filter(renja__in=this_year).count():,} RealisasiSubKegiatan rows; "
        f"the same again for 2025; built in {built:.1f} s"
    )

    largest = plans[0]
    client = Client()
    client.force_login(cast.verifikator)  # reads every perangkat daerah of the Pemda

    def page(renja: Renja) -> Any:
        return client.get(reverse("monitoring:evaluation", args=[renja.pk]), {"tw": 4})

    def xlsx(renja: Renja) -> Any:
        return client.get(reverse("monitoring:evaluation_xlsx", args=[renja.pk]), {"tw": 4})

    rows = len(build_evaluation(largest, cast.verifikator, 4).rows)
    print(f"largest perangkat daerah: {LARGEST} sub kegiatan, {rows:,} rows in its E.81")
    harness.timed(
        "E.81 rows only (build_evaluation), largest PD",
        lambda: build_evaluation(largest, cast.verifikator, 4),
    )
    harness.timed("E.81 page (HTML), largest PD", lambda: page(largest))
    harness.timed("E.81 XLSX, largest PD", lambda: xlsx(largest))
    harness.timed(
        "E.81 PDF, largest PD",
        lambda: client.get(reverse("monitoring:evaluation_pdf", args=[largest.pk]), {"tw": 4}),
        repeat=1,
    )
    harness.timed(
        f"E.81 rows only, whole kabupaten ({len(plans)} Renja)",
        lambda: [build_evaluation(r, cast.verifikator, 4) for r in plans],
        repeat=1,
    )
    harness.timed(
        f"E.81 page (HTML), whole kabupaten ({len(plans)} Renja)", lambda: [page(r) for r in plans], repeat=1
    )
    harness.timed(
        f"E.81 XLSX, whole kabupaten ({len(plans)} Renja)", lambda: [xlsx(r) for r in plans], repeat=1
    )
    harness.timed(
        "E.81 XLSX written in memory (no HTTP), whole kabupaten",
        lambda: [evaluation_workbook(build_evaluation(r, cast.verifikator, 4)) for r in plans],
        repeat=1,
    )

    def plain(renja_filter: dict[str, Any], key: str) -> tuple[list[Any], list[Any]]:
        nilai = list(
            Realisasi.objects.filter(**renja_filter, triwulan__lte=4)
            .values(f"indikator__{key}" if key == "sub_kegiatan_id" else key)
            .annotate(total=Sum("nilai"))
            .order_by()
        )
        anggaran = list(
            RealisasiSubKegiatan.objects.filter(**renja_filter, triwulan__lte=4)
            .values(key)
            .annotate(total=Sum("anggaran"))
            .order_by()
        )
        return nilai, anggaran

    harness.timed(
        "plain SQL: Sum(nilai), Sum(anggaran) per sub kegiatan, largest PD",
        lambda: plain({"renja": largest}, "sub_kegiatan_id"),
    )
    harness.timed(
        "plain SQL: Sum(nilai), Sum(anggaran) per Renja, whole kabupaten",
        lambda: plain({"renja__in": this_year}, "renja_id"),
    )


if __name__ == "__main__":
    harness.run(run)
