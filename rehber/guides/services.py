"""Every write to guides and laws. Keyword-only, atomic, validated."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rehber.accounts.models import User
from rehber.core.models import Language, LegalStatus
from rehber.guides.models import (
    CONTENT_FIELDS,
    Guide,
    GuideRevision,
    GuideSource,
    GuideTranslation,
    Law,
    LawArticle,
    LawArticleAmendment,
    LawArticleTranslation,
    LawTitle,
    Topic,
    TranslationStatus,
)
from rehber.guides.page_cache import guide_pages


def _reindex(kind: str, key: str) -> None:
    """Refresh the search entries of one guide or law, and the cached pages,
    once the transaction commits."""
    from rehber.core.search.tasks import search_index_key

    transaction.on_commit(lambda: search_index_key.enqueue(kind, key))
    guide_pages.bump_after_commit()


def _law_key(article: LawArticle) -> str:
    return f"{article.law.slug}:{article.number}"


def _check_language(code: str) -> None:
    if not Language.objects.filter(code=code, enabled=True).exists():
        raise ValidationError(_("Unknown language: %(code)s") % {"code": code})


def content_clean(content: dict) -> dict:
    """Check and normalise the text of a guide translation."""
    title = str(content.get("title") or "").strip()
    if not title:
        raise ValidationError({"title": _("A guide needs a title.")})
    steps = []
    for step in content.get("steps") or []:
        step_title = str(step.get("title") or "").strip()
        step_text = str(step.get("text") or "").strip()
        if step_title or step_text:
            if not step_title:
                raise ValidationError({"steps": _("Every step needs a short title.")})
            steps.append({"title": step_title, "text": step_text})

    def lines(value) -> list[str]:
        if isinstance(value, str):
            value = value.splitlines()
        return [str(line).strip() for line in value or [] if str(line).strip()]

    return {
        "title": title,
        "summary": str(content.get("summary") or "").strip(),
        "steps": steps,
        "documents": lines(content.get("documents")),
        "where": str(content.get("where") or "").strip(),
        "costs": str(content.get("costs") or "").strip(),
        "tips": lines(content.get("tips")),
    }


@transaction.atomic
def guide_create(
    *,
    slug: str,
    topic: str,
    source_language: str,
    actor: User | None,
    applies_to: list[str] | None = None,
    provinces: list[int] | None = None,
    review_every_days: int = 180,
    position: int = 0,
) -> Guide:
    if topic not in Topic.values:
        raise ValidationError({"topic": _("Unknown topic.")})
    unknown = set(applies_to or []) - set(LegalStatus.values)
    if unknown:
        raise ValidationError({"applies_to": _("Unknown legal status.")})
    _check_language(source_language)
    guide = Guide(
        slug=slug,
        topic=topic,
        source_language=source_language,
        applies_to=list(applies_to or []),
        provinces=list(provinces or []),
        review_every_days=review_every_days,
        position=position,
    )
    guide.full_clean()
    guide.save()
    return guide


@transaction.atomic
def guide_draft_save(
    *, guide: Guide, language: str, content: dict, actor: User | None
) -> GuideRevision:
    """Keep work in progress. Readers and other translations are not affected."""
    _check_language(language)
    content = content_clean(content)
    translation, _created = GuideTranslation.objects.get_or_create(
        guide=guide, language=language, defaults={"title": content["title"]}
    )
    return GuideRevision.objects.create(
        translation=translation,
        version=translation.version,
        published=False,
        content=content,
        created_by=actor,
    )


@transaction.atomic
def guide_publish(
    *,
    guide: Guide,
    language: str,
    content: dict,
    actor: User | None,
    minor: bool = False,
    machine_translated: bool = False,
    last_verified: datetime.date | None = None,
) -> GuideTranslation:
    """Publish the text of one language.

    The source language: a normal edit makes every translation outdated; a
    minor edit (spelling, a link) leaves them current. A translation: it is
    now made from the current source version and waits for review.
    """
    _check_language(language)
    content = content_clean(content)
    guide = Guide.objects.select_for_update().get(pk=guide.pk)
    translation, _created = GuideTranslation.objects.select_for_update().get_or_create(
        guide=guide, language=language, defaults={"title": content["title"]}
    )
    is_source = language == guide.source_language
    if is_source:
        first = guide.source_version == 0
        if first or not minor:
            guide.source_version += 1
            guide.save(update_fields=["source_version"])
        minor = minor and not first
    else:
        source = guide.translations.filter(
            language=guide.source_language, status=TranslationStatus.PUBLISHED
        ).first()
        if source is None:
            raise ValidationError(_("Publish the source text before its translations."))
        minor = False

    for field in CONTENT_FIELDS:
        setattr(translation, field, content[field])
    translation.status = TranslationStatus.PUBLISHED
    translation.version += 1
    translation.source_version = guide.source_version
    translation.machine_translated = machine_translated and not is_source
    translation.reviewed_by = None
    translation.reviewed_at = None
    translation.updated_by = actor
    translation.updated_at = timezone.now()
    if last_verified is not None:
        translation.last_verified = last_verified
    elif is_source and not minor:
        translation.last_verified = timezone.localdate()
    translation.save()
    GuideRevision.objects.create(
        translation=translation,
        version=translation.version,
        published=True,
        minor=minor,
        content=content,
        created_by=actor,
    )
    _reindex("guide", guide.slug)
    return translation


@transaction.atomic
def guide_translation_review(*, translation: GuideTranslation, actor: User) -> GuideTranslation:
    """A second person confirms a translation (machine-made or not) reads right."""
    if translation.is_source or translation.status != TranslationStatus.PUBLISHED:
        raise ValidationError(_("Only published translations are reviewed."))
    if translation.is_outdated:
        raise ValidationError(_("Update this translation to the new source text first."))
    if translation.updated_by_id == actor.pk and not actor.is_superuser:
        raise ValidationError(_("Someone other than the translator must review it."))
    translation.reviewed_by = actor
    translation.reviewed_at = timezone.now()
    translation.save(update_fields=["reviewed_by", "reviewed_at"])
    return translation


@transaction.atomic
def guide_mark_verified(
    *, guide: Guide, actor: User | None, on: datetime.date | None = None
) -> Guide:
    """Someone checked the guide's facts against its sources today."""
    on = on or timezone.localdate()
    guide.translations.filter(language=guide.source_language).update(last_verified=on)
    guide.needs_review = False
    guide.needs_review_reason = ""
    guide.save(update_fields=["needs_review", "needs_review_reason"])
    guide_pages.bump_after_commit()
    return guide


