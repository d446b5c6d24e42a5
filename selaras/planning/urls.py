from __future__ import annotations

from django.urls import path

from selaras.planning import editing, exports, history, renstra_exports, renstra_realisasi, views
from selaras.planning import renstra_editing as renstra_edit

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
    path("program/<int:pk>/hapus/", editing.program_delete, name="program_delete"),
    path("kegiatan/<int:pk>/hapus/", editing.kegiatan_delete, name="kegiatan_delete"),
    path("sub-kegiatan/<int:pk>/", editing.sub_kegiatan_row, name="sub_kegiatan_row"),
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
    path("renstra/<int:pk>/ekspor.xlsx", renstra_exports.renstra_xlsx, name="renstra_xlsx"),
    path("renstra/<int:pk>/ekspor.pdf", renstra_exports.renstra_pdf, name="renstra_pdf"),
    path(
        "renstra/indikator/<int:pk>/realisasi/",
        renstra_realisasi.indikator_realisasi,
        name="renstra_indikator_realisasi",
    ),
    path("renstra/item/<int:pk>/realisasi/", renstra_realisasi.item_realisasi, name="renstra_item_realisasi"),
    path("renstra/<int:renstra_pk>/tujuan/tambah/", renstra_edit.tujuan_add, name="renstra_tujuan_add"),
    path("renstra/tujuan/<int:pk>/", renstra_edit.tujuan_row, name="renstra_tujuan_row"),
    path("renstra/tujuan/<int:pk>/ubah/", renstra_edit.tujuan_edit, name="renstra_tujuan_edit"),
    path("renstra/<int:renstra_pk>/sasaran/tambah/", renstra_edit.sasaran_add, name="renstra_sasaran_add"),
    path("renstra/sasaran/<int:pk>/", renstra_edit.sasaran_row, name="renstra_sasaran_row"),
    path("renstra/sasaran/<int:pk>/ubah/", renstra_edit.sasaran_edit, name="renstra_sasaran_edit"),
    path(
        "renstra/<int:renstra_pk>/indikator/tambah/", renstra_edit.indikator_add, name="renstra_indikator_add"
    ),
    path("renstra/indikator/<int:pk>/", renstra_edit.indikator_row, name="renstra_indikator_row"),
    path("renstra/indikator/<int:pk>/ubah/", renstra_edit.indikator_edit, name="renstra_indikator_edit"),
    path("renstra/indikator/<int:pk>/hapus/", renstra_edit.indikator_delete, name="renstra_indikator_delete"),
    path("renstra/<int:renstra_pk>/item/tambah/", renstra_edit.item_add, name="renstra_item_add"),
    path("renstra/item/<int:pk>/", renstra_edit.item_row, name="renstra_item_row"),
    path("renstra/item/<int:pk>/ubah/", renstra_edit.item_edit, name="renstra_item_edit"),
    path("renstra/item/<int:pk>/hapus/", renstra_edit.item_delete, name="renstra_item_delete"),
]
