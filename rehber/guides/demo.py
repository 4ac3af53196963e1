"""Load the demo guides and laws of ``content/`` through the services.

Idempotent: a guide or law already in the database is left as it is.
"""

import datetime
from pathlib import Path

import yaml
from django.db import transaction

from rehber.guides import services
from rehber.guides.models import Guide, Law, LawArticle

CONTENT_DIR = Path(__file__).resolve().parent / "content"
LANGUAGE_ORDER = ["en", "tr", "ar", "fa"]


def _read(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@transaction.atomic
def demo_laws_load() -> int:
    created = 0
    for position, path in enumerate(sorted((CONTENT_DIR / "laws").glob("*.yaml"))):
        data = _read(path)
        if Law.objects.filter(slug=data["slug"]).exists():
            continue
        law = services.law_create(
            slug=data["slug"],
            number=str(data.get("number", "")),
            kind=data.get("kind", "law"),
            title_tr=data["title"]["tr"],
            titles=data["title"],
            gazette=data.get("gazette", ""),
            official_url=data.get("official_url", ""),
            position=position,
        )
        for article_position, article in enumerate(data["articles"]):
            headings = article.get("heading", {})
            created_article = services.law_article_create(
                law=law,
                number=str(article["number"]),
                heading_tr=headings.get("tr", ""),
                text_tr=article["text_tr"],
                text_is_summary=bool(article.get("text_tr_is_summary", False)),
                translations={
                    language: {"heading": headings.get(language, ""), "text": text}
                    for language, text in (article.get("translations") or {}).items()
                },
                position=article_position,
            )
            for amendment in article.get("amendments") or []:
                created_article.amendments.create(
                    effective_date=amendment["date"],
                    act=amendment.get("act", ""),
                    note=amendment.get("note", ""),
                )
        created += 1
    return created


@transaction.atomic
def demo_guides_load() -> int:
    created = 0
    for position, path in enumerate(sorted((CONTENT_DIR / "guides").glob("*.yaml"))):
        data = _read(path)
        if Guide.objects.filter(slug=data["slug"]).exists():
            continue
        guide = services.guide_create(
            slug=data["slug"],
            topic=data["topic"],
            source_language=data.get("source_language", "en"),
            applies_to=data.get("applies_to") or [],
            provinces=data.get("provinces") or [],
            review_every_days=int(data.get("review_every_days", 180)),
            position=position,
            actor=None,
        )
        last_verified = data.get("last_verified")
        if isinstance(last_verified, str):
            last_verified = datetime.date.fromisoformat(last_verified)
        translations = data["translations"]
        languages = sorted(
            translations,
            key=lambda code: (
                code != guide.source_language,
                LANGUAGE_ORDER.index(code) if code in LANGUAGE_ORDER else 99,
            ),
        )
        for language in languages:
            services.guide_publish(
                guide=guide,
                language=language,
                content=translations[language],
                actor=None,
                last_verified=last_verified,
            )
        for source in data.get("sources") or []:
            if "law" in source:
                article = LawArticle.objects.get(
                    law__slug=source["law"], number=str(source["article"])
                )
                services.guide_source_add(guide=guide, law_article=article)
            else:
                services.guide_source_add(
                    guide=guide, title=source.get("title", ""), url=source["url"]
                )
        created += 1
    return created
