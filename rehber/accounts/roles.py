"""Staff roles. Each role is a Django group of the same name (DESIGN §3)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    EDITOR = "editor", _("Editor")
    TRANSLATOR = "translator", _("Translator")
    MODERATOR = "moderator", _("Moderator")
    CASEWORKER = "caseworker", _("Caseworker")
    ANALYST = "analyst", _("Analyst")
    ENUMERATOR = "enumerator", _("Enumerator")
    GRANTS_MANAGER = "grants_manager", _("Grants manager")
    PANELIST = "panelist", _("Panel member")
    ADMIN = "admin", _("Administrator")


STAFF_ROLES = frozenset(Role.values)

#: The model permissions each role's group holds, as "app_label.codename".
#: `rehber roles_sync` makes the groups match this table exactly.
ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.EDITOR: [],
    Role.TRANSLATOR: [],
    Role.MODERATOR: [],
    Role.CASEWORKER: [],
    Role.ANALYST: [],
    Role.ENUMERATOR: [],
    Role.GRANTS_MANAGER: [],
    Role.PANELIST: [],
    Role.ADMIN: [
        "accounts.view_user",
        "accounts.change_user",
        "auth.view_group",
        "core.view_auditentry",
        "core.view_language",
        "core.add_language",
        "core.change_language",
        "core.view_province",
        "core.change_province",
        "core.view_district",
        "core.change_district",
        "otp_totp.view_totpdevice",
        "otp_totp.delete_totpdevice",
        "axes.view_accessattempt",
        "axes.delete_accessattempt",
        "django_tasks_database.view_dbtaskresult",
        "directory.view_providermembership",
        "directory.add_providermembership",
        "directory.delete_providermembership",
        "directory.view_publicholiday",
        "directory.add_publicholiday",
        "directory.change_publicholiday",
        "directory.delete_publicholiday",
        "directory.view_ramadanperiod",
        "directory.add_ramadanperiod",
        "directory.change_ramadanperiod",
        "directory.delete_ramadanperiod",
        "directory.view_hoursexception",
        "directory.add_hoursexception",
        "directory.change_hoursexception",
        "directory.delete_hoursexception",
    ],
}
