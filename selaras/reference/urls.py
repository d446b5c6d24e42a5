from __future__ import annotations

from django.urls import path

from selaras.reference import views

app_name = "reference"
urlpatterns = [
    path("", views.index, name="index"),
    path("nomenklatur/", views.nomenklatur_list, name="nomenklatur_list"),
    path("nomenklatur/impor/", views.nomenklatur_import, name="nomenklatur_import"),
    path("isu-strategis/", views.isu_list, name="isu_list"),
    path("isu-strategis/<id:pk>/ubah/", views.isu_edit, name="isu_edit"),
    path("isu-strategis/<id:pk>/hapus/", views.isu_delete, name="isu_delete"),
]
