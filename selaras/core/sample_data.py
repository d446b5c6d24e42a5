"""Which rows of a page are sample data (the demo's `data_contoh` flag), so that the page
carries one "data contoh" mark instead of one on every row."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

SampleShare = Literal["all", "some", ""]


def sample_share(rows: Iterable[Any]) -> SampleShare:
    """"all" when every row shown is sample data, "some" when only part of them, else ""."""
    flags = [bool(row.data_contoh) for row in rows]
    if flags and all(flags):
        return "all"
    return "some" if any(flags) else ""
