from __future__ import annotations

from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "selaras.planning"
    label = "planning"
    verbose_name = "Perencanaan"

    def ready(self) -> None:
        from selaras.planning import audit

        audit.register()
