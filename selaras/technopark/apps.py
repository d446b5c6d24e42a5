from __future__ import annotations

from django.apps import AppConfig


class TechnoparkConfig(AppConfig):
    name = "selaras.technopark"
    label = "technopark"
    verbose_name = "Technopark"

    def ready(self) -> None:
        from selaras.technopark import audit, sources

        audit.register()
        sources.register()
