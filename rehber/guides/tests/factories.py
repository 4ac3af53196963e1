import datetime

from rehber.guides import services
from rehber.guides.models import Guide, LawArticle


def content(title: str = "Getting a work permit", **extra) -> dict:
    return {
        "title": title,
        "summary": "Who can work, and how to get the permit.",
        "steps": [
            {"title": "Find an employer", "text": "The employer applies for you."},
            {"title": "Wait for the answer", "text": "It comes by e-Devlet."},
        ],
        "documents": ["Your kimlik", "A photo"],
        "where": "Online, on e-Devlet.",
        "costs": "The employer pays the fee. Check the amount with the ministry.",
        "tips": ["Never pay an agent."],
        **extra,
    }


def make_guide(
    slug: str = "work-permit",
    *,
    languages: tuple[str, ...] = ("en",),
    applies_to: list[str] | None = None,
    topic: str = "work",
    last_verified: datetime.date | None = None,
    review_every_days: int = 180,
) -> Guide:
    """A published guide: the English source, then the given translations."""
    guide = services.guide_create(
        slug=slug,
        topic=topic,
        source_language="en",
        applies_to=applies_to or [],
        review_every_days=review_every_days,
        actor=None,
    )
    for language in languages:
        services.guide_publish(
            guide=guide,
            language=language,
            content=content(title=f"{slug} in {language}"),
            actor=None,
            last_verified=last_verified,
        )
    guide.refresh_from_db()
    return guide


def make_law_article(slug: str = "law-6458", number: str = "35") -> LawArticle:
    law = services.law_create(
        slug=slug,
        number=slug.split("-")[-1],
        kind="law",
        title_tr="Yabancılar ve Uluslararası Koruma Kanunu",
        titles={"en": "Law on Foreigners and International Protection"},
        gazette="Resmî Gazete, 11.04.2013, 28615",
    )
    return services.law_article_create(
        law=law,
        number=number,
        heading_tr="Aile ikamet izninin verilmesinde aranan şartlar",
        text_tr="Destekleyici asgari ücretten az olmamak üzere gelire sahip olmalıdır.",
        text_is_summary=True,
        translations={
            "en": {
                "heading": "Conditions for a family permit",
                "text": "The sponsor needs income.",
            },
            "ar": {"heading": "شروط إقامة العائلة", "text": "يجب أن يكون للكفيل دخل."},
        },
    )
