from __future__ import annotations

from django.apps import AppConfig


class ReferenceConfig(AppConfig):
    name = "selaras.reference"
    label = "reference"
    verbose_name = "Data Referensi"

    def ready(self) -> None:
        from selaras.core.audit import register_models
        from selaras.reference.models import IsuStrategis

        # The nomenclature and RPJMN are loaded from files; the strategic issues are edited.
        register_models((IsuStrategis,))
