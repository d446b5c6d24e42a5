"""When figures may change. A unit's quarter is open while its report is a draft; once it
is submitted it waits for verification and approval, and once approved it is locked until
reopened with a reason. The outcome indicators of programs and kegiatan, which belong to no
unit, are locked when the whole Perangkat Daerah's quarter is approved (every unit's report)."""

from __future__ import annotations

from typing import Any

from selaras.lib.dates import quarter_label
from selaras.monitoring import events
from selaras.monitoring.models import Laporan
from selaras.planning.models import Renja, SubKegiatan

APPROVED = Laporan.Status.DISETUJUI


def reporting_units(renja: Renja) -> set[int]:
    """The Unit Kerja that report in this Renja: those responsible for a sub kegiatan."""
    return set(
        SubKegiatan.objects.filter(renja=renja).order_by().values_list("unit_kerja_id", flat=True).distinct()
    )


def statuses(renja: Renja) -> dict[tuple[int, int], str]:
    return {
        (row["unit_kerja_id"], row["triwulan"]): row["status"]
        for row in Laporan.objects.filter(renja=renja).values("unit_kerja_id", "triwulan", "status")
    }


def pd_quarter_approved(status: dict[tuple[int, int], str], units: set[int], quarter: int) -> bool:
    return bool(units) and all(status.get((unit, quarter)) == APPROVED for unit in units)


def lock_reason(renja: Renja, unit_id: int | None, quarter: int, user: Any = None) -> str | None:
    """Why the figures of this unit (None: the outcome indicators) and quarter cannot change
    now, in Indonesian; None when they can. Worded for `user` when given: whoever may reopen
    an approved report is told to reopen it, the others whom to ask."""
    period = quarter_label(quarter, renja.tahun)
    if unit_id is None:
        if pd_quarter_approved(statuses(renja), reporting_units(renja), quarter):
            return f"{period} sudah disetujui untuk seluruh perangkat daerah; data terkunci."
        return None
    status = (
        Laporan.objects.filter(renja=renja, unit_kerja_id=unit_id, triwulan=quarter)
        .values_list("status", flat=True)
        .first()
    )
    if status in (None, Laporan.Status.DRAFT):
        return None
    if status == APPROVED:
        what = (
            "Buka kembali laporan ini bila perlu koreksi."
            if user is not None and events.may_reopen(user, _report(renja, unit_id))
            else "Minta pimpinan membukanya kembali."
        )
        return f"Laporan {period} unit ini sudah disetujui; data terkunci. {what}"
    return (
        f"Laporan {period} unit ini sedang {Laporan.Status(status).label.lower()}; "
        "data tidak dapat diubah kecuali laporan dikembalikan."
    )


def _report(renja: Renja, unit_id: int) -> Laporan:
    """The unit's report as the workflow's access rules read it (no query)."""
    return Laporan(renja=renja, unit_kerja_id=unit_id, pemda_id=renja.pemda_id)
