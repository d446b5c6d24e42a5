from __future__ import annotations

from rest_framework.routers import DefaultRouter

from selaras.monitoring import api

router = DefaultRouter()
router.register("realisasi", api.RealisasiViewSet, basename="realisasi")
router.register("realisasi-sub-kegiatan", api.RealisasiSubKegiatanViewSet, basename="realisasi-sub-kegiatan")
router.register("laporan", api.LaporanViewSet, basename="laporan")
urlpatterns = router.urls
