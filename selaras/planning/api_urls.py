from __future__ import annotations

from rest_framework.routers import DefaultRouter

from selaras.planning import api

router = DefaultRouter()
router.register("renja", api.RenjaViewSet, basename="renja")
router.register("program", api.ProgramViewSet, basename="program")
router.register("kegiatan", api.KegiatanViewSet, basename="kegiatan")
router.register("sub-kegiatan", api.SubKegiatanViewSet, basename="sub-kegiatan")
router.register("indikator", api.IndikatorViewSet, basename="indikator")
router.register("renstra", api.RenstraViewSet, basename="renstra")
urlpatterns = router.urls
