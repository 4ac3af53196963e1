"""Reads of guides and laws, for readers and for staff."""

import datetime
import difflib
from dataclasses import dataclass, field

from django.db.models import F, Prefetch

from rehber.core.models import Language, text_direction
from rehber.guides.models import (
    CONTENT_FIELDS,
    Guide,
    GuideRevision,
    GuideTranslation,
    Law,
    LawArticle,
    LawArticleTranslation,
    Topic,
)


def language_fallbacks(language: str, source_language: str) -> list[str]:
    """Languages to try, best first, when a text is missing in ``language``.

    The reader's language, then the source, then English and Turkish (the
    languages most readers of Rehber read besides their own).
    """
    order = [language, source_language, "en", "tr"]
    return list(dict.fromkeys(order))


def _pick(translations: list, language: str, source_language: str):
    by_language = {translation.language: translation for translation in translations}
    for code in language_fallbacks(language, source_language):
        if code in by_language:
            return by_language[code]
    return translations[0] if translations else None


@dataclass
class ReaderGuide:
    guide: Guide
    translation: GuideTranslation
    requested_language: str
    fits: bool = False

    @property
    def is_fallback(self) -> bool:
        return self.translation.language != self.requested_language

    @property
    def lang(self) -> str:
        return self.translation.language

    @property
    def dir(self) -> str:
        return text_direction(self.translation.language)

    @property
    def checked_on(self) -> datetime.date | None:
        """When the guide's facts were last checked: the date on its source text."""
        for translation in self.guide.published_translations:
            if translation.language == self.guide.source_language:
                return translation.last_verified
        return self.translation.last_verified


@dataclass
class TopicGroup:
    topic: str
    label: str
    guides: list[ReaderGuide] = field(default_factory=list)


def _published_translations():
    return Prefetch(
        "translations",
        queryset=GuideTranslation.objects.published(),
        to_attr="published_translations",
    )


def guide_list_for_reader(
    *, language: str, legal_status: str = "", province_code: int | None = None
) -> list[TopicGroup]:
    """Guides by topic; those for the reader's legal status or province come first."""
    guides = Guide.objects.prefetch_related(_published_translations())
    groups = {topic: TopicGroup(topic=topic, label=str(label)) for topic, label in Topic.choices}
    for guide in guides:
        translation = _pick(guide.published_translations, language, guide.source_language)
        if translation is None:
            continue
        groups[guide.topic].guides.append(
            ReaderGuide(
                guide=guide,
                translation=translation,
                requested_language=language,
                fits=guide.fits(legal_status, province_code),
            )
        )
    for group in groups.values():
        group.guides.sort(key=lambda item: (not item.fits, item.guide.position, item.guide.slug))
    ordered = sorted(groups.values(), key=lambda group: not any(g.fits for g in group.guides))
    return [group for group in ordered if group.guides]


def guide_for_reader(*, slug: str, language: str) -> ReaderGuide | None:
    guide = (
        Guide.objects.filter(slug=slug)
        .prefetch_related(
            _published_translations(),
            "sources__law_article__law",
        )
        .first()
    )
    if guide is None:
        return None
    translation = _pick(guide.published_translations, language, guide.source_language)
    if translation is None:
        return None
    return ReaderGuide(guide=guide, translation=translation, requested_language=language)


def guide_languages(*, guide: Guide) -> list[str]:
    return [translation.language for translation in guide.published_translations]


@dataclass
class ReaderArticle:
    article: LawArticle
    translation: LawArticleTranslation | None
    requested_language: str

    @property
    def is_fallback(self) -> bool:
        return self.translation is not None and self.translation.language != self.requested_language

    @property
    def dir(self) -> str:
        return text_direction(self.translation.language) if self.translation else "ltr"


def law_list() -> list[Law]:
    return list(Law.objects.prefetch_related("titles"))


def law_title(*, law: Law, language: str) -> str:
    if language == "tr":
        return law.title_tr
    titles = {title.language: title.title for title in law.titles.all()}
    for code in language_fallbacks(language, "tr"):
        if code == "tr":
            return law.title_tr
        if code in titles:
            return titles[code]
    return law.title_tr


def law_for_reader(*, slug: str, language: str) -> tuple[Law, list[ReaderArticle]] | None:
    law = (
        Law.objects.filter(slug=slug)
        .prefetch_related(
            "titles",
            Prefetch(
                "articles",
                queryset=LawArticle.objects.prefetch_related("translations", "amendments"),
            ),
        )
        .first()
    )
    if law is None:
        return None
    articles = []
    for article in law.articles.all():
        translation = None
        if language != "tr":
            translation = _pick(list(article.translations.all()), language, "en")
        articles.append(
            ReaderArticle(article=article, translation=translation, requested_language=language)
        )
    return law, articles


