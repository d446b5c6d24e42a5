from __future__ import annotations

from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The Lampung Tengah demo: sits above every app and is imported by none."""

    name = "selaras.demo"
    label = "demo"
    verbose_name = "Demo"
