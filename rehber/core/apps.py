from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "rehber.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from rehber.core import checks  # noqa: F401 (registers the deployment checks)


class RehberAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "rehber.core.admin_site.RehberAdminSite"

    def ready(self):
        super().ready()
        from axes.models import AccessFailureLog, AccessLog
        from django.contrib import admin
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from rehber.accounts.admin import AuthenticatorAdmin

        # Sign-in logs are switched off (they hold IP addresses), and the
        # stock authenticator admin shows secret keys: ours does not.
        for model in (AccessLog, AccessFailureLog, TOTPDevice):
            if admin.site.is_registered(model):
                admin.site.unregister(model)
        admin.site.register(TOTPDevice, AuthenticatorAdmin)
