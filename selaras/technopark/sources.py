"""The Technopark's automatic sources of realisation, registered with monitoring: the plan's
Technopark indicators fill themselves from the activity records, per quarter (by the
activity's date) and per kecamatan (the business's kecamatan; for sessions, the place)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db.models import Count, Min, Q, QuerySet
from django.db.models.functions import ExtractQuarter
from django.urls import NoReverseMatch, reverse

from selaras.lib.dates import quarter_of
from selaras.monitoring.sources import Source, Values, ValuesByKecamatan
from selaras.monitoring.sources import register as register_source
from selaras.planning.models import Indikator
from selaras.technopark.models import Aktivitas, Partisipasi

PENDAMPINGAN, PEMBINAAN, EDUKASI = (
    Aktivitas.Jenis.PENDAMPINGAN,
    Aktivitas.Jenis.PEMBINAAN,
    Aktivitas.Jenis.EDUKASI,
)


def _participations(renja: Any) -> QuerySet[Partisipasi]:
    return Partisipasi.objects.filter(
        pemda_id=renja.pemda_id,
        aktivitas__perangkat_daerah_id=renja.perangkat_daerah_id,
        aktivitas__tanggal__year=renja.tahun,
    )


def _first_time(rows: QuerySet[Partisipasi], by_kecamatan: bool) -> dict[tuple[int, ...], int]:
    """Businesses counted in the quarter they were first reached this year, so the quarters
    add up to the number of different businesses reached in the year."""
    counts: dict[tuple[int, ...], int] = defaultdict(int)
    for row in rows.values("umkm_id", "umkm__kecamatan_id").annotate(first=Min("aktivitas__tanggal")):
        key = (
            (quarter_of(row["first"]), row["umkm__kecamatan_id"])
            if by_kecamatan
            else (quarter_of(row["first"]),)
        )
        counts[key] += 1
    return counts


def _per_quarter(
    rows: QuerySet[Any], date_field: str, kecamatan_field: str | None
) -> dict[tuple[int, ...], int]:
    fields = ["q", kecamatan_field] if kecamatan_field else ["q"]
    counted = rows.annotate(q=ExtractQuarter(date_field)).values(*fields).annotate(n=Count("id")).order_by()
    return {tuple(row[f] for f in fields): row["n"] for row in counted}


def _spread(indicators: list[Any], counts: dict[tuple[int, ...], int]) -> dict[Any, Decimal]:
    result: dict[Any, Decimal] = {}
    for ind in indicators:
        for key, value in counts.items():
            result[(ind.pk, *key)] = Decimal(value)
    return result


def _business_source(key: str, label: str, condition: Q, first_time: bool, records: dict[str, str]) -> Source:
    def counts(renja: Any, by_kecamatan: bool) -> dict[tuple[int, ...], int]:
        rows = _participations(renja).filter(condition)
        if first_time:
            return _first_time(rows, by_kecamatan)
        return _per_quarter(rows, "aktivitas__tanggal", "umkm__kecamatan_id" if by_kecamatan else None)

    return Source(
        key=key,
        label=label,
        compute=lambda renja, inds: _spread(inds, counts(renja, False)),  # type: ignore[arg-type]
        compute_by_kecamatan=lambda renja, inds: _spread(inds, counts(renja, True)),  # type: ignore[arg-type]
        records_url=_records_url(records),
    )


def _records_url(params: dict[str, str]) -> Callable[[Any, int], str]:
    def url(indikator: Any, quarter: int) -> str:
        try:
            base = reverse("technopark:aktivitas_list")
        except NoReverseMatch:  # the activity pages are not installed
            return ""
        query = "&".join(f"{k}={v}" for k, v in params.items())
        return f"{base}?tahun={indikator.renja.tahun}&tw={quarter}{'&' + query if query else ''}"

    return url


def _sessions(renja: Any, by_kecamatan: bool) -> dict[tuple[int, ...], int]:
    rows = Aktivitas.objects.filter(
        pemda_id=renja.pemda_id,
        perangkat_daerah_id=renja.perangkat_daerah_id,
        tanggal__year=renja.tahun,
        jenis=PEMBINAAN,
    )
    return _per_quarter(rows, "tanggal", "kecamatan_id" if by_kecamatan else None)


SOURCES: list[Source] = [
    _business_source(
        "umkm_didampingi",
        "Jumlah UMKM yang didampingi/dibina (Technopark)",
        Q(aktivitas__jenis__in=[PENDAMPINGAN, PEMBINAAN]),
        True,
        {"jenis": "dibina"},  # the activity list's filter for both kinds
    ),
    _business_source(
        "peserta_edukasi",
        "Jumlah peserta edukasi/pelatihan (Technopark)",
        Q(aktivitas__jenis=EDUKASI),
        False,
        {"jenis": EDUKASI},
    ),
    _business_source(
        "umkm_nib", "Jumlah UMKM binaan yang memperoleh NIB", Q(nib_diperoleh=True), True, {"hasil": "nib"}
    ),
    _business_source(
        "umkm_halal",
        "Jumlah UMKM binaan yang memperoleh sertifikat halal",
        Q(halal_diperoleh=True),
        True,
        {"hasil": "halal"},
    ),
    Source(
        key="sesi_pembinaan",
        label="Jumlah sesi pembinaan (Technopark)",
        compute=lambda renja, inds: _spread(inds, _sessions(renja, False)),  # type: ignore[arg-type]
        compute_by_kecamatan=lambda renja, inds: _spread(inds, _sessions(renja, True)),  # type: ignore[arg-type]
        records_url=_records_url({"jenis": PEMBINAAN}),
    ),
]


# What of one activity each source counts: the kind of activity, or an outcome a
# participating business obtained.
COUNTS_ACTIVITY: dict[str, Callable[[Aktivitas, list[Partisipasi]], bool]] = {
    "umkm_didampingi": lambda a, ps: a.jenis in (PENDAMPINGAN, PEMBINAAN) and bool(ps),
    "peserta_edukasi": lambda a, ps: a.jenis == EDUKASI and bool(ps),
    "umkm_nib": lambda a, ps: any(p.nib_diperoleh for p in ps),
    "umkm_halal": lambda a, ps: any(p.halal_diperoleh for p in ps),
    "sesi_pembinaan": lambda a, ps: a.jenis == PEMBINAAN,
}


def counted_indicators(user: Any, aktivitas: Aktivitas, participations: list[Partisipasi]) -> list[Indikator]:
    """The plan's indicators (of the Renja of the activity's year and Perangkat Daerah, as far
    as the user may see them) whose automatic source counts this activity."""
    keys = [key for key, counts in COUNTS_ACTIVITY.items() if counts(aktivitas, participations)]
    if not keys:
        return []
    return list(
        Indikator.objects.visible_to(user)
        .filter(
            renja__perangkat_daerah_id=aktivitas.perangkat_daerah_id,
            renja__tahun=aktivitas.tanggal.year,
            sumber_otomatis__in=keys,
        )
        .select_related("renja__perangkat_daerah")
        .order_by("renja__tahun", "pk")
    )


def register() -> None:
    for source in SOURCES:
        register_source(source)


__all__ = ["SOURCES", "Values", "ValuesByKecamatan", "register"]
