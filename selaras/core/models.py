"""Base models shared by every app: timestamps, and the Pemda every government row carries."""

from __future__ import annotations

from django.db import models


class TimestampedModel(models.Model):
    created_at = models.DateTimeField("dibuat", auto_now_add=True)
    updated_at = models.DateTimeField("diubah", auto_now=True)

    class Meta:
        abstract = True


class PemdaOwnedModel(TimestampedModel):
    """A row of one government's data.

    The Pemda is stored on the row itself, not only reachable through joins, so that every
    query can filter on it first and the tables can be distributed by it.
    """

    pemda = models.ForeignKey(
        "organisations.Pemda", on_delete=models.PROTECT, related_name="+", verbose_name="Pemda"
    )

    class Meta:
        abstract = True
