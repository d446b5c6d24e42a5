from __future__ import annotations

from django.urls import path

from selaras.planning import editing, exports, history, views

app_name = "planning"
urlpatterns = [
    path("renja/", views.renja_list, name="renja_list"),
    path("renja/<int:pk>/", views.renja_detail, name="renja_detail"),
    path("renja/<int:pk>/ekspor.xlsx", exports.renja_xlsx, name="renja_xlsx"),
    path("renja/<int:pk>/ekspor.pdf", exports.renja_pdf, name="renja_pdf"),
    path("renja/<int:pk>/status/", editing.renja_status, name="renja_status"),
    path("renja/<int:pk>/salin/", editing.renja_copy, name="renja_copy"),
    path("renja/<int:pk>/riwayat/", history.renja_history, name="renja_history"),
    path("renja/<int:renja_pk>/sub-kegiatan/tambah/", editing.sub_kegiatan_add, name="sub_kegiatan_add"),
    path("sub-kegiatan/<int:pk>/ubah/", editing.sub_kegiatan_edit, name="sub_kegiatan_edit"),
    path("sub-kegiatan/<int:pk>/hapus/", editing.sub_kegiatan_delete, name="sub_kegiatan_delete"),
    path("sub-kegiatan/<int:pk>/riwayat/", history.sub_kegiatan_history, name="sub_kegiatan_history"),
    path("renja/<int:renja_pk>/indikator/tambah/", editing.indikator_add, name="indikator_add"),
    path("indikator/<int:pk>/", editing.indikator_row, name="indikator_row"),
    path("indikator/<int:pk>/ubah/", editing.indikator_edit, name="indikator_edit"),
    path("indikator/<int:pk>/hapus/", editing.indikator_delete, name="indikator_delete"),
    path("indikator/<int:pk>/riwayat/", history.indikator_history, name="indikator_history"),
    path("renstra/", views.renstra_list, name="renstra_list"),
    path("renstra/<int:pk>/", views.renstra_detail, name="renstra_detail"),
    path("renstra/<int:pk>/riwayat/", history.renstra_history, name="renstra_history"),
]
