from __future__ import annotations

from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "selaras.monitoring"
    label = "monitoring"
    verbose_name = "Monitoring dan Evaluasi"

    def ready(self) -> None:
        from selaras.core.history import register_value_labels
        from selaras.core.uploads import remove_files_with_rows
        from selaras.monitoring import audit, sources
        from selaras.monitoring.models import BuktiDukung

        audit.register()
        # The history tab names an indicator's automatic source, not its key.
        register_value_labels("planning.Indikator", "sumber_otomatis", sources.label_of)
        remove_files_with_rows(BuktiDukung)
