from __future__ import annotations

from django.apps import AppConfig


class TechnoparkConfig(AppConfig):
    name = "selaras.technopark"
    label = "technopark"
    verbose_name = "Technopark"

    def ready(self) -> None:
        from selaras.core.uploads import remove_files_with_rows
        from selaras.technopark import audit, sources
        from selaras.technopark.models import FotoAktivitas

        audit.register()
        sources.register()
        remove_files_with_rows(FotoAktivitas)
