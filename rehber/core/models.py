from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from rehber.core.search.models import SearchEntry, SearchKind  # noqa: F401 (registered as core)


class TextDirection(models.TextChoices):
    LTR = "ltr", _("Left to right")
    RTL = "rtl", _("Right to left")


def text_direction(code: str) -> str:
    """ "rtl" or "ltr" for a language code. The one place that decides it: the
    right-to-left list in settings (Django's, plus Pashto). ``Language`` rows
    carry the same direction for content languages."""
    base = (code or "").split("-")[0]
    return TextDirection.RTL if base in settings.LANGUAGES_BIDI else TextDirection.LTR


class LegalStatus(models.TextChoices):
    """A visitor's legal situation in Turkey, as they describe it themselves."""

    TEMPORARY_PROTECTION = "temporary_protection", _("Temporary protection (Syrians)")
    PROTECTION_APPLICANT = "protection_applicant", _("Applied for international protection")
    INTERNATIONAL_PROTECTION = (
        "international_protection",
        _("Refugee, conditional refugee or subsidiary protection"),
    )
    RESIDENCE_PERMIT = "residence_permit", _("Residence permit")
    WORK_PERMIT = "work_permit", _("Work permit or Turquoise Card")
    NO_STATUS = "no_status", _("Not registered yet")
    TURKISH_CITIZEN = "turkish_citizen", _("Turkish citizen")


class LanguageQuerySet(models.QuerySet):
    def enabled(self):
        return self.filter(enabled=True)


class Language(models.Model):
    """A language content can be written in. UI languages are in settings.LANGUAGES."""

    code = models.CharField(_("code"), max_length=12, unique=True)
    native_name = models.CharField(_("native name"), max_length=60)
    english_name = models.CharField(_("English name"), max_length=60)
    direction = models.CharField(
        _("text direction"), max_length=3, choices=TextDirection, default=TextDirection.LTR
    )
    enabled = models.BooleanField(_("enabled"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = LanguageQuerySet.as_manager()

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("language")
        verbose_name_plural = _("languages")

    def __str__(self):
        return self.native_name

    @property
    def is_rtl(self) -> bool:
        return self.direction == TextDirection.RTL


class Province(models.Model):
    """One of Turkey's 81 provinces (il), keyed by its licence-plate code."""

    code = models.PositiveSmallIntegerField(_("plate code"), unique=True)
    name_tr = models.CharField(_("Turkish name"), max_length=40, unique=True)
    name_en = models.CharField(_("English name"), max_length=40)
    name_ar = models.CharField(_("Arabic name"), max_length=40)
    name_fa = models.CharField(_("Persian name"), max_length=40)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))

    class Meta:
        ordering = ["name_tr"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__gte=1, code__lte=81), name="province_code_1_to_81"
            )
        ]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        """The name in the active language; Turkish where we hold no other."""
        language = (get_language() or "tr").split("-")[0]
        return getattr(self, f"name_{language}", "") or self.name_tr


class District(models.Model):
    """A district (ilçe) of a province, with an approximate centroid."""

    province = models.ForeignKey(
        Province, on_delete=models.CASCADE, related_name="districts", verbose_name=_("province")
    )
    name = models.CharField(_("name"), max_length=60)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))

    class Meta:
        ordering = ["province__name_tr", "name"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        constraints = [
            models.UniqueConstraint(
                fields=["province", "name"], name="district_unique_per_province"
            )
        ]

    def __str__(self):
        return self.name


class AuditEntry(models.Model):
    """Who did what to which record, and when. Written only by ``audit_record``.

    ``data`` names what changed (field names, old and new roles, counts); it
    never holds the personal data itself.
    """

    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    action = models.CharField(_("action"), max_length=80, db_index=True)
    target_type = models.CharField(_("target type"), max_length=80, blank=True)
    target_id = models.CharField(_("target id"), max_length=64, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target")]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action}"
