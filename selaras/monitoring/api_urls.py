from __future__ import annotations

from rest_framework.routers import DefaultRouter

from selaras.monitoring import api, evaluation_api

router = DefaultRouter(use_regex_path=False)  # ids through the <id:...> converter (404 beyond range)
router.include_format_suffixes = False  # JSON only; "?format=" still chooses the renderer
router.register("realisasi", api.RealisasiViewSet, basename="realisasi")
router.register("realisasi-sub-kegiatan", api.RealisasiSubKegiatanViewSet, basename="realisasi-sub-kegiatan")
router.register("laporan", api.LaporanViewSet, basename="laporan")
router.register("evaluasi", evaluation_api.EvaluationViewSet, basename="evaluasi")
urlpatterns = router.urls
