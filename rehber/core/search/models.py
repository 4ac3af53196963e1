from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchKind(models.TextChoices):
    """What a search result is. Apps register their kinds in ``core.search.registry``."""

    GUIDE = "guide", _("Guide")
    LAW = "law", _("Law")
    LISTING = "listing", _("Listing")
    SERVICE = "service", _("Service")


class SearchEntry(models.Model):
    """One document in one language, as the search index holds it.

    Written only by ``core.search.services``. ``title_tokens`` and ``tokens`` are
    the analysed terms (``core.search.analysis``) of the title and of the text,
    space-separated; ``length`` is their number. The engine's own index follows this table through
    database triggers made by migration ``core.0003_search``: an FTS5 table on
    SQLite, a term table and a GIN-indexed ``tsvector`` column on PostgreSQL.
    A later migration that makes SQLite rebuild this table must create those
    triggers again, and the lookup index of ``core.0004_search_entry_lookup``.
    """

    kind = models.CharField(_("kind"), max_length=20, choices=SearchKind)
    key = models.CharField(_("translation key"), max_length=200)
    language = models.CharField(_("language"), max_length=12)
    slug = models.CharField(_("slug"), max_length=200, blank=True)
    title = models.CharField(_("title"), max_length=300)
    url = models.CharField(_("address"), max_length=500)
    text = models.TextField(_("text"), blank=True)
    title_tokens = models.TextField(_("title terms"), blank=True)
    tokens = models.TextField(_("text terms"), blank=True)
    length = models.PositiveIntegerField(_("number of terms"), default=0)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "key", "language"], name="search_entry_unique_per_language"
            )
        ]

    def __str__(self):
        return f"{self.kind}:{self.key} [{self.language}]"
