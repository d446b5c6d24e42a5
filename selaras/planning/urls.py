from __future__ import annotations

from django.urls import path

from selaras.planning import views

app_name = "planning"
urlpatterns = [
    path("renja/", views.renja_list, name="renja_list"),
    path("renja/<int:pk>/", views.renja_detail, name="renja_detail"),
    path("renstra/", views.renstra_list, name="renstra_list"),
    path("renstra/<int:pk>/", views.renstra_detail, name="renstra_detail"),
]
