"""Guides and law articles as documents of the shared search index (core.search).

Kind "guide": one document per published translation, keyed by the guide's
slug. Kind "law": one document per article and language, keyed
"<law slug>:<article number>"; the Turkish original is indexed as "tr".
"""

from collections.abc import Iterable

from rehber.core.search.registry import SearchDocument
from rehber.guides.models import GuideTranslation, LawArticle


def _guide_text(translation: GuideTranslation) -> str:
    parts = [translation.summary]
    for step in translation.steps:
        parts.extend([step.get("title", ""), step.get("text", "")])
    parts.extend(translation.documents)
    parts.extend([translation.where, translation.costs, *translation.tips])
    return "\n".join(part for part in parts if part)


def _guide_documents(translations: Iterable[GuideTranslation]) -> Iterable[SearchDocument]:
    for translation in translations:
        slug = translation.guide.slug
        yield SearchDocument(
            kind="guide",
            key=slug,
            language=translation.language,
            slug=slug,
            title=translation.title,
            text=_guide_text(translation),
            url=f"/{translation.language}/guides/{slug}/",
        )


def guide_documents_all() -> Iterable[SearchDocument]:
    return _guide_documents(GuideTranslation.objects.published().select_related("guide"))


def guide_documents_for(key: str) -> Iterable[SearchDocument]:
    return _guide_documents(
        GuideTranslation.objects.published().filter(guide__slug=key).select_related("guide")
    )


def _law_documents(articles: Iterable[LawArticle]) -> Iterable[SearchDocument]:
    for article in articles:
        law = article.law
        titles = {title.language: title.title for title in law.titles.all()}
        key = f"{law.slug}:{article.number}"
        yield SearchDocument(
            kind="law",
            key=key,
            language="tr",
            slug=law.slug,
            title=f"{law.title_tr}, madde {article.number}: {article.heading_tr}".rstrip(": "),
            text=article.text_tr,
            url=f"/tr/laws/{law.slug}/#{article.anchor}",
        )
        for translation in article.translations.all():
            law_title = titles.get(translation.language, law.title_tr)
            yield SearchDocument(
                kind="law",
                key=key,
                language=translation.language,
                slug=law.slug,
                title=f"{law_title} {article.number}: {translation.heading}".rstrip(": "),
                text=translation.text,
                url=f"/{translation.language}/laws/{law.slug}/#{article.anchor}",
            )


def law_documents_all() -> Iterable[SearchDocument]:
    articles = LawArticle.objects.select_related("law").prefetch_related(
        "translations", "law__titles"
    )
    return _law_documents(articles)


def law_documents_for(key: str) -> Iterable[SearchDocument]:
    """``key`` is a law slug (every article) or "<law slug>:<number>"."""
    slug, _sep, number = key.partition(":")
    articles = LawArticle.objects.filter(law__slug=slug).select_related("law")
    if number:
        articles = articles.filter(number=number)
    return _law_documents(articles.prefetch_related("translations", "law__titles"))
