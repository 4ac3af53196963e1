"""The demo content: every guide and law named in DESIGN §4, in four languages."""

import pytest

from rehber.guides.demo import demo_guides_load, demo_laws_load
from rehber.guides.models import Guide, GuideTranslation, Law, LawArticle
from rehber.guides.selectors import guide_for_reader

pytestmark = pytest.mark.django_db

GUIDE_SLUGS = {
    "temporary-protection-registration",
    "travel-permit",
    "address-registration",
    "residence-permit-short-term",
    "residence-permit-family",
    "residence-permit-student",
    "residence-permit-long-term",
    "international-protection",
    "work-permit",
    "turquoise-card",
    "bank-account",
    "social-assistance-essn",
    "health-care",
    "school-enrollment",
    "renting-a-home",
    "finding-a-job",
    "starting-a-business",
    "family-reunification-germany",
}
LAW_SLUGS = {"law-6458", "law-6735", "turquoise-card-regulation", "temporary-protection-regulation"}


@pytest.fixture
def demo(db):
    demo_laws_load()
    demo_guides_load()


def test_every_guide_and_law_is_there_in_four_languages(demo):
    assert set(Guide.objects.values_list("slug", flat=True)) == GUIDE_SLUGS
    assert set(Law.objects.values_list("slug", flat=True)) == LAW_SLUGS
    for slug in GUIDE_SLUGS:
        languages = set(
            GuideTranslation.objects.published()
            .filter(guide__slug=slug)
            .values_list("language", flat=True)
        )
        assert languages == {"ar", "tr", "en", "fa"}, slug
        for language in ("ar", "tr", "en", "fa"):
            item = guide_for_reader(slug=slug, language=language)
            assert not item.is_fallback and not item.translation.is_outdated, (slug, language)
            assert item.translation.steps and item.translation.documents, (slug, language)
            assert item.checked_on is not None


def test_every_guide_names_its_sources(demo):
    for guide in Guide.objects.prefetch_related("sources"):
        assert guide.sources.count() >= 2, guide.slug


def test_every_law_article_is_translated(demo):
    for article in LawArticle.objects.prefetch_related("translations"):
        languages = {translation.language for translation in article.translations.all()}
        assert {"ar", "en", "fa"} <= languages, str(article)
    for law in Law.objects.all():
        assert law.gazette, law.slug


def test_loading_twice_changes_nothing(demo):
    before = (Guide.objects.count(), LawArticle.objects.count(), GuideTranslation.objects.count())
    assert demo_laws_load() == 0
    assert demo_guides_load() == 0
    after = (Guide.objects.count(), LawArticle.objects.count(), GuideTranslation.objects.count())
    assert before == after


def test_persian_texts_use_persian_letters(demo):
    for translation in GuideTranslation.objects.filter(language="fa"):
        text = translation.title + translation.summary + str(translation.steps)
        assert "ي" not in text and "ك" not in text, translation.guide.slug
