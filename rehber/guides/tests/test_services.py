"""The translation workflow, including the cases other platforms get wrong:
draft saves, adding a language and minor edits must not mark translations outdated."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from rehber.accounts.tests.factories import UserFactory
from rehber.guides import selectors, services
from rehber.guides.models import GuideTranslation, TranslationStatus
from rehber.guides.tests.factories import content, make_guide, make_law_article

pytestmark = pytest.mark.django_db


def translation(guide, language):
    return GuideTranslation.objects.select_related("guide").get(guide=guide, language=language)


def test_first_publication_of_the_source():
    guide = make_guide()
    source = translation(guide, "en")
    assert (source.version, source.source_version, guide.source_version) == (1, 1, 1)
    assert source.state == TranslationStatus.PUBLISHED
    assert source.revisions.filter(published=True).count() == 1


def test_a_translation_is_current_until_the_source_changes():
    guide = make_guide(languages=("en", "ar"))
    assert not translation(guide, "ar").is_outdated
    services.guide_publish(guide=guide, language="en", content=content("New title"), actor=None)
    arabic = translation(guide, "ar")
    assert arabic.is_outdated
    assert arabic.state == TranslationStatus.OUTDATED
    assert list(selectors.translations_outdated()) == [arabic]


def test_a_minor_edit_keeps_translations_current():
    guide = make_guide(languages=("en", "ar", "tr"))
    services.guide_publish(
        guide=guide,
        language="en",
        content=content("Getting a work permit."),
        actor=None,
        minor=True,
    )
    assert not translation(guide, "ar").is_outdated
    assert not translation(guide, "tr").is_outdated
    source = translation(guide, "en")
    assert source.version == 2
    assert source.revisions.first().minor


def test_saving_a_draft_changes_nothing_readers_or_translators_see():
    guide = make_guide(languages=("en", "ar"))
    editor = UserFactory()
    services.guide_draft_save(
        guide=guide, language="en", content=content("Half done"), actor=editor
    )
    source = translation(guide, "en")
    assert source.title == "work-permit in en"
    assert source.version == 1
    assert not translation(guide, "ar").is_outdated
    draft = selectors.translation_draft(translation=source)
    assert draft.content["title"] == "Half done"
    assert not draft.published


def test_adding_a_language_leaves_the_others_alone():
    guide = make_guide(languages=("en", "ar"))
    reviewer = UserFactory()
    services.guide_translation_review(translation=translation(guide, "ar"), actor=reviewer)
    services.guide_publish(guide=guide, language="fa", content=content("کار"), actor=None)
    guide.refresh_from_db()
    arabic = translation(guide, "ar")
    assert not arabic.is_outdated
    assert arabic.reviewed_by == reviewer
    assert translation(guide, "fa").source_version == guide.source_version


def test_updating_an_outdated_translation_makes_it_current_and_unreviewed():
    guide = make_guide(languages=("en", "tr"))
    services.guide_translation_review(translation=translation(guide, "tr"), actor=UserFactory())
    services.guide_publish(guide=guide, language="en", content=content("Changed"), actor=None)
    services.guide_publish(guide=guide, language="tr", content=content("Değişti"), actor=None)
    turkish = translation(guide, "tr")
    assert not turkish.is_outdated
    assert turkish.reviewed_by is None
    assert turkish in selectors.translations_awaiting_review()


def test_translations_wait_for_the_source():
    guide = services.guide_create(slug="empty", topic="work", source_language="en", actor=None)
    with pytest.raises(ValidationError):
        services.guide_publish(guide=guide, language="ar", content=content(), actor=None)


def test_review_needs_a_second_person_and_a_current_text():
    guide = make_guide(languages=("en",))
    translator = UserFactory()
    services.guide_publish(guide=guide, language="ar", content=content(), actor=translator)
    arabic = translation(guide, "ar")
    with pytest.raises(ValidationError):
        services.guide_translation_review(translation=arabic, actor=translator)
    services.guide_publish(guide=guide, language="en", content=content("v2"), actor=None)
    with pytest.raises(ValidationError):
        services.guide_translation_review(translation=translation(guide, "ar"), actor=UserFactory())


def test_machine_translations_are_queued_first():
    guide = make_guide(languages=("en", "tr"))
    services.guide_publish(
        guide=guide, language="fa", content=content(), actor=None, machine_translated=True
    )
    queue = list(selectors.translations_awaiting_review())
    assert [(item.language, item.machine_translated) for item in queue] == [
        ("fa", True),
        ("tr", False),
    ]


def test_content_is_checked():
    guide = make_guide()
    with pytest.raises(ValidationError):
        services.guide_publish(guide=guide, language="en", content={"title": " "}, actor=None)
    with pytest.raises(ValidationError):
        services.guide_publish(
            guide=guide,
            language="en",
            content=content(steps=[{"title": "", "text": "no title"}]),
            actor=None,
        )
    with pytest.raises(ValidationError):
        services.guide_publish(guide=guide, language="xx", content=content(), actor=None)


def test_a_changed_law_article_flags_the_guides_that_cite_it():
    article = make_law_article()
    citing = make_guide("residence-permit-family", languages=("en",))
    other = make_guide("bank-account", languages=("en",))
    services.guide_source_add(guide=citing, law_article=article)
    services.guide_source_add(guide=other, title="Bank", url="https://example.org/bank")

    amendment = services.law_article_amend(
        article=article,
        text_tr="Yeni metin.",
        effective_date=datetime.date(2026, 12, 1),
        act="Kanun No. 9999",
        actor=None,
    )
    article.refresh_from_db()
    citing.refresh_from_db()
    other.refresh_from_db()
    assert article.version == 2
    assert amendment.previous_text.startswith("Destekleyici")
    assert citing.needs_review and "35" in citing.needs_review_reason
    assert not other.needs_review
    assert all(t.is_outdated for t in article.translations.all())
    stale = [item.guide.slug for item in selectors.guides_stale(today=datetime.date(2026, 12, 2))]
    assert stale == ["residence-permit-family"]

    services.guide_mark_verified(guide=citing, actor=None)
    citing.refresh_from_db()
    assert not citing.needs_review


def test_an_unchanged_amendment_is_refused():
    article = make_law_article()
    with pytest.raises(ValidationError):
        services.law_article_amend(
            article=article,
            text_tr=article.text_tr,
            effective_date=datetime.date(2026, 1, 1),
            actor=None,
        )


def test_guides_become_stale_when_their_review_date_passes():
    make_guide("fresh", last_verified=datetime.date(2026, 11, 1), review_every_days=90)
    make_guide("old", last_verified=datetime.date(2026, 1, 1), review_every_days=90)
    stale = selectors.guides_stale(today=datetime.date(2026, 11, 25))
    assert [item.guide.slug for item in stale] == ["old"]
    assert stale[0].due_on == datetime.date(2026, 4, 1)


def test_revision_history_shows_what_changed():
    guide = make_guide()
    services.guide_publish(
        guide=guide,
        language="en",
        content=content(documents=["Your kimlik", "Two photos"]),
        actor=None,
    )
    history = selectors.revision_history(translation=translation(guide, "en"))
    latest = history[0]
    assert ("added", "- Two photos") in latest.diff
    assert ("removed", "- A photo") in latest.diff
    assert ("removed", "work-permit in en") in latest.diff


@pytest.mark.parametrize(
    ("available", "reader", "shown"),
    [
        (("en", "ar"), "ar", "ar"),
        (("en", "tr"), "fa", "en"),
        (("en",), "tr", "en"),
    ],
)
def test_readers_get_the_best_language_there_is(available, reader, shown):
    make_guide(languages=available)
    item = selectors.guide_for_reader(slug="work-permit", language=reader)
    assert item.lang == shown
    assert item.is_fallback == (shown != reader)


def test_guides_for_the_readers_status_come_first():
    make_guide("finding-a-job", applies_to=["residence_permit"])
    make_guide("work-permit", applies_to=["temporary_protection"])
    groups = selectors.guide_list_for_reader(language="en", legal_status="temporary_protection")
    work = next(group for group in groups if group.topic == "work")
    assert [(item.guide.slug, item.fits) for item in work.guides] == [
        ("work-permit", True),
        ("finding-a-job", False),
    ]


def test_guides_for_the_readers_province_come_first():
    make_guide("renting-a-home", topic="housing")
    local = make_guide("istanbul-registration", topic="housing")
    local.provinces = [34]
    local.save()
    groups = selectors.guide_list_for_reader(language="en", province_code=34)
    housing = next(group for group in groups if group.topic == "housing")
    assert [(item.guide.slug, item.fits) for item in housing.guides] == [
        ("istanbul-registration", True),
        ("renting-a-home", False),
    ]
