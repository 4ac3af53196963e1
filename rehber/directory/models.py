"""Organizations, their service points and services, opening hours, feedback.

Names, addresses and descriptions are kept per language in JSON fields
(``{"ar": ..., "tr": ..., "en": ..., "fa": ...}``): a directory entry is short
and changes as a whole, so it does not need the guides' translation workflow.
``localized()`` picks the reader's language with a fallback.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from rehber.core.models import District, Province, text_direction

#: The order in which languages stand in when a text is missing in the reader's.
FALLBACK_LANGUAGES = ("en", "tr", "ar", "fa")


def localized(texts: dict | None, language: str | None = None) -> tuple[str, str]:
    """(text, its language) from a per-language mapping, falling back when missing."""
    texts = texts or {}
    language = (language or get_language() or "en").split("-")[0]
    for code in (language, *FALLBACK_LANGUAGES):
        if texts.get(code):
            return texts[code], code
    return "", language


class LocalizedText:
    """A text in the reader's language, with the ``lang`` and ``dir`` of its block."""

    __slots__ = ("dir", "is_fallback", "lang", "text")

    def __init__(self, texts: dict | None, language: str):
        self.text, self.lang = localized(texts, language)
        self.dir = text_direction(self.lang)
        self.is_fallback = bool(self.text) and self.lang != language

    def __str__(self):
        return self.text

    def __bool__(self):
        return bool(self.text)


class OrganizationKind(models.TextChoices):
    PUBLIC = "public", _("Public body")
    NGO = "ngo", _("Non-governmental organization")
    UN = "un", _("United Nations agency")
    DEMO = "demo", _("Demo organization")


class Organization(models.Model):
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    name = models.JSONField(_("name per language"), default=dict)
    kind = models.CharField(_("kind"), max_length=10, choices=OrganizationKind)
    is_demo = models.BooleanField(
        _("demo data"), default=False, help_text=_("Invented for the demo; not a real place.")
    )
    website = models.URLField(_("website"), blank=True)
    verified = models.BooleanField(_("identity checked by staff"), default=False)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")

    def __str__(self):
        return localized(self.name)[0] or self.slug


class ServicePointQuerySet(models.QuerySet):
    def with_place(self):
        return self.select_related("organization", "province", "district")


class ServicePoint(models.Model):
    """A place where services are given: an office, a clinic, a centre."""

    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="points",
        verbose_name=_("organization"),
    )
    name = models.JSONField(_("name per language"), default=dict)
    address = models.JSONField(_("address per language"), default=dict, blank=True)
    directions = models.JSONField(
        _("directions per language"),
        default=dict,
        blank=True,
        help_text=_("How to find it in words: landmarks, bus stops, which door."),
    )
    address_is_approximate = models.BooleanField(
        _("only the town is known"),
        default=False,
        help_text=_("Readers are told to check the exact address before they go."),
    )
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="+", verbose_name=_("province")
    )
    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("district"),
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    step_free = models.BooleanField(_("step-free access"), default=False)
    languages_spoken = models.JSONField(
        _("languages spoken"), default=list, blank=True, help_text=_("Language codes.")
    )
    weekly_hours = models.JSONField(
        _("weekly hours"),
        default=dict,
        blank=True,
        help_text=_('Weekday (0 = Monday) to intervals, e.g. {"0": [["08:30", "17:30"]]}.'),
    )
    ramadan_hours = models.JSONField(
        _("Ramadan hours"),
        default=dict,
        blank=True,
        help_text=_("Weekly hours during Ramadan; empty when they do not change."),
    )
    closed_on_public_holidays = models.BooleanField(_("closed on public holidays"), default=True)

    objects = ServicePointQuerySet.as_manager()

    class Meta:
        ordering = ["province__name_tr", "id"]
        verbose_name = _("service point")
        verbose_name_plural = _("service points")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True, longitude__isnull=True)
                | models.Q(
                    latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180
                ),
                name="service_point_coordinates_valid",
            )
        ]

    def __str__(self):
        return localized(self.name)[0] or f"#{self.pk}"

    def clean(self):
        from rehber.directory.hours import weekly_parse

        for name in ("weekly_hours", "ramadan_hours"):
            try:
                weekly_parse(getattr(self, name))
            except ValueError as error:
                raise ValidationError({name: str(error)}) from None


