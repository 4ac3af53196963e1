import datetime

import pytest
from django.urls import reverse

from rehber.guides import services
from rehber.guides.models import GuideTranslation
from rehber.guides.tests.factories import content, make_guide, make_law_article

pytestmark = pytest.mark.django_db


def test_guide_page_in_arabic_carries_its_language_and_sources(client):
    guide = make_guide(languages=("en", "ar"), last_verified=datetime.date(2026, 11, 25))
    article = make_law_article()
    services.guide_source_add(guide=guide, law_article=article)
    services.guide_source_add(guide=guide, title="Göç İdaresi", url="https://www.goc.gov.tr/")
    response = client.get("/ar/guides/work-permit/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<article class="guide" lang="ar" dir="rtl"' in html
    assert "work-permit in ar" in html
    assert "/ar/laws/law-6458/#article-35" in html
    assert "https://www.goc.gov.tr/" in html
    assert 'datetime="2026-11-25"' in html
    assert "data-save-offline" in html


def test_missing_language_falls_back_with_a_notice(client):
    make_guide(languages=("en",))
    html = client.get("/fa/guides/work-permit/").content.decode()
    assert '<article class="guide" lang="en" dir="ltr"' in html
    assert 'class="notice" role="note"' in html


def test_outdated_and_machine_translations_say_so(client, django_capture_on_commit_callbacks):
    guide = make_guide(languages=("en",))
    services.guide_publish(
        guide=guide,
        language="tr",
        content=content("Çalışma izni"),
        actor=None,
        machine_translated=True,
    )
    html = client.get("/en/guides/work-permit/").content.decode()
    assert "notice warning" not in html
    html = client.get("/tr/guides/work-permit/").content.decode()
    assert html.count("notice warning") == 1
    # The cached page is dropped once the change is committed.
    with django_capture_on_commit_callbacks(execute=True):
        services.guide_publish(guide=guide, language="en", content=content("Changed"), actor=None)
    html = client.get("/tr/guides/work-permit/").content.decode()
    assert html.count("notice warning") == 2


def test_unknown_guide_is_a_translated_404(client):
    response = client.get("/ar/guides/no-such-guide/")
    assert response.status_code == 404
    assert 'dir="rtl"' in response.content.decode()


def test_cached_guide_page_is_served_until_a_change(client, django_assert_num_queries):
    make_guide(languages=("en",))
    first = client.get("/en/guides/work-permit/").content
    with django_assert_num_queries(0):
        again = client.get("/en/guides/work-permit/").content
    assert again == first


def test_guide_index_marks_what_fits_the_visitor(client, django_assert_max_num_queries):
    make_guide("work-permit", applies_to=["temporary_protection"])
    make_guide("finding-a-job", applies_to=["residence_permit"])
    client.post("/en/my-situation/", {"legal_status": "temporary_protection", "province": ""})
    with django_assert_max_num_queries(6):
        html = client.get("/en/guides/").content.decode()
    assert html.index("work-permit in en") < html.index("finding-a-job in en")
    assert html.count('class="fits"') == 1


def test_law_page_shows_the_original_beside_the_translation(client):
    make_law_article()
    html = client.get("/ar/laws/law-6458/").content.decode()
    assert 'id="article-35"' in html
    assert '<div class="original" lang="tr" dir="ltr">' in html
    assert 'lang="ar" dir="rtl"' in html
    assert "يجب أن يكون للكفيل دخل." in html
    assert "Resmî Gazete" in html
    turkish = client.get("/tr/laws/law-6458/").content.decode()
    assert 'class="translation"' not in turkish


def test_service_worker_is_served_from_the_root(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert "rehber-saved-v1" in response.content.decode()


def test_api_returns_a_guide_or_its_fallback(client):
    guide = make_guide(languages=("en", "ar"), last_verified=datetime.date(2026, 11, 25))
    services.guide_source_add(guide=guide, law_article=make_law_article())
    data = client.get("/api/v1/guides/work-permit?lang=ar").json()
    assert data["lang"] == "ar" and data["fallback"] is False
    assert data["status"] == "published"
    assert data["last_verified"] == "2026-11-25"
    assert data["sources"][0]["kind"] == "law_article"
    data = client.get("/api/v1/guides/work-permit?lang=fa").json()
    assert data["lang"] == "en" and data["fallback"] is True
    assert client.get("/api/v1/guides/nothing?lang=ar").status_code == 404
    assert client.get("/api/v1/guides/work-permit?lang=<script>").status_code == 422


# Staff -------------------------------------------------------------------------


def step_data(steps):
    data = {
        "steps-TOTAL_FORMS": str(len(steps)),
        "steps-INITIAL_FORMS": "0",
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "12",
    }
    for number, (title, text) in enumerate(steps):
        data[f"steps-{number}-title"] = title
        data[f"steps-{number}-text"] = text
    return data


def edit_post(client, language, action="publish", **fields):
    data = {
        "title": "Work permit",
        "summary": "",
        "documents": "Kimlik\nPhoto",
        "where": "",
        "costs": "",
        "tips": "",
        "action": action,
        **step_data([("Apply", "Online")]),
        **fields,
    }
    return client.post(reverse("guides:staff_edit", args=["work-permit", language]), data)


def test_editor_edits_the_source_and_translations_become_outdated(staff_client):
    guide = make_guide(languages=("en", "ar"))
    client, editor = staff_client("editor")
    response = edit_post(client, "en")
    assert response.status_code == 302
    source = GuideTranslation.objects.get(guide=guide, language="en")
    assert source.title == "Work permit"
    assert source.documents == ["Kimlik", "Photo"]
    assert source.updated_by == editor
    assert GuideTranslation.objects.get(guide=guide, language="ar").is_outdated
    matrix = client.get(reverse("guides:staff_index")).content.decode()
    assert reverse("guides:staff_edit", args=["work-permit", "ar"]) in matrix


def test_minor_edit_from_the_form(staff_client):
    guide = make_guide(languages=("en", "ar"))
    client, _editor = staff_client("editor")
    edit_post(client, "en", minor="on")
    assert not GuideTranslation.objects.get(guide=guide, language="ar").is_outdated


def test_translator_translates_side_by_side(staff_client):
    make_guide(languages=("en",))
    client, _translator = staff_client("translator")
    page = client.get(reverse("guides:staff_edit", args=["work-permit", "fa"])).content.decode()
    assert 'class="source-text" lang="en" dir="ltr"' in page
    assert 'lang="fa" dir="rtl"' in page
    response = edit_post(client, "fa", title="اجازه کار", machine_translated="on")
    assert response.status_code == 302
    persian = GuideTranslation.objects.get(guide__slug="work-permit", language="fa")
    assert persian.machine_translated
    queue = client.get(reverse("guides:staff_review_queue")).content.decode()
    assert "work-permit · fa" in queue


def test_translators_cannot_change_the_source(staff_client):
    make_guide(languages=("en",))
    client, _translator = staff_client("translator")
    assert edit_post(client, "en").status_code == 403
    assert client.get(reverse("guides:staff_edit", args=["work-permit", "en"])).status_code == 403


def test_a_bad_form_keeps_what_was_typed(staff_client):
    make_guide(languages=("en",))
    client, _editor = staff_client("editor")
    response = edit_post(client, "en", title="", summary="Kept summary")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert "Kept summary" in html
    assert "Online" in html


def test_a_draft_is_kept_and_shown_again(staff_client):
    make_guide(languages=("en",))
    client, _editor = staff_client("editor")
    edit_post(client, "en", action="draft", title="Half-written title")
    page = client.get(reverse("guides:staff_edit", args=["work-permit", "en"])).content.decode()
    assert "Half-written title" in page
    assert "work-permit in en" in client.get("/en/guides/work-permit/").content.decode()


def test_review_from_the_queue(staff_client):
    make_guide(languages=("en", "tr"))
    client, reviewer = staff_client("translator")
    response = client.post(reverse("guides:staff_review", args=["work-permit", "tr"]))
    assert response.status_code == 302
    assert (
        GuideTranslation.objects.get(guide__slug="work-permit", language="tr").reviewed_by
        == reviewer
    )


def test_history_page_shows_the_difference(staff_client):
    make_guide(languages=("en",))
    client, _editor = staff_client("editor")
    edit_post(client, "en", title="A new title")
    html = client.get(reverse("guides:staff_history", args=["work-permit", "en"])).content.decode()
    assert "<ins>+ A new title</ins>" in html
    assert "<del>- work-permit in en</del>" in html


def test_amending_a_law_article_from_the_form_flags_guides(staff_client):
    article = make_law_article()
    guide = make_guide("residence-permit-family", languages=("en",))
    services.guide_source_add(guide=guide, law_article=article)
    client, _editor = staff_client("editor")
    url = reverse("guides:staff_law_amend", args=["law-6458", "35"])
    response = client.post(url, {"text_tr": "", "effective_date": "not a date"})
    assert response.status_code == 200
    response = client.post(
        url, {"text_tr": "Yeni metin", "effective_date": "2026-12-01", "act": "Kanun 9999"}
    )
    assert response.status_code == 302
    stale = client.get(reverse("guides:staff_stale")).content.decode()
    assert "residence-permit-family" in stale
    client.post(reverse("guides:staff_verified", args=["residence-permit-family"]))
    assert (
        "residence-permit-family" not in client.get(reverse("guides:staff_stale")).content.decode()
    )


def test_outdated_law_translations_are_listed_and_updated(staff_client):
    article = make_law_article()
    services.law_article_amend(
        article=article, text_tr="Yeni metin", effective_date=datetime.date(2026, 12, 1), actor=None
    )
    client, _translator = staff_client("translator")
    matrix = client.get(reverse("guides:staff_index")).content.decode()
    url = reverse("guides:staff_law_translate", args=["law-6458", "35", "ar"])
    assert url in matrix
    page = client.get(url).content.decode()
    assert "Yeni metin" in page
    response = client.post(url, {"heading": "شروط", "text": ""})
    assert response.status_code == 200
    assert 'class="error-summary"' in response.content.decode()
    response = client.post(url, {"heading": "شروط", "text": "نص جديد"})
    assert response.status_code == 302
    assert url not in client.get(reverse("guides:staff_index")).content.decode()
    html = client.get("/ar/laws/law-6458/").content.decode()
    assert "نص جديد" in html
    assert "/ar/staff/laws/law-6458/35/ar/" in html
    assert (
        client.get(reverse("guides:staff_law_translate", args=["law-6458", "35", "tr"])).status_code
        == 404
    )
