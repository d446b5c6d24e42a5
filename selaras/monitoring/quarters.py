"""Which quarter a report of a Renja shows. The dashboard, the E.81 page and its files open
on the last quarter that has ended and take another with ?triwulan= (the older ?tw= still
works), so both pages agree on the period unless the reader picks one."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from selaras.core.params import quarter_param
from selaras.lib.dates import QUARTER_NUMERALS
from selaras.monitoring.figures import default_quarter
from selaras.planning.models import Renja


def chosen_quarter(request: HttpRequest | Any, renja: Renja) -> int:
    """The quarter a report of the Renja shows: ?triwulan= (or the older ?tw=), else the last
    one that has ended, so the dashboard and the E.81 open on the same quarter."""
    return (
        quarter_param(request, "triwulan") or quarter_param(request, "tw") or default_quarter(renja.tahun)
    )


def quarter_choices(running: int | None) -> list[tuple[int, str]]:
    """s.d. Triwulan I .. IV, the quarter under way marked "berjalan"."""
    return [
        (q, f"s.d. Triwulan {numeral}" + (" (berjalan)" if q == running else ""))
        for q, numeral in QUARTER_NUMERALS.items()
    ]
