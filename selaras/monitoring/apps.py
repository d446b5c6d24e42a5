from __future__ import annotations

from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "selaras.monitoring"
    label = "monitoring"
    verbose_name = "Monitoring dan Evaluasi"

    def ready(self) -> None:
        from selaras.monitoring import audit

        audit.register()
