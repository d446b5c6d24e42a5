"""Automatic sources of realisation: an indicator may name a source (for example the number
of UMKM mentored) and its quarterly realisation is then computed from the records behind it
instead of typed in. Apps register their sources here at start-up (a hook, so monitoring
imports nothing from them)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

# (indikator id, quarter) -> value, and (indikator id, quarter, kecamatan id) -> value
Values = dict[tuple[int, int], Decimal]
ValuesByKecamatan = dict[tuple[int, int, int], Decimal]


@dataclass(frozen=True)
class Source:
    key: str
    label: str
    # Every quarter's value for each of the given indicators of one Renja, in one query.
    compute: Callable[[Any, list[Any]], Values]
    compute_by_kecamatan: Callable[[Any, list[Any]], ValuesByKecamatan]
    # Where a user reads the records behind the figure of a quarter.
    records_url: Callable[[Any, int], str]


REGISTRY: dict[str, Source] = {}
MANUAL = "Diisi manual"


def register(source: Source) -> None:
    REGISTRY[source.key] = source


def choices() -> list[tuple[str, str]]:
    return [("", MANUAL), *((s.key, s.label) for s in REGISTRY.values())]


def label_of(key: str) -> str:
    """A stored source key as the user reads it ("" is typed in by hand)."""
    if not key:
        return MANUAL
    return REGISTRY[key].label if key in REGISTRY else key


def is_automatic(indikator: Any) -> bool:
    return bool(indikator.sumber_otomatis) and indikator.sumber_otomatis in REGISTRY


def automatic_values(renja: Any, indicators: Iterable[Any]) -> Values:
    """The computed quarterly values of the automatic indicators: one call per source used."""
    by_source: dict[str, list[Any]] = defaultdict(list)
    for ind in indicators:
        if is_automatic(ind):
            by_source[ind.sumber_otomatis].append(ind)
    values: Values = {}
    for key, group in by_source.items():
        values.update(REGISTRY[key].compute(renja, group))
    return values


def source_label(indikator: Any) -> str:
    return REGISTRY[indikator.sumber_otomatis].label if is_automatic(indikator) else MANUAL


def records_url(indikator: Any, quarter: int) -> str:
    return (
        REGISTRY[indikator.sumber_otomatis].records_url(indikator, quarter) if is_automatic(indikator) else ""
    )
