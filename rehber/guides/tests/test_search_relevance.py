"""People find the right demo guide however they type: Arabic without hamzas,
Persian on an Arabic keyboard, Turkish without Turkish letters."""

import pytest

from rehber.core.search.selectors import search
from rehber.core.search.services import search_reindex
from rehber.guides.demo import demo_guides_load, demo_laws_load

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_index(db):
    demo_laws_load()
    demo_guides_load()
    search_reindex()


CASES = [
    # Arabic: with and without hamza, taa marbuta typed as haa, alef forms.
    ("ar", "الكيمليك", "temporary-protection-registration"),
    ("ar", "اذن العمل", "work-permit"),
    ("ar", "فتح حساب في البنك", "bank-account"),
    ("ar", "لم الشمل المانيا", "family-reunification-germany"),
    ("ar", "اقامه الطالب", "residence-permit-student"),
    ("ar", "البطاقه الفيروزيه", "turquoise-card"),
    # Turkish, typed with and without Turkish letters.
    ("tr", "calisma izni", "work-permit"),
    ("tr", "Çalışma İzni", "work-permit"),
    ("tr", "banka hesabi acmak", "bank-account"),
    ("tr", "cocugumu okula kaydettirmek", "school-enrollment"),
    ("tr", "uzun donem ikamet", "residence-permit-long-term"),
    ("tr", "ev kiralamak", "renting-a-home"),
    # English.
    ("en", "bank account", "bank-account"),
    ("en", "travel permit", "travel-permit"),
    ("en", "long-term residence permit", "residence-permit-long-term"),
    ("en", "Kizilaykart", "social-assistance-essn"),
    # Persian, also typed with Arabic yeh and kaf and without the half-space.
    ("fa", "حساب بانکی", "bank-account"),
    ("fa", "حساب بانكي", "bank-account"),
    ("fa", "اقامت خانوادگی", "residence-permit-family"),
    ("fa", "ثبت نام مدرسه", "school-enrollment"),
    ("fa", "کارت فیروزه ای", "turquoise-card"),
]


@pytest.mark.parametrize(("language", "query", "expected"), CASES)
def test_the_right_guide_comes_first(demo_index, language, query, expected):
    results = search(query=query, language=language, kinds=["guide"])
    assert results, query
    assert results[0].slug == expected, [result.slug for result in results[:5]]
    assert results[0].lang == language


def test_an_english_query_finds_the_guide_in_the_readers_language(demo_index):
    results = search(query="work permit", language="ar", kinds=["guide"])
    assert results[0].slug == "work-permit"
    assert results[0].lang == "ar"
    assert results[0].url == "/ar/guides/work-permit/"


def test_laws_are_found_by_article_topic(demo_index):
    results = search(query="aile ikamet izni", language="tr", kinds=["law"])
    assert results
    assert results[0].slug == "law-6458"
