"""The HTTP JSON API under /api/v1/, described at /api/v1/openapi.json (DESIGN §4)."""

from ninja import NinjaAPI

from rehber.advisors.api import router as advisors_router
from rehber.core.api import router as core_router
from rehber.directory.api import router as directory_router
from rehber.guides.api import router as guides_router
from rehber.listings.api import router as listings_router
from rehber.surveys.api import router as surveys_router

api = NinjaAPI(
    title="Rehber API",
    version="1",
    description="Guides, advisors, listings and services for migrants and refugees in Turkey.",
    urls_namespace="api",
    docs_url=None,  # the interactive docs load scripts from a CDN; we make no third-party requests
)
api.add_router("/", core_router)
api.add_router("/", guides_router)
api.add_router("/advisors", advisors_router)
api.add_router("/services", directory_router)
api.add_router("/surveys", surveys_router)
api.add_router("/listings", listings_router)
