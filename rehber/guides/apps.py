from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuidesConfig(AppConfig):
    name = "rehber.guides"
    label = "guides"
    verbose_name = _("Guides and laws")

    def ready(self):
        from rehber.core.search import registry
        from rehber.guides import search

        registry.register(
            "guide",
            all_documents=search.guide_documents_all,
            documents_for_key=search.guide_documents_for,
        )
        registry.register(
            "law",
            all_documents=search.law_documents_all,
            documents_for_key=search.law_documents_for,
        )
