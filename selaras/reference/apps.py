from __future__ import annotations

from django.apps import AppConfig


class ReferenceConfig(AppConfig):
    name = "selaras.reference"
    label = "reference"
    verbose_name = "Data Referensi"
