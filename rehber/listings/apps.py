from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ListingsConfig(AppConfig):
    name = "rehber.listings"
    label = "listings"
    verbose_name = _("Housing and job listings")

    def ready(self):
        from rehber.core.search import registry
        from rehber.listings import search

        registry.register(
            "listing",
            all_documents=search.listing_documents_all,
            documents_for_key=search.listing_documents_for,
        )
