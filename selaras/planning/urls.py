from __future__ import annotations

from django.urls import path

from selaras.planning import (
    anggaran_kas_import_views,
    editing,
    exports,
    history,
    renstra_exports,
    renstra_realisasi,
    views,
)
from selaras.planning import renstra_editing as renstra_edit

app_name = "planning"
urlpatterns = [
    path("renja/", views.renja_list, name="renja_list"),
    path("renja/<id:pk>/", views.renja_detail, name="renja_detail"),
    path("renja/<id:pk>/ekspor.xlsx", exports.renja_xlsx, name="renja_xlsx"),
    path("renja/<id:pk>/ekspor.pdf", exports.renja_pdf, name="renja_pdf"),
    path(
        "renja/<id:pk>/impor-anggaran-kas/",
        anggaran_kas_import_views.anggaran_kas_import,
        name="renja_anggaran_kas_import",
    ),
    path("renja/<id:pk>/status/", editing.renja_status, name="renja_status"),
    path("renja/<id:pk>/salin/", editing.renja_copy, name="renja_copy"),
    path("renja/<id:pk>/riwayat/", history.renja_history, name="renja_history"),
    path("renja/<id:renja_pk>/sub-kegiatan/tambah/", editing.sub_kegiatan_add, name="sub_kegiatan_add"),
    path("program/<id:pk>/hapus/", editing.program_delete, name="program_delete"),
    path("kegiatan/<id:pk>/hapus/", editing.kegiatan_delete, name="kegiatan_delete"),
    path("sub-kegiatan/<id:pk>/", editing.sub_kegiatan_row, name="sub_kegiatan_row"),
    path("sub-kegiatan/<id:pk>/ubah/", editing.sub_kegiatan_edit, name="sub_kegiatan_edit"),
    path("sub-kegiatan/<id:pk>/hapus/", editing.sub_kegiatan_delete, name="sub_kegiatan_delete"),
    path("sub-kegiatan/<id:pk>/riwayat/", history.sub_kegiatan_history, name="sub_kegiatan_history"),
    path("renja/<id:renja_pk>/indikator/tambah/", editing.indikator_add, name="indikator_add"),
    path("indikator/<id:pk>/", editing.indikator_row, name="indikator_row"),
    path("indikator/<id:pk>/ubah/", editing.indikator_edit, name="indikator_edit"),
    path("indikator/<id:pk>/hapus/", editing.indikator_delete, name="indikator_delete"),
    path("indikator/<id:pk>/riwayat/", history.indikator_history, name="indikator_history"),
    path("renstra/", views.renstra_list, name="renstra_list"),
    path("renstra/<id:pk>/", views.renstra_detail, name="renstra_detail"),
    path("renstra/<id:pk>/riwayat/", history.renstra_history, name="renstra_history"),
    path("renstra/<id:pk>/ekspor.xlsx", renstra_exports.renstra_xlsx, name="renstra_xlsx"),
    path("renstra/<id:pk>/ekspor.pdf", renstra_exports.renstra_pdf, name="renstra_pdf"),
    path(
        "renstra/indikator/<id:pk>/realisasi/",
        renstra_realisasi.indikator_realisasi,
        name="renstra_indikator_realisasi",
    ),
    path("renstra/item/<id:pk>/realisasi/", renstra_realisasi.item_realisasi, name="renstra_item_realisasi"),
    path("renstra/<id:renstra_pk>/tujuan/tambah/", renstra_edit.tujuan_add, name="renstra_tujuan_add"),
    path("renstra/tujuan/<id:pk>/", renstra_edit.tujuan_row, name="renstra_tujuan_row"),
    path("renstra/tujuan/<id:pk>/ubah/", renstra_edit.tujuan_edit, name="renstra_tujuan_edit"),
    path("renstra/<id:renstra_pk>/sasaran/tambah/", renstra_edit.sasaran_add, name="renstra_sasaran_add"),
    path("renstra/sasaran/<id:pk>/", renstra_edit.sasaran_row, name="renstra_sasaran_row"),
    path("renstra/sasaran/<id:pk>/ubah/", renstra_edit.sasaran_edit, name="renstra_sasaran_edit"),
    path(
        "renstra/<id:renstra_pk>/indikator/tambah/", renstra_edit.indikator_add, name="renstra_indikator_add"
    ),
    path("renstra/indikator/<id:pk>/", renstra_edit.indikator_row, name="renstra_indikator_row"),
    path("renstra/indikator/<id:pk>/ubah/", renstra_edit.indikator_edit, name="renstra_indikator_edit"),
    path("renstra/indikator/<id:pk>/hapus/", renstra_edit.indikator_delete, name="renstra_indikator_delete"),
    path("renstra/<id:renstra_pk>/item/tambah/", renstra_edit.item_add, name="renstra_item_add"),
    path("renstra/item/<id:pk>/", renstra_edit.item_row, name="renstra_item_row"),
    path("renstra/item/<id:pk>/ubah/", renstra_edit.item_edit, name="renstra_item_edit"),
    path("renstra/item/<id:pk>/hapus/", renstra_edit.item_delete, name="renstra_item_delete"),
]