# Staff ----------------------------------------------------------------------


@dataclass
class GuideRow:
    guide: Guide
    cells: list[dict]
    stale: bool


def staff_guide_matrix(*, today: datetime.date) -> tuple[list[str], list[GuideRow]]:
    """For each guide and content language: its state (source, published, outdated,
    draft, awaiting review or missing)."""
    languages = list(Language.objects.enabled().values_list("code", flat=True))
    guides = Guide.objects.prefetch_related("translations")
    rows = []
    for guide in guides:
        by_language = {
            translation.language: translation for translation in guide.translations.all()
        }
        cells = []
        for code in languages:
            translation = by_language.get(code)
            cells.append({"language": code, "translation": translation})
        rows.append(GuideRow(guide=guide, cells=cells, stale=_is_stale(guide, by_language, today)))
    return languages, rows


def _is_stale(guide: Guide, by_language: dict, today: datetime.date) -> bool:
    if guide.needs_review:
        return True
    source = by_language.get(guide.source_language)
    if source is None or source.last_verified is None:
        return True
    return source.last_verified + datetime.timedelta(days=guide.review_every_days) < today


@dataclass
class StaleGuide:
    guide: Guide
    checked_on: datetime.date | None
    due_on: datetime.date | None
    reason: str


def guides_stale(*, today: datetime.date) -> list[StaleGuide]:
    """Guides past their review date, or citing a law article that changed."""
    stale = []
    for guide in Guide.objects.prefetch_related("translations"):
        by_language = {
            translation.language: translation for translation in guide.translations.all()
        }
        if not _is_stale(guide, by_language, today):
            continue
        source = by_language.get(guide.source_language)
        checked_on = source.last_verified if source else None
        due_on = (
            checked_on + datetime.timedelta(days=guide.review_every_days) if checked_on else None
        )
        stale.append(
            StaleGuide(
                guide=guide, checked_on=checked_on, due_on=due_on, reason=guide.needs_review_reason
            )
        )
    stale.sort(key=lambda item: (not item.guide.needs_review, item.due_on or datetime.date.min))
    return stale


def translations_outdated():
    return GuideTranslation.objects.outdated().select_related("guide").order_by("guide__slug")


def law_translations_outdated():
    """Article translations made from an older text of the article."""
    return (
        LawArticleTranslation.objects.filter(source_version__lt=F("article__version"))
        .select_related("article__law")
        .order_by("article__law__slug", "article__position", "language")
    )


def translations_awaiting_review():
    return (
        GuideTranslation.objects.unreviewed()
        .select_related("guide", "updated_by")
        .order_by("-machine_translated", "guide__slug", "language")
    )


def translation_get(*, slug: str, language: str) -> GuideTranslation | None:
    return (
        GuideTranslation.objects.select_related("guide", "updated_by", "reviewed_by")
        .filter(guide__slug=slug, language=language)
        .first()
    )


def translation_draft(*, translation: GuideTranslation) -> GuideRevision | None:
    """The newest unpublished draft, if it is newer than the published text."""
    latest = translation.revisions.first()
    if latest is not None and not latest.published:
        return latest
    return None


def content_as_lines(content: dict) -> list[str]:
    """A guide's text as lines, for reading a difference between two versions."""
    lines = []
    for name in CONTENT_FIELDS:
        value = content.get(name)
        if name == "steps":
            for number, step in enumerate(value or [], 1):
                lines.append(f"[{number}] {step.get('title', '')}")
                lines.extend(str(step.get("text", "")).splitlines())
        elif isinstance(value, list):
            lines.extend(f"- {item}" for item in value)
        else:
            lines.extend(str(value or "").splitlines())
        lines.append("")
    return lines


@dataclass
class RevisionView:
    revision: GuideRevision
    diff: list[tuple[str, str]]


def revision_history(*, translation: GuideTranslation) -> list[RevisionView]:
    """Revisions newest first, each with what changed since the one before it."""
    revisions = list(
        translation.revisions.select_related("created_by").order_by("created_at", "id")
    )
    views = []
    previous: list[str] = []
    for revision in revisions:
        current = content_as_lines(revision.content)
        diff = []
        for line in difflib.ndiff(previous, current):
            tag, text = line[:1], line[2:]
            if tag == "+":
                diff.append(("added", text))
            elif tag == "-":
                diff.append(("removed", text))
        views.append(RevisionView(revision=revision, diff=diff))
        previous = current
    views.reverse()
    return views


def published_status_counts() -> dict[str, int]:
    return {
        "outdated": GuideTranslation.objects.outdated().count(),
        "awaiting_review": GuideTranslation.objects.unreviewed().count(),
    }
