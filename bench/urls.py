"""The project's URLs plus ``/bench/bare/``, a bare Django view for the throughput baseline."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

import rehber.urls


def bare_view(request: HttpRequest) -> HttpResponse:
    """Render a static template as large as the home page, with no queries and no logic."""
    return render(request, "bench/bare.html")


urlpatterns = [path("bench/bare/", bare_view), *rehber.urls.urlpatterns]