class HoursException(models.Model):
    """Other hours on one date at one place: closed, or open at other times."""

    point = models.ForeignKey(
        ServicePoint, on_delete=models.CASCADE, related_name="exceptions", verbose_name=_("place")
    )
    date = models.DateField(_("date"))
    intervals = models.JSONField(
        _("hours"), default=list, blank=True, help_text=_("Empty means closed all day.")
    )
    note = models.JSONField(_("note per language"), default=dict, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("hours exception")
        verbose_name_plural = _("hours exceptions")
        constraints = [
            models.UniqueConstraint(fields=["point", "date"], name="hours_exception_one_per_day")
        ]

    def __str__(self):
        return f"{self.point_id} {self.date}"

    def clean(self):
        from rehber.directory.hours import intervals_parse

        try:
            intervals_parse(self.intervals)
        except ValueError as error:
            raise ValidationError({"intervals": str(error)}) from None


class PublicHoliday(models.Model):
    """A national public holiday; places marked so are closed on it."""

    date = models.DateField(_("date"), unique=True)
    name = models.JSONField(_("name per language"), default=dict)

    class Meta:
        ordering = ["date"]
        verbose_name = _("public holiday")
        verbose_name_plural = _("public holidays")

    def __str__(self):
        return f"{self.date} {localized(self.name)[0]}"


class RamadanPeriod(models.Model):
    """The dates of Ramadan in one year, when places may keep Ramadan hours."""

    start = models.DateField(_("first day"))
    end = models.DateField(_("last day"))

    class Meta:
        ordering = ["start"]
        verbose_name = _("Ramadan period")
        verbose_name_plural = _("Ramadan periods")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="ramadan_end_after_start"
            )
        ]

    def __str__(self):
        return f"{self.start}–{self.end}"


class Category(models.TextChoices):
    REGISTRATION = "registration_migration_office", _("Registration and migration office")
    LEGAL_AID = "legal_aid", _("Legal aid")
    HEALTH = "health", _("Health")
    MENTAL_HEALTH = "mental_health", _("Mental health")
    EDUCATION = "education", _("Education")
    TURKISH_COURSES = "turkish_courses", _("Turkish courses")
    CHILD_PROTECTION = "child_protection", _("Child protection")
    GBV_SUPPORT = "gbv_support", _("Support after violence against women")
    EMPLOYMENT = "employment", _("Work and jobs")
    SOCIAL_ASSISTANCE = "social_assistance", _("Social assistance")
    FAMILY_ASSISTANCE = "family_assistance", _("Family assistance")
    SHELTER = "shelter", _("Shelter")


class Gender(models.TextChoices):
    ANY = "any", _("Everyone")
    WOMEN = "women", _("Women and girls")
    MEN = "men", _("Men and boys")


class ServiceQuerySet(models.QuerySet):
    def for_reader(self):
        return self.select_related(
            "point",
            "point__organization",
            "point__province",
            "point__district",
        )

    def for_status(self, legal_status: str):
        """Services open to people with ``legal_status`` (an empty list means everyone)."""
        return self.filter(
            models.Q(legal_statuses=[]) | models.Q(legal_statuses__contains=legal_status)
        )


