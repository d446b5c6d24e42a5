"""Change logging for every model that holds plan, report or UMKM data (django-auditlog):
who, when, before and after. Each app lists its models once in its ready()."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from auditlog.registry import auditlog
from django.db import models

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
        auditlog.register(
            model,
            exclude_fields=[*TIMESTAMPS, *exclude, *reverse],
            m2m_fields=set((m2m_fields or {}).get(model, ())) or None,
        )
