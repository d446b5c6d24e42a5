from __future__ import annotations

from django.urls import path  # noqa: F401  (each page module adds its paths below)

app_name = "technopark"
urlpatterns: list = []

from selaras.technopark import views_outcomes  # noqa: E402

urlpatterns += [
    path("dampak/", views_outcomes.dampak, name="dampak"),
    path("umkm/<id:pk>/snapshot/tambah/", views_outcomes.snapshot_add, name="snapshot_add"),
]

from selaras.technopark import views_umkm  # noqa: E402

urlpatterns += [
    path("", views_umkm.umkm_list, name="umkm_list"),
    path("umkm/", views_umkm.umkm_list),
    path("umkm/tambah/", views_umkm.umkm_add, name="umkm_add"),
    path("umkm/ekspor.xlsx", views_umkm.umkm_xlsx, name="umkm_xlsx"),
    path("umkm/<id:pk>/", views_umkm.umkm_detail, name="umkm_detail"),
    path("umkm/<id:pk>/ubah/", views_umkm.umkm_edit, name="umkm_edit"),
    path("umkm/<id:pk>/riwayat/", views_umkm.umkm_history, name="umkm_history"),
]

from selaras.technopark import views_personal_data  # noqa: E402

urlpatterns += [
    path("umkm/<id:pk>/data-pribadi/", views_personal_data.umkm_data_pribadi, name="umkm_data_pribadi"),
]

from selaras.technopark import views_aktivitas  # noqa: E402

urlpatterns += [
    path("aktivitas/", views_aktivitas.aktivitas_list, name="aktivitas_list"),
    path("aktivitas/tambah/", views_aktivitas.aktivitas_add, name="aktivitas_add"),
    path("aktivitas/cari-umkm/", views_aktivitas.umkm_search, name="umkm_search"),
    path("aktivitas/<id:pk>/", views_aktivitas.aktivitas_detail, name="aktivitas_detail"),
    path("aktivitas/<id:pk>/ubah/", views_aktivitas.aktivitas_edit, name="aktivitas_edit"),
    path("aktivitas/berkas/<id:pk>/", views_aktivitas.aktivitas_foto, name="aktivitas_foto"),
]

from selaras.technopark import views_import  # noqa: E402

urlpatterns += [
    path("umkm/impor/", views_import.umkm_import, name="umkm_import"),
    path("umkm/impor/pratinjau/", views_import.umkm_import_preview, name="umkm_import_preview"),
    path("umkm/impor/jalankan/", views_import.umkm_import_run, name="umkm_import_run"),
    path("umkm/impor/template.xlsx", views_import.umkm_import_template, name="umkm_import_template"),
]

from selaras.technopark import views_potential  # noqa: E402

urlpatterns += [
    path("potensi/", views_potential.potensi, name="potensi"),
    path("potensi/bobot/", views_potential.potensi_bobot, name="potensi_bobot"),
    path("potensi/alokasi/<id:pk>/", views_potential.potensi_alokasi, name="potensi_alokasi"),
]
