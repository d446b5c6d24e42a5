from __future__ import annotations

from django.urls import path

from selaras.monitoring import views

app_name = "monitoring"
urlpatterns = [
    path("renja/<int:renja_pk>/triwulan/<int:triwulan>/", views.entry_page, name="entry"),
]
