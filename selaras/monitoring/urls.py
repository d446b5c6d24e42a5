from __future__ import annotations

from django.urls import path

from selaras.monitoring import dashboard, evaluation_e80_views, evaluation_views, views

app_name = "monitoring"
urlpatterns = [
    path("", dashboard.index, name="index"),
    path("renja/<id:renja_pk>/dasbor/", dashboard.dashboard, name="dashboard"),
    path("renja/<id:renja_pk>/peringatan/", dashboard.warning, name="warning"),
    path("renja/<id:renja_pk>/triwulan/<int:triwulan>/", views.entry_page, name="entry"),
    path("renja/<id:renja_pk>/evaluasi/", evaluation_views.evaluation_page, name="evaluation"),
    path("renja/<id:renja_pk>/evaluasi.xlsx", evaluation_views.evaluation_xlsx, name="evaluation_xlsx"),
    path("renja/<id:renja_pk>/evaluasi.pdf", evaluation_views.evaluation_pdf, name="evaluation_pdf"),
    path("renstra/<id:pk>/evaluasi-e80/", evaluation_e80_views.e80_page, name="e80"),
    path("renstra/<id:pk>/evaluasi-e80/narasi/", evaluation_e80_views.e80_narasi, name="e80_narasi"),
    path("renstra/<id:pk>/evaluasi-e80.xlsx", evaluation_e80_views.e80_xlsx, name="e80_xlsx"),
    path("renstra/<id:pk>/evaluasi-e80.pdf", evaluation_e80_views.e80_pdf, name="e80_pdf"),
    path("indikator/<id:pk>/tw<int:triwulan>/simpan/", views.realisasi_save, name="realisasi_save"),
    path("indikator/<id:pk>/tw<int:triwulan>/pratinjau/", views.realisasi_preview, name="realisasi_preview"),
    path("sub-kegiatan/<id:pk>/tw<int:triwulan>/simpan/", views.anggaran_save, name="anggaran_save"),
    path("sub-kegiatan/<id:pk>/tw<int:triwulan>/pratinjau/", views.anggaran_preview, name="anggaran_preview"),
    path("sub-kegiatan/<id:pk>/tw<int:triwulan>/bukti/", views.bukti_upload, name="bukti_upload"),
    path("bukti/<id:pk>/", views.bukti_download, name="bukti_download"),
    path("renja/<id:renja_pk>/kelengkapan/", views.completeness_page, name="completeness"),
    path("kelengkapan/", views.completeness_latest, name="completeness_latest"),
    path("batas-waktu/", views.deadlines_page, name="deadlines"),
    path("bukti/<id:pk>/hapus/", views.bukti_delete, name="bukti_delete"),
    path(
        "renja/<id:renja_pk>/unit/<id:unit_pk>/tw<int:triwulan>/isi-laporan/",
        views.report_contents_panel,
        name="report_contents",
    ),
    path(
        "renja/<id:renja_pk>/unit/<id:unit_pk>/tw<int:triwulan>/<str:action>/",
        views.workflow,
        name="workflow",
    ),
]
