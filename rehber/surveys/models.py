from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SurveyForm(models.Model):
    """A questionnaire, known to clients by its XLSForm ``form_id``."""

    form_id = models.SlugField(_("form id"), max_length=100, unique=True)
    title = models.CharField(_("title"), max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("survey form")

    def __str__(self):
        return self.title

    @property
    def current_version(self):
        return self.versions.order_by("-uploaded_at", "-pk").first()


class FormVersion(models.Model):
    """One uploaded XLSForm and the XForm pyxform made of it."""

    form = models.ForeignKey(SurveyForm, on_delete=models.CASCADE, related_name="versions")
    version = models.CharField(_("version"), max_length=100)
    xlsform = models.BinaryField(_("XLSForm file"))
    xlsform_name = models.CharField(max_length=255, blank=True)
    xform = models.TextField(_("XForm"))
    warnings = models.JSONField(default=list, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["form", "version"], name="surveys_version_unique")
        ]

    def __str__(self):
        return f"{self.form.form_id} {self.version}"


class Question(models.Model):
    version = models.ForeignKey(FormVersion, on_delete=models.CASCADE, related_name="questions")
    name = models.CharField(max_length=100)
    path = models.CharField(max_length=500)
    type = models.CharField(max_length=30)
    labels = models.JSONField(default=dict)  # {"en": ..., "ar": ..., "tr": ..., "fa": ...}
    relevance = models.TextField(blank=True)
    required = models.BooleanField(default=False)
    list_name = models.CharField(max_length=100, blank=True)
    position = models.PositiveIntegerField()

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "name"], name="surveys_question_unique")
        ]

    def __str__(self):
        return self.name


class Choice(models.Model):
    version = models.ForeignKey(FormVersion, on_delete=models.CASCADE, related_name="choices")
    list_name = models.CharField(max_length=100)
    value = models.CharField(max_length=255)
    labels = models.JSONField(default=dict)
    position = models.PositiveIntegerField()

    class Meta:
        ordering = ["list_name", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "list_name", "value"], name="surveys_choice_unique"
            )
        ]

    def __str__(self):
        return f"{self.list_name}:{self.value}"


class Source(models.TextChoices):
    WEB = "web", _("Web entry")
    OPENROSA = "openrosa", _("ODK Collect or another OpenRosa client")
    IMPORT = "import", _("Import")


class ReviewState(models.TextChoices):
    RECEIVED = "received", _("Received")
    HAS_ISSUES = "has_issues", _("Has issues")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class Submission(models.Model):
    """One completed questionnaire. The answers are personal data."""

    form = models.ForeignKey(SurveyForm, on_delete=models.PROTECT, related_name="submissions")
    version = models.ForeignKey(FormVersion, on_delete=models.PROTECT, related_name="submissions")
    instance_id = models.CharField(max_length=255)
    answers = models.JSONField(default=dict)
    indicators = models.JSONField(default=dict, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    source = models.CharField(max_length=10, choices=Source.choices)
    received_at = models.DateTimeField(auto_now_add=True)
    state = models.CharField(
        _("review state"), max_length=12, choices=ReviewState.choices, default=ReviewState.RECEIVED
    )
    sent_back = models.BooleanField(
        default=False, help_text=_("The analyst asked the enumerator to look again.")
    )

    class Meta:
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["form", "instance_id"], name="surveys_instance_unique")
        ]
        indexes = [models.Index(fields=["form", "state"])]

    def __str__(self):
        return self.instance_id


class ReviewComment(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = models.CharField(max_length=12, choices=ReviewState.choices)
    text = models.TextField(blank=True)
    sent_back = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.submission_id} {self.state}"


class Draft(models.Model):
    """Answers an enumerator saved on the web before submitting; only theirs."""

    version = models.ForeignKey(FormVersion, on_delete=models.CASCADE, related_name="drafts")
    enumerator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="survey_drafts"
    )
    answers = models.JSONField(default=dict)  # raw text as typed, so nothing is lost
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]

    def __str__(self):
        return f"draft {self.pk}"


class IndicatorDefinition(models.Model):
    """A derived indicator, evaluated by ``rehber.surveys.indicators``."""

    form = models.ForeignKey(SurveyForm, on_delete=models.CASCADE, related_name="indicators")
    name = models.SlugField(max_length=100)
    labels = models.JSONField(default=dict)
    definition = models.JSONField()
    position = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["form", "name"], name="surveys_indicator_unique")
        ]

    def __str__(self):
        return self.name


class PublishedTable(models.Model):
    """A table an analyst published. The public sees only ``snapshot``: estimates after
    small-cell suppression, computed when it was published; never a submission."""

    form = models.ForeignKey(SurveyForm, on_delete=models.PROTECT, related_name="published_tables")
    variable = models.CharField(_("variable"), max_length=101)
    by = models.CharField(_("by"), max_length=101, blank=True)
    weight = models.CharField(_("weight"), max_length=100, blank=True)
    strata = models.CharField(_("strata"), max_length=100, blank=True)
    cluster = models.CharField(_("clusters"), max_length=100, blank=True)
    states = models.JSONField(default=list)
    k = models.PositiveSmallIntegerField(_("smallest cell shown"), default=5)
    titles = models.JSONField(default=dict, blank=True)  # {"en": ..., "ar": ...}; may be empty
    snapshot = models.JSONField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("published table")
        constraints = [
            models.CheckConstraint(condition=models.Q(k__gte=3), name="surveys_published_k_min")
        ]

    def __str__(self):
        return f"{self.form.form_id} {self.variable}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("surveys:public_detail", kwargs={"pk": self.pk})
