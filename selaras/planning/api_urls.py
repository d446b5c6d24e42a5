from __future__ import annotations

from rest_framework.routers import DefaultRouter

from selaras.planning import api

router = DefaultRouter(use_regex_path=False)  # ids through the <id:...> converter (404 beyond range)
router.include_format_suffixes = False  # JSON only; "?format=" still chooses the renderer
router.register("renja", api.RenjaViewSet, basename="renja")
router.register("program", api.ProgramViewSet, basename="program")
router.register("kegiatan", api.KegiatanViewSet, basename="kegiatan")
router.register("sub-kegiatan", api.SubKegiatanViewSet, basename="sub-kegiatan")
router.register("indikator", api.IndikatorViewSet, basename="indikator")
router.register("renstra", api.RenstraViewSet, basename="renstra")
urlpatterns = router.urls
