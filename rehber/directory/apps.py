from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "rehber.directory"
    label = "directory"
    verbose_name = _("Services directory")

    def ready(self):
        from rehber.core.search import registry
        from rehber.directory import search

        registry.register(
            "service",
            all_documents=search.service_documents_all,
            documents_for_key=search.service_documents_for,
        )
