from __future__ import annotations

from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "selaras.organisations"
    label = "organisations"
    verbose_name = "Organisasi dan Wilayah"
