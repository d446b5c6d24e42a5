from __future__ import annotations

from django.urls import path

from selaras.reference import views

app_name = "reference"
urlpatterns = [path("nomenklatur/", views.nomenklatur_list, name="nomenklatur_list")]