@transaction.atomic
def guide_source_add(
    *,
    guide: Guide,
    law_article: LawArticle | None = None,
    title: str = "",
    url: str = "",
    actor: User | None = None,
) -> GuideSource:
    source = GuideSource(
        guide=guide,
        law_article=law_article,
        title=title,
        url=url,
        position=guide.sources.count(),
    )
    source.full_clean()
    source.save()
    guide_pages.bump_after_commit()
    return source


@transaction.atomic
def law_create(
    *,
    slug: str,
    number: str,
    kind: str,
    title_tr: str,
    titles: dict[str, str],
    gazette: str = "",
    official_url: str = "",
    position: int = 0,
) -> Law:
    law = Law(
        slug=slug,
        number=number,
        kind=kind,
        title_tr=title_tr,
        gazette=gazette,
        official_url=official_url,
        position=position,
    )
    law.full_clean()
    law.save()
    for language, title in titles.items():
        if language != "tr":
            LawTitle.objects.create(law=law, language=language, title=title)
    return law


@transaction.atomic
def law_article_create(
    *,
    law: Law,
    number: str,
    heading_tr: str,
    text_tr: str,
    text_is_summary: bool,
    translations: dict[str, dict[str, str]],
    position: int = 0,
) -> LawArticle:
    article = LawArticle.objects.create(
        law=law,
        number=number,
        heading_tr=heading_tr,
        text_tr=text_tr.strip(),
        text_is_summary=text_is_summary,
        position=position,
    )
    for language, translation in translations.items():
        law_article_translation_save(
            article=article,
            language=language,
            heading=translation.get("heading", ""),
            text=translation["text"],
            actor=None,
            index=False,
        )
    _reindex("law", _law_key(article))
    return article


@transaction.atomic
def law_article_translation_save(
    *,
    article: LawArticle,
    language: str,
    heading: str,
    text: str,
    actor: User | None,
    machine_translated: bool = False,
    index: bool = True,
) -> LawArticleTranslation:
    _check_language(language)
    if not text.strip():
        raise ValidationError({"text": _("The translation is empty.")})
    translation, _created = LawArticleTranslation.objects.update_or_create(
        article=article,
        language=language,
        defaults={
            "heading": heading.strip(),
            "text": text.strip(),
            "source_version": article.version,
            "machine_translated": machine_translated,
            "reviewed_by": None,
            "updated_at": timezone.now(),
        },
    )
    if index:
        _reindex("law", _law_key(article))
    return translation


@transaction.atomic
def law_article_amend(
    *,
    article: LawArticle,
    text_tr: str,
    effective_date: datetime.date,
    actor: User | None,
    act: str = "",
    note: str = "",
    text_is_summary: bool | None = None,
) -> LawArticleAmendment:
    """Record a change of the law. Its translations become outdated, and every
    guide that cites the article is flagged for review."""
    text_tr = text_tr.strip()
    if not text_tr:
        raise ValidationError({"text_tr": _("The new text is empty.")})
    if text_tr == article.text_tr:
        raise ValidationError({"text_tr": _("The text did not change.")})
    article = LawArticle.objects.select_for_update().get(pk=article.pk)
    amendment = LawArticleAmendment.objects.create(
        article=article,
        effective_date=effective_date,
        act=act.strip(),
        note=note.strip(),
        previous_text=article.text_tr,
    )
    article.text_tr = text_tr
    if text_is_summary is not None:
        article.text_is_summary = text_is_summary
    article.version += 1
    article.updated_at = timezone.now()
    article.save()
    reason = _("%(law)s article %(number)s changed on %(date)s.") % {
        "law": article.law.title_tr,
        "number": article.number,
        "date": effective_date.isoformat(),
    }
    Guide.objects.filter(sources__law_article=article).update(
        needs_review=True, needs_review_reason=reason[:300]
    )
    _reindex("law", _law_key(article))
    return amendment
