"""Rows of an object's history tab, read from django-auditlog: what changed, before and
after, with the fields' Indonesian names and numbers written the Indonesian way."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from decimal import Decimal, InvalidOperation
from typing import Any, TypedDict

from auditlog.models import LogEntry
from django.db.models import BooleanField, DecimalField, Field

from selaras.lib.numbers import format_number

ACTIONS = {0: "dibuat", 1: "diubah", 2: "dihapus", 3: "dibuka"}
HIDDEN = "disembunyikan"
BOOLEANS = {"True": "Ya", "False": "Tidak"}

# Labels of stored values of a field whose choices are known only at run time (for example
# an indicator's automatic source, registered by the apps that provide one): model label
# ("planning.Indikator") and field name -> a function giving a stored value's label.
VALUE_LABELS: dict[tuple[str, str], Callable[[str], str]] = {}


def register_value_labels(model_label: str, field_name: str, label: Callable[[str], str]) -> None:
    VALUE_LABELS[(model_label, field_name)] = label


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
    by_label = {str(getattr(f, "verbose_name", f.name)): f for f in fields}
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
            label = _value_label(model, by_label.get(field))
            if label is not None:
                result.append((field, label(before), label(after)))
                continue
            number = field in decimal_labels
            result.append((field, _shown(before, number), _shown(after, number)))
    return result


def _value_label(model: Any, field: Any) -> Callable[[Any], str] | None:
    """How the stored values of `field` read: Ya/Tidak for a yes/no field, a registered
    label for a field whose choices are known at run time, else None (as stored)."""
    if not isinstance(field, Field):
        return None
    if isinstance(field, BooleanField):
        return lambda value: BOOLEANS.get(str(value), _shown(value, False))
    registered = VALUE_LABELS.get((model._meta.label, field.name))
    if registered is not None:
        return lambda value: registered(str(value)) if _shown(value, False) else ""
    return None


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
    "alasan"): who asked and why, shown beside the change; or only the reason given with
    the change (a final Renja opened for perubahan)."""
    if not extra.get("diminta_oleh"):
        return f"Alasan: {extra['alasan']}" if extra.get("alasan") else ""
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
