"""Rows of an object's history tab, read from django-auditlog: what changed, before and
after, with the fields' Indonesian names and numbers written the Indonesian way."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from decimal import Decimal, InvalidOperation
from typing import Any, TypedDict

from auditlog.models import LogEntry
from django.db.models import DecimalField

from selaras.lib.numbers import format_number

ACTIONS = {0: "dibuat", 1: "diubah", 2: "dihapus", 3: "dibuka"}
HIDDEN = "disembunyikan"

Change = tuple[str, str, str]


class HistoryRow(TypedDict):
    entry: LogEntry
    action: str
    what: str
    changes: list[Change]
    request: str  # who asked for it and why, for a handled request (personal data)


def model_label(entry: LogEntry) -> str:
    model = entry.content_type.model_class()
    return str(model._meta.verbose_name) if model else entry.content_type.model


def changes(entry: LogEntry, hidden: Collection[str] = ()) -> list[Change]:
    """(field, before, after) with the fields' Indonesian names and numbers written the
    Indonesian way (the log stores "175500000.00" or "8"). The values of the `hidden`
    fields (model field names) are replaced by "disembunyikan"."""
    model = entry.content_type.model_class()
    fields = list(model._meta.get_fields()) if model else []
    decimal_labels = {str(f.verbose_name) for f in fields if isinstance(f, DecimalField)}
    hidden_labels = {str(getattr(f, "verbose_name", f.name)) for f in fields if f.name in hidden}
    result = []
    for field, values in entry.changes_display_dict.items():
        if isinstance(values, dict):  # many-to-many: {"type": "m2m", "operation": ..., "objects": [...]}
            operation = {"add": "ditambah", "delete": "dihapus"}.get(values.get("operation"), "")
            result.append((field, "", f"{operation}: {', '.join(map(str, values.get('objects', [])))}"))
        elif field in hidden_labels:
            result.append((field, HIDDEN, HIDDEN))
        else:
            before, after = (list(values) + ["", ""])[:2]
            number = field in decimal_labels
            result.append((field, _shown(before, number), _shown(after, number)))
    return result


def history_rows(entries: Iterable[LogEntry], hidden: Collection[str] = ()) -> list[HistoryRow]:
    """The rows of a history table; `entries` should select_related actor and content_type."""
    return [
        {
            "entry": e,
            "action": _extra(e).get("tindakan") or ACTIONS.get(e.action, str(e.action)),
            "what": f"{model_label(e)}: {e.object_repr}",
            "changes": changes(e, hidden),
            "request": _request(_extra(e)),
        }
        for e in entries
    ]


def _extra(entry: LogEntry) -> dict[str, Any]:
    return entry.additional_data if isinstance(entry.additional_data, dict) else {}


def _request(extra: dict[str, Any]) -> str:
    """An entry written for a request someone made (additional_data "diminta_oleh" and
    "alasan"): who asked and why, shown beside the change."""
    if not extra.get("diminta_oleh"):
        return ""
    return f"Atas permintaan {extra['diminta_oleh']}; alasan: {extra.get('alasan') or '-'}"


def _shown(value: Any, number: bool) -> str:
    if value in (None, "None"):
        return ""
    text = str(value)
    if number:
        try:
            return format_number(Decimal(text))
        except InvalidOperation:
            return text
    return text
