"""Housing and job listings, reports against them, and verified posters.

A listing hidden by reports keeps its status ``published`` and gets
``hidden_by_reports=True``: readers and search no longer see it until a
moderator restores it (the flag goes off) or removes it (status ``removed``).
"""

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

#: Days a published listing stays up before it expires (renewal starts the count again).
LISTING_LIFETIME_DAYS = 30
#: Photos one listing may have.
MAX_PHOTOS = 5
#: Days before expiry when the poster gets a reminder to renew.
RENEWAL_REMINDER_DAYS = 3
#: Reports from this many different people hide a listing until a moderator decides.
HIDE_AFTER_REPORTS = 3


class ListingKind(models.TextChoices):
    HOUSING = "housing", _("Housing")
    JOB = "job", _("Job")


class ListingStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PENDING = "pending", _("Waiting for a moderator")
    PUBLISHED = "published", _("Published")
    EXPIRED = "expired", _("Expired")
    REMOVED = "removed", _("Removed")
    REJECTED = "rejected", _("Rejected")


class Sector(models.TextChoices):
    AGRICULTURE = "agriculture", _("Farming and agriculture")
    CONSTRUCTION = "construction", _("Construction")
    TEXTILE = "textile", _("Textile and clothing")
    MANUFACTURING = "manufacturing", _("Factory work")
    FOOD = "food", _("Restaurants and food")
    RETAIL = "retail", _("Shops and sales")
    CLEANING = "cleaning", _("Cleaning")
    CARE = "care", _("Care for children, elderly or sick people")
    TRANSPORT = "transport", _("Transport and delivery")
    OFFICE = "office", _("Office work and translation")
    OTHER = "other", _("Other work")


class EmploymentType(models.TextChoices):
    FULL_TIME = "full_time", _("Full time")
    PART_TIME = "part_time", _("Part time")
    SEASONAL = "seasonal", _("Seasonal")
    DAILY = "daily", _("Day work")


class WagePeriod(models.TextChoices):
    HOUR = "hour", _("per hour")
    DAY = "day", _("per day")
    WEEK = "week", _("per week")
    MONTH = "month", _("per month")


class ReportReason(models.TextChoices):
    SCAM = "scam", _("Scam: asks for money, or the home or job does not exist")
    EXPLOITATION = "exploitation", _("Exploitation: no pay, no SGK, unsafe work")
    DISCRIMINATION = "discrimination", _("Discrimination")
    WRONG_INFORMATION = "wrong_information", _("Wrong information")
    DUPLICATE = "duplicate", _("Posted more than once")


class VerificationKind(models.TextChoices):
    ORGANIZATION = "organization", _("Organization")
    EMPLOYER = "employer", _("Employer with a tax number")


class ListingQuerySet(models.QuerySet):
    def visible(self):
        """What readers and search see: published and not hidden by reports."""
        return self.filter(status=ListingStatus.PUBLISHED, hidden_by_reports=False)


#: The index text searches check the seekers' filters in (see ``Listing.Meta``).
SEARCH_FILTERS_INDEX = "listing_search_filters"


