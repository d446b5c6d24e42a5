"""The one rule for removing a row of the Renja, for the pages and the API alike.

Nothing is removed from a Renja whose status is final. A Renja, program or kegiatan is
removed only once it is empty (its content first, one decision at a time); a sub kegiatan
or indicator takes its indicators, targets and unreported draft figures along. Figures of
a quarter that was ever reported (submitted, verified, approved, sent back or reopened)
refuse the delete at the database layer (`monitoring.models.protect_reported`), whichever
door the delete comes through; this module turns that refusal into a message.
"""

from __future__ import annotations

from collections import Counter

from django.db import transaction
from django.db.models import ProtectedError

from selaras.planning.models import (
    RENJA_FINAL_MESSAGE,
    Indikator,
    Kegiatan,
    Program,
    Renja,
    SubKegiatan,
    renja_of,
)

# What must be emptied first, per kind of row: (related name, what the user calls it).
CONTENT = {
    Renja: ("programs", "program"),
    Program: ("kegiatan", "kegiatan"),
    Kegiatan: ("sub_kegiatan", "sub kegiatan"),
}

PlanRow = Renja | Program | Kegiatan | SubKegiatan | Indikator


class DeletionRefused(Exception):
    """The row stays; the message says why, in Indonesian."""


def label(row: PlanRow) -> str:
    if isinstance(row, Renja):
        return f"Renja {row.tahun}"
    if isinstance(row, Indikator):
        return f"Indikator “{row.uraian}”"
    return f"{row._meta.verbose_name.capitalize()} {row.nomenklatur.kode}"


def refusal(row: PlanRow) -> str | None:
    """Why `row` cannot be deleted by the plan's own rules (a final Renja stays as agreed;
    content first), or None."""
    if renja_of(row).is_locked_for_edit:
        return RENJA_FINAL_MESSAGE
    content = CONTENT.get(type(row))
    if content and getattr(row, content[0]).exists():
        return f"{label(row)} masih berisi {content[1]}; hapus isinya terlebih dahulu."
    return None


def delete_plan_row(row: PlanRow) -> None:
    """Delete `row` or raise DeletionRefused, leaving every row as it was."""
    reason = refusal(row)
    if reason:
        raise DeletionRefused(reason)
    try:
        with transaction.atomic():
            row.delete()
    except ProtectedError as exc:
        raise DeletionRefused(f"{label(row)} tidak dapat dihapus: {protected_summary(exc)}") from None


def protected_summary(exc: ProtectedError) -> str:
    counts = Counter(type(obj) for obj in exc.protected_objects)
    parts = ", ".join(f"{n} {model._meta.verbose_name.lower()}" for model, n in counts.items())
    return (
        f"masih dipakai oleh data yang sudah dilaporkan ({parts}). "
        "Realisasi yang sudah diajukan atau disetujui tidak boleh hilang."
    )
