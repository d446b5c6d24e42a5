from __future__ import annotations

from django.urls import path  # noqa: F401  (each page module adds its paths below)

app_name = "technopark"
urlpatterns: list = []
