from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdvisorsConfig(AppConfig):
    name = "rehber.advisors"
    label = "advisors"
    verbose_name = _("Advisors")

    def ready(self):
        from rehber.advisors import checks  # noqa: F401 (registers the rule-file check)
