from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from rehber.api import api
from rehber.guides.views import service_worker

urlpatterns = [
    path("api/v1/", api.urls),
    path("sw.js", service_worker, name="service_worker"),
    path("openrosa/", include("rehber.surveys.openrosa_urls")),
]

urlpatterns += i18n_patterns(
    path("", include("rehber.core.urls")),
    path("", include("rehber.guides.urls")),
    path("", include("rehber.advisors.urls")),
    path("", include("rehber.directory.urls")),
    path("", include("rehber.listings.urls")),
    path("", include("rehber.surveys.urls")),
    path("account/", include("rehber.accounts.urls")),
    path("admin/", admin.site.urls),
)
