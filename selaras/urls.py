from __future__ import annotations

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from selaras.core import params  # noqa: F401  (registers the <id:...> path converter first)
from selaras.core.health import health
from selaras.planning import views as planning_views

handler400 = "selaras.core.errors.bad_request"
handler403 = "selaras.core.errors.permission_denied"
handler404 = "selaras.core.errors.not_found"
handler500 = "selaras.core.errors.server_error"

urlpatterns = [
    path("", planning_views.home, name="home"),
    path("akun/", include("selaras.accounts.urls")),
    path("perencanaan/", include("selaras.planning.urls")),
    path("referensi/", include("selaras.reference.urls")),
    path("monitoring/", include("selaras.monitoring.urls")),
    path("technopark/", include("selaras.technopark.urls")),
    path("api/", include("selaras.planning.api_urls")),
    path("api/monitoring/", include("selaras.monitoring.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("admin/", admin.site.urls),
    path("kesehatan/", health, name="health"),
]