class Listing(models.Model):
    kind = models.CharField(_("kind"), max_length=10, choices=ListingKind)
    language = models.CharField(_("language of the text"), max_length=12)
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), max_length=4000)
    province = models.ForeignKey(
        "core.Province", on_delete=models.PROTECT, related_name="+", verbose_name=_("province")
    )
    district = models.ForeignKey(
        "core.District",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("district"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ListingStatus, default=ListingStatus.DRAFT
    )
    hidden_by_reports = models.BooleanField(_("hidden after reports"), default=False)
    moderation_reason = models.CharField(_("moderator's reason"), max_length=300, blank=True)
    poster = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="listings",
        verbose_name=_("poster"),
    )
    organization_name = models.CharField(_("organization or company"), max_length=120, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    renewal_reminded_on = models.DateField(_("renewal reminder sent"), null=True, blank=True)

    # Housing
    monthly_rent = models.PositiveIntegerField(_("monthly rent (TRY)"), null=True, blank=True)
    deposit = models.PositiveIntegerField(_("deposit (TRY)"), null=True, blank=True)
    rooms = models.PositiveSmallIntegerField(_("rooms"), null=True, blank=True)
    furnished = models.BooleanField(_("furnished"), default=False)
    floor = models.SmallIntegerField(_("floor"), null=True, blank=True)
    women_only = models.BooleanField(_("for women only"), default=False)
    families_only = models.BooleanField(_("for families only"), default=False)
    bills_included = models.BooleanField(_("bills included"), default=False)

    # Job
    sector = models.CharField(_("sector"), max_length=20, choices=Sector, blank=True)
    employment_type = models.CharField(
        _("type of work"), max_length=10, choices=EmploymentType, blank=True
    )
    wage = models.PositiveIntegerField(_("wage (TRY)"), null=True, blank=True)
    wage_period = models.CharField(_("wage period"), max_length=5, choices=WagePeriod, blank=True)
    hours_per_week = models.PositiveSmallIntegerField(_("hours per week"), null=True, blank=True)
    sgk_registration = models.BooleanField(
        _("registered with SGK (social security)"), default=False
    )
    work_permit_provided = models.BooleanField(_("employer gets the work permit"), default=False)
    languages_required = models.CharField(_("languages needed"), max_length=100, blank=True)
    accommodation_provided = models.BooleanField(_("accommodation provided"), default=False)

    objects = ListingQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("listing")
        verbose_name_plural = _("listings")
        indexes = [
            models.Index(fields=["status", "kind", "province"], name="listing_seek"),
            models.Index(fields=["status", "expires_on"], name="listing_expiry"),
            # A text search checks each matching listing against the seeker's filters
            # by id (core.search ``Restriction``): this index answers that from a few
            # megabytes instead of the rows with their descriptions.
            models.Index(
                fields=[
                    "id",
                    "status",
                    "hidden_by_reports",
                    "kind",
                    "province",
                    "district",
                    "monthly_rent",
                    "rooms",
                    "sector",
                    "furnished",
                    "women_only",
                    "families_only",
                    "sgk_registration",
                ],
                name=SEARCH_FILTERS_INDEX,
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=ListingStatus.values), name="listing_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=ListingKind.values), name="listing_kind_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(kind=ListingKind.JOB) | models.Q(monthly_rent__isnull=False),
                name="listing_housing_has_rent",
            ),
            models.CheckConstraint(
                condition=models.Q(kind=ListingKind.HOUSING) | ~models.Q(sector=""),
                name="listing_job_has_sector",
            ),
            models.CheckConstraint(
                condition=~models.Q(women_only=True, families_only=True),
                name="listing_women_or_families_not_both",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("listings:detail", kwargs={"pk": self.pk})

    @property
    def is_visible(self) -> bool:
        return self.status == ListingStatus.PUBLISHED and not self.hidden_by_reports

    def may_renew(self, today: datetime.date) -> bool:
        """Published listings in their last week, and expired ones, can be renewed."""
        if self.status == ListingStatus.EXPIRED:
            return True
        return (
            self.status == ListingStatus.PUBLISHED
            and self.expires_on is not None
            and self.expires_on - today <= datetime.timedelta(days=7)
        )


class ListingPhoto(models.Model):
    """A photo of a listing, stored re-encoded without metadata (``photo_processing``).

    The bytes live in the database so that every web process serves them
    without shared file storage; a photo is at most a few hundred kilobytes.
    """

    listing = models.ForeignKey(
        Listing, on_delete=models.CASCADE, related_name="photos", verbose_name=_("listing")
    )
    photo = models.BinaryField(_("photo (JPEG)"))
    thumbnail = models.BinaryField(_("thumbnail (JPEG)"))
    width = models.PositiveSmallIntegerField(_("width"))
    height = models.PositiveSmallIntegerField(_("height"))
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self):
        return f"{self.listing_id}: {self.pk}"


class Report(models.Model):
    """One person's report against a listing; a person reports a listing once."""

    listing = models.ForeignKey(
        Listing, on_delete=models.CASCADE, related_name="reports", verbose_name=_("listing")
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("reported by"),
    )
    reason = models.CharField(_("reason"), max_length=20, choices=ReportReason)
    text = models.TextField(_("what happened"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("reported"), auto_now_add=True)
    resolved = models.BooleanField(_("dealt with"), default=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(
                fields=["listing", "reporter"], name="report_once_per_reporter"
            ),
            models.CheckConstraint(
                condition=models.Q(reason__in=ReportReason.values), name="report_reason_valid"
            ),
        ]

    def __str__(self):
        return f"{self.listing_id}: {self.reason}"


class PosterVerification(models.Model):
    """A moderator checked this poster: an organization, or an employer with a tax number.

    Verified posters publish at once; others wait for a moderator.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="poster_verification",
        verbose_name=_("poster"),
    )
    kind = models.CharField(_("verified as"), max_length=12, choices=VerificationKind)
    organization_name = models.CharField(_("organization or company"), max_length=120)
    tax_number = models.CharField(_("tax number (VKN)"), max_length=10, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("verified by"),
    )
    verified_at = models.DateTimeField(_("verified"), auto_now_add=True)

    class Meta:
        verbose_name = _("verified poster")
        verbose_name_plural = _("verified posters")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind=VerificationKind.ORGANIZATION)
                | models.Q(tax_number__regex=r"^[0-9]{10}$"),
                name="verification_employer_has_tax_number",
            )
        ]

    def __str__(self):
        return self.organization_name


class Conversation(models.Model):
    """A seeker writing to a poster about one listing, through Rehber (the contact relay).

    Neither side sees the other's phone number or e-mail address until both
    have pressed "share my contact details". Either side can block the other;
    a blocked conversation takes no more messages and shows no contact details.
    """

    listing = models.ForeignKey(
        Listing, on_delete=models.CASCADE, related_name="conversations", verbose_name=_("listing")
    )
    seeker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("seeker"),
    )
    seeker_shares = models.BooleanField(_("seeker shares contact details"), default=False)
    poster_shares = models.BooleanField(_("poster shares contact details"), default=False)
    blocked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("blocked by"),
    )
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last message"), auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        constraints = [
            models.UniqueConstraint(
                fields=["listing", "seeker"], name="conversation_once_per_seeker"
            )
        ]

    def __str__(self):
        return f"{self.listing_id}:{self.seeker_id}"

    def get_absolute_url(self):
        return reverse("listings:conversation", kwargs={"pk": self.pk})

    @property
    def both_share(self) -> bool:
        return self.seeker_shares and self.poster_shares and self.blocked_by_id is None


class Message(models.Model):
    """One message of a conversation. Contact details in it are hidden until both sides agree."""

    conversation = models.ForeignKey(
        Conversation,
        on_delete=models.CASCADE,
        related_name="messages",
        verbose_name=_("conversation"),
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("sender"),
    )
    text = models.TextField(_("message"), max_length=2000)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")

    def __str__(self):
        return f"{self.conversation_id}: {self.created_at:%Y-%m-%d %H:%M}"


class ApiToken(models.Model):
    """A poster's key for creating and changing listings through the API.

    Only the SHA-256 hash of the key is stored; the key is shown once, when made.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="listing_api_tokens",
        verbose_name=_("account"),
    )
    name = models.CharField(_("name"), max_length=60)
    prefix = models.CharField(_("first characters"), max_length=8)
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("made"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"
