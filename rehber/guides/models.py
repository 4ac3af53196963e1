"""Guides and Turkish laws, one translation row per language (DESIGN §3).

A guide is the translation key; each ``GuideTranslation`` is its text in one
language. The source language is the one editors change first. A translation
made from an older source version is *outdated*: that is derived from
``source_version`` and never stored, so it cannot drift.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Topic(models.TextChoices):
    REGISTRATION = "registration", _("Registration and papers")
    RESIDENCE = "residence", _("Residence permits")
    PROTECTION = "protection", _("Protection")
    WORK = "work", _("Work")
    MONEY = "money", _("Money and support")
    HEALTH = "health", _("Health")
    EDUCATION = "education", _("School")
    HOUSING = "housing", _("Housing")
    FAMILY = "family", _("Family")


class TranslationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    # Shown, never stored: a published translation of an older source version.
    OUTDATED = "outdated", _("Outdated")


class Guide(models.Model):
    slug = models.SlugField(_("address name"), max_length=80, unique=True)
    topic = models.CharField(_("topic"), max_length=20, choices=Topic)
    source_language = models.CharField(_("source language"), max_length=12, default="en")
    applies_to = models.JSONField(
        _("mainly for"),
        default=list,
        blank=True,
        help_text=_("Legal statuses this guide is mainly for; empty means everyone."),
    )
    provinces = models.JSONField(_("provinces"), default=list, blank=True)
    review_every_days = models.PositiveSmallIntegerField(
        _("check the facts every (days)"), default=180
    )
    source_version = models.PositiveIntegerField(
        _("source version"),
        default=0,
        help_text=_("Version of the source text that translations must be made from."),
    )
    needs_review = models.BooleanField(_("needs review"), default=False)
    needs_review_reason = models.CharField(_("why it needs review"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["topic", "position", "slug"]
        verbose_name = _("guide")
        verbose_name_plural = _("guides")

    def __str__(self):
        return self.slug

    def get_absolute_url(self):
        return reverse("guides:detail", kwargs={"slug": self.slug})

    def fits(self, legal_status: str, province_code: int | None = None) -> bool:
        """Whether this guide is meant for a visitor with this status, or in this province."""
        status_fits = bool(legal_status) and legal_status in self.applies_to
        province_fits = province_code is not None and province_code in self.provinces
        return status_fits or province_fits


class TranslationQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=TranslationStatus.PUBLISHED)

    def outdated(self):
        return (
            self.published()
            .filter(source_version__lt=F("guide__source_version"))
            .exclude(language=F("guide__source_language"))
        )

    def unreviewed(self):
        return (
            self.published()
            .filter(reviewed_by__isnull=True)
            .exclude(language=F("guide__source_language"))
        )


class GuideTranslation(models.Model):
    guide = models.ForeignKey(
        Guide, on_delete=models.CASCADE, related_name="translations", verbose_name=_("guide")
    )
    language = models.CharField(_("language"), max_length=12)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=[
            (TranslationStatus.DRAFT, TranslationStatus.DRAFT.label),
            (TranslationStatus.PUBLISHED, TranslationStatus.PUBLISHED.label),
        ],
        default=TranslationStatus.DRAFT,
    )
    version = models.PositiveIntegerField(_("version"), default=0)
    source_version = models.PositiveIntegerField(_("made from source version"), default=0)
    machine_translated = models.BooleanField(_("machine translation"), default=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    last_verified = models.DateField(_("facts last checked"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    steps = models.JSONField(_("steps"), default=list, blank=True)
    documents = models.JSONField(_("documents to bring"), default=list, blank=True)
    where = models.TextField(_("where to go"), blank=True)
    costs = models.TextField(_("costs"), blank=True)
    tips = models.JSONField(_("good to know"), default=list, blank=True)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )

    objects = TranslationQuerySet.as_manager()

    class Meta:
        ordering = ["guide", "language"]
        verbose_name = _("guide translation")
        verbose_name_plural = _("guide translations")
        constraints = [
            models.UniqueConstraint(fields=["guide", "language"], name="guide_one_row_per_language")
        ]

    def __str__(self):
        return f"{self.guide.slug} [{self.language}]"

    @property
    def is_source(self) -> bool:
        return self.language == self.guide.source_language

    @property
    def is_outdated(self) -> bool:
        return (
            not self.is_source
            and self.status == TranslationStatus.PUBLISHED
            and self.source_version < self.guide.source_version
        )

    @property
    def awaits_review(self) -> bool:
        return (
            not self.is_source
            and self.status == TranslationStatus.PUBLISHED
            and not self.reviewed_by_id
        )

    @property
    def state(self) -> str:
        if self.is_outdated:
            return TranslationStatus.OUTDATED
        return self.status

    @property
    def state_label(self) -> str:
        return str(TranslationStatus(self.state).label)

    def content(self) -> dict:
        """The text of this translation, as revisions store it."""
        return {field: getattr(self, field) for field in CONTENT_FIELDS}


CONTENT_FIELDS = ("title", "summary", "steps", "documents", "where", "costs", "tips")


class GuideRevision(models.Model):
    """Every saved state of a translation: drafts and published versions, for history and diff."""

    translation = models.ForeignKey(
        GuideTranslation, on_delete=models.CASCADE, related_name="revisions"
    )
    version = models.PositiveIntegerField(_("version"))
    published = models.BooleanField(_("published"), default=False)
    minor = models.BooleanField(
        _("minor edit"), default=False, help_text=_("Needs no new translation.")
    )
    content = models.JSONField(_("content"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("saved"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("guide revision")
        verbose_name_plural = _("guide revisions")

    def __str__(self):
        return f"{self.translation} v{self.version}"


class LawKind(models.TextChoices):
    LAW = "law", _("Law")
    REGULATION = "regulation", _("Regulation")


class Law(models.Model):
    slug = models.SlugField(_("address name"), max_length=80, unique=True)
    number = models.CharField(_("number"), max_length=20, blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=LawKind, default=LawKind.LAW)
    title_tr = models.CharField(_("official title"), max_length=300)
    gazette = models.CharField(_("Official Gazette"), max_length=200, blank=True)
    official_url = models.URLField(_("official text"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("law")
        verbose_name_plural = _("laws")

    def __str__(self):
        return self.title_tr

    def get_absolute_url(self):
        return reverse("guides:law_detail", kwargs={"slug": self.slug})


class LawTitle(models.Model):
    """The title of a law in a language other than Turkish."""

    law = models.ForeignKey(Law, on_delete=models.CASCADE, related_name="titles")
    language = models.CharField(_("language"), max_length=12)
    title = models.CharField(_("title"), max_length=300)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["law", "language"], name="law_title_one_per_language")
        ]

    def __str__(self):
        return self.title


class LawArticle(models.Model):
    law = models.ForeignKey(Law, on_delete=models.CASCADE, related_name="articles")
    number = models.CharField(_("article"), max_length=12)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    heading_tr = models.CharField(_("heading"), max_length=300, blank=True)
    text_tr = models.TextField(_("Turkish text"))
    text_is_summary = models.BooleanField(_("summary, not the official wording"), default=False)
    version = models.PositiveIntegerField(_("version"), default=1)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        ordering = ["law", "position"]
        verbose_name = _("law article")
        verbose_name_plural = _("law articles")
        constraints = [
            models.UniqueConstraint(fields=["law", "number"], name="law_article_unique_number")
        ]

    def __str__(self):
        return f"{self.law.slug} {self.number}"

    def get_absolute_url(self):
        return f"{self.law.get_absolute_url()}#article-{self.number}"

    @property
    def anchor(self) -> str:
        return f"article-{self.number}"


class LawArticleAmendment(models.Model):
    """One change of an article's text, with the date it took effect."""

    article = models.ForeignKey(LawArticle, on_delete=models.CASCADE, related_name="amendments")
    effective_date = models.DateField(_("in force from"))
    act = models.CharField(_("changed by"), max_length=200, blank=True)
    note = models.TextField(_("what changed"), blank=True)
    previous_text = models.TextField(_("text before"), blank=True)
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        ordering = ["article", "effective_date", "id"]
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")

    def __str__(self):
        return f"{self.article} {self.effective_date}"


class LawArticleTranslation(models.Model):
    article = models.ForeignKey(LawArticle, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(_("language"), max_length=12)
    heading = models.CharField(_("heading"), max_length=300, blank=True)
    text = models.TextField(_("text"))
    source_version = models.PositiveIntegerField(_("made from article version"), default=1)
    machine_translated = models.BooleanField(_("machine translation"), default=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("article translation")
        verbose_name_plural = _("article translations")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "language"], name="law_article_one_row_per_language"
            )
        ]

    def __str__(self):
        return f"{self.article} [{self.language}]"

    @property
    def is_outdated(self) -> bool:
        return self.source_version < self.article.version


class GuideSource(models.Model):
    """What a guide rests on: a law article, or an official page."""

    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="sources")
    law_article = models.ForeignKey(
        LawArticle,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cited_by",
        verbose_name=_("law article"),
    )
    title = models.CharField(_("title"), max_length=300, blank=True)
    url = models.URLField(_("address"), max_length=500, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["guide", "position"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        constraints = [
            models.CheckConstraint(
                condition=Q(law_article__isnull=False) | ~Q(url=""),
                name="guide_source_article_or_url",
            )
        ]

    def __str__(self):
        return self.title or str(self.law_article)
