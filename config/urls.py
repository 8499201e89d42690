"""The project's addresses: each app's own `urls.py`, and the admin."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("health/", include("config.health")),
    path("", include(("config.site_pages", "site"))),
    path("", include("areas.urls")),
    path("", include("scorecard.urls")),
    path("", include("workflow.urls")),
    path("api/national/", include("national.api_urls")),
    path("api/", include("scorecard.api_urls")),
    path("benchmarking/", include("national.urls")),
    path("imports/", include("imports.urls")),
    path("client-level-data/", include("cld.urls")),
    path("accounts/", include("accounts.urls")),
    path("admin/", admin.site.urls),
]