class Service(models.Model):
    """One kind of help given at a service point."""

    point = models.ForeignKey(
        ServicePoint, on_delete=models.CASCADE, related_name="services", verbose_name=_("place")
    )
    category = models.CharField(_("category"), max_length=40, choices=Category, db_index=True)
    description = models.JSONField(_("description per language"), default=dict, blank=True)
    legal_statuses = models.JSONField(
        _("for these legal statuses"),
        default=list,
        blank=True,
        help_text=_("Empty means open to every status."),
    )
    nationalities = models.JSONField(
        _("for these nationalities"),
        default=list,
        blank=True,
        help_text=_("ISO country codes; empty means every nationality."),
    )
    min_age = models.PositiveSmallIntegerField(_("youngest age"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("oldest age"), null=True, blank=True)
    gender = models.CharField(_("for"), max_length=8, choices=Gender, default=Gender.ANY)
    free = models.BooleanField(_("free of charge"), default=True)
    referral_needed = models.BooleanField(_("referral needed"), default=False)
    last_verified = models.DateField(_("last verified"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by"),
    )
    sources = models.JSONField(_("sources"), default=list, blank=True)

    objects = ServiceQuerySet.as_manager()

    class Meta:
        ordering = ["point__province__name_tr", "point_id", "category"]
        verbose_name = _("service")
        verbose_name_plural = _("services")
        constraints = [
            models.UniqueConstraint(fields=["point", "category"], name="service_one_per_category"),
            models.CheckConstraint(
                condition=models.Q(min_age__isnull=True)
                | models.Q(max_age__isnull=True)
                | models.Q(max_age__gte=models.F("min_age")),
                name="service_age_range_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.point} · {self.get_category_display()}"

    def get_absolute_url(self):
        return reverse("directory:detail", kwargs={"pk": self.pk})

    def is_for_status(self, legal_status: str) -> bool:
        return not self.legal_statuses or legal_status in self.legal_statuses


class ProviderMembership(models.Model):
    """A signed-in person who speaks for an organization: sees its feedback, proposes edits."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="provider_memberships",
        verbose_name=_("person"),
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organization"),
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("provider membership")
        verbose_name_plural = _("provider memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization"], name="provider_membership_unique"
            )
        ]

    def __str__(self):
        return f"{self.user_id} → {self.organization}"


class ModerationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a moderator")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


#: The yes/no questions of feedback: field name -> question.
FEEDBACK_QUESTIONS = {
    "was_open": _("Was it open when you went?"),
    "was_served": _("Did they help you?"),
    "in_my_language": _("Could you speak in your language?"),
    "respectful": _("Were you treated with respect?"),
}


class FeedbackQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=ModerationStatus.APPROVED)


class Feedback(models.Model):
    """What one person says about a service. Public only as totals, after moderation."""

    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="feedback", verbose_name=_("service")
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True, db_index=True)
    was_open = models.BooleanField(FEEDBACK_QUESTIONS["was_open"], null=True, blank=True)
    was_served = models.BooleanField(FEEDBACK_QUESTIONS["was_served"], null=True, blank=True)
    in_my_language = models.BooleanField(
        FEEDBACK_QUESTIONS["in_my_language"], null=True, blank=True
    )
    respectful = models.BooleanField(FEEDBACK_QUESTIONS["respectful"], null=True, blank=True)
    comment = models.TextField(_("comment"), max_length=1000, blank=True)
    language = models.CharField(_("language"), max_length=12, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
        help_text=_("Empty when the person chose to stay anonymous."),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ModerationStatus,
        default=ModerationStatus.PENDING,
        db_index=True,
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("moderated by"),
    )
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True)

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")

    def __str__(self):
        return f"{self.service_id} {self.created_at:%Y-%m-%d} {self.status}"


class ProposedEdit(models.Model):
    """Changes a provider asks for on one of their services; staff apply or refuse them."""

    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="proposals", verbose_name=_("service")
    )
    changes = models.JSONField(_("changed fields"), default=dict)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    created_at = models.DateTimeField(_("proposed"), auto_now_add=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ModerationStatus,
        default=ModerationStatus.PENDING,
        db_index=True,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("proposed edit")
        verbose_name_plural = _("proposed edits")

    def __str__(self):
        return f"{self.service_id} {self.status}"
