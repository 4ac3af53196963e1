import datetime

from django.conf import settings
from django.http import Http404
from ninja import Field, Query, Router, Schema

from rehber.guides import selectors

router = Router(tags=["guides"])

LANGUAGE_PATTERN = r"^[a-z]{2,3}$"


class StepOut(Schema):
    title: str
    text: str


class SourceOut(Schema):
    kind: str = Field(description="law_article or page")
    title: str
    url: str


class GuideOut(Schema):
    slug: str
    lang: str = Field(description="Language of the text returned")
    requested_lang: str
    fallback: bool = Field(description="True when the guide is not in the requested language")
    status: str = Field(description="published, or outdated when the source changed since")
    machine_translated: bool
    reviewed: bool
    title: str
    summary: str
    steps: list[StepOut]
    documents: list[str]
    where: str
    costs: str
    tips: list[str]
    topic: str
    applies_to: list[str]
    last_verified: datetime.date | None
    needs_review: bool
    sources: list[SourceOut]
    url: str


class GuideQuery(Schema):
    lang: str = Field(settings.LANGUAGE_CODE, pattern=LANGUAGE_PATTERN)


@router.get("/guides/{slug}", response=GuideOut, summary="A guide in one language")
def guide_detail(request, slug: str, query: Query[GuideQuery]):
    item = selectors.guide_for_reader(slug=slug, language=query.lang)
    if item is None:
        raise Http404("No such guide.")
    guide, translation = item.guide, item.translation
    sources = []
    for source in guide.sources.all():
        if source.law_article:
            article = source.law_article
            sources.append(
                SourceOut(
                    kind="law_article",
                    title=f"{article.law.title_tr}, madde {article.number}",
                    url=f"/{item.lang}/laws/{article.law.slug}/#{article.anchor}",
                )
            )
        else:
            sources.append(SourceOut(kind="page", title=source.title, url=source.url))
    return GuideOut(
        slug=guide.slug,
        lang=item.lang,
        requested_lang=query.lang,
        fallback=item.is_fallback,
        status=translation.state,
        machine_translated=translation.machine_translated,
        reviewed=translation.is_source or bool(translation.reviewed_by_id),
        title=translation.title,
        summary=translation.summary,
        steps=translation.steps,
        documents=translation.documents,
        where=translation.where,
        costs=translation.costs,
        tips=translation.tips,
        topic=guide.topic,
        applies_to=guide.applies_to,
        last_verified=item.checked_on,
        needs_review=guide.needs_review,
        sources=sources,
        url=f"/{item.lang}/guides/{guide.slug}/",
    )
