"""Change logging for every model that holds plan, report or UMKM data (django-auditlog):
who, when, before and after. Each app lists its models once in its ready()."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from auditlog.registry import auditlog
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.signals import pre_save

TIMESTAMPS = ("created_at", "updated_at")


def register_models(
    model_classes: Iterable[type[models.Model]],
    m2m_fields: dict[type[models.Model], Sequence[str]] | None = None,
    exclude: Sequence[str] = (),
) -> None:
    """Record changes of the given models, leaving out timestamps, `exclude` and the reverse
    relations (a sub kegiatan's indicators are recorded on their own rows)."""
    for model in model_classes:
        if auditlog.contains(model):
            continue
        reverse = [f.name for f in model._meta.get_fields() if f.auto_created and not f.concrete]
        # Connected before auditlog's own receiver, so the diff compares stored forms.
        pre_save.connect(normalise_numbers, sender=model, dispatch_uid=f"normalise-{model._meta.label}")
        auditlog.register(
            model,
            exclude_fields=[*TIMESTAMPS, *exclude, *reverse],
            m2m_fields=set((m2m_fields or {}).get(model, ())) or None,
        )


def normalise_numbers(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    """Give numbers the form the database gives back (Decimal("3") -> Decimal("3.00"), "8"
    -> 8) before saving, so that the change log records real changes only, never "3 -> 3"."""
    for field in instance._meta.concrete_fields:
        if not isinstance(field, models.DecimalField | models.IntegerField) or field.primary_key:
            continue
        value = getattr(instance, field.attname)
        if value is None or isinstance(value, bool):
            continue
        try:
            value = field.to_python(value)
            if isinstance(field, models.DecimalField):
                value = value.quantize(Decimal(1).scaleb(-field.decimal_places))
        except (ValidationError, InvalidOperation):
            continue  # left for the model's validation to refuse
        setattr(instance, field.attname, value)
