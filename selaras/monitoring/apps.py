from __future__ import annotations

from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "selaras.monitoring"
    label = "monitoring"
    verbose_name = "Monitoring dan Evaluasi"

    def ready(self) -> None:
        from selaras.core.uploads import remove_files_with_rows
        from selaras.monitoring import audit
        from selaras.monitoring.models import BuktiDukung

        audit.register()
        remove_files_with_rows(BuktiDukung)
