from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AdvisorValue(models.Model):
    """An admin's value for a key of ``rules/values.yaml``, used instead of the file's
    default from the moment it is saved. No row: the file's default applies."""

    key = models.CharField(_("key"), max_length=120, unique=True)
    value = models.JSONField(_("value"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    changed_at = models.DateTimeField(_("changed at"))
    reason = models.TextField(_("reason"))

    class Meta:
        ordering = ["key"]
        verbose_name = _("advisor value")
        verbose_name_plural = _("advisor values")

    def __str__(self):
        return self.key


class AdvisorValueChange(models.Model):
    """One change of an advisor value: what it was, what it became, who and why.
    ``new_value`` is null when the value went back to the file's default."""

    key = models.CharField(_("key"), max_length=120, db_index=True)
    old_value = models.JSONField(_("old value"), null=True, blank=True)
    new_value = models.JSONField(_("new value"), null=True, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    changed_at = models.DateTimeField(_("changed at"))
    reason = models.TextField(_("reason"))

    class Meta:
        ordering = ["-changed_at", "-id"]
        verbose_name = _("advisor value change")
        verbose_name_plural = _("advisor value changes")

    def __str__(self):
        return f"{self.key} {self.changed_at:%Y-%m-%d %H:%M}"


class RuleSetVersion(models.Model):
    """The text of one advisor's rule file as it was deployed, kept to compare versions."""

    advisor = models.CharField(_("advisor"), max_length=60)
    version = models.CharField(_("version"), max_length=40)
    content = models.TextField(_("content"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        ordering = ["advisor", "-recorded_at", "-id"]
        verbose_name = _("rule set version")
        verbose_name_plural = _("rule set versions")
        constraints = [
            models.UniqueConstraint(
                fields=["advisor", "sha256"], name="advisors_rule_set_version_unique_content"
            )
        ]

    def __str__(self):
        return f"{self.advisor} {self.version}"
