import pytest
from django.urls import reverse
from django.utils import translation

from rehber.surveys.models import Draft, ReviewState, Source, Submission
from rehber.surveys.tests.factories import fms_answers, fms_load

pytestmark = pytest.mark.django_db


def _url(language="en", **query):
    with translation.override(language):
        url = reverse("surveys:entry", kwargs={"form_id": "fms_turkey"})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_the_form_is_shown_in_the_enumerators_language(staff_client):
    fms_load()
    client, _user = staff_client("enumerator")
    body = client.get(_url("ar")).content.decode()
    assert "ما جنسيتك؟" in body
    assert 'dir="rtl"' in body
    assert 'type="checkbox" name="reasons"' in body
    assert "<h2>ما مررتَ به أنت في الرحلة (منذ غادرت بيتك)</h2>" in body
    assert "<h2>أحد أفراد عائلتك الذين سافروا معك</h2>" in body


def test_save_draft_keeps_what_was_typed_for_that_enumerator_only(staff_client, make_staff):
    fms_load()
    client, user = staff_client("enumerator")
    response = client.post(_url(), {"action": "save", "age": "not yet", "site_id": "VAN-02"})
    assert response.status_code == 302
    draft = Draft.objects.get()
    assert draft.enumerator == user and draft.answers["age"] == "not yet"
    page = client.get(response["Location"]).content.decode()
    assert 'value="not yet"' in page and 'value="VAN-02"' in page
    other = make_staff("enumerator")
    client.force_login(other)
    from rehber.conftest import sign_in_verified

    sign_in_verified(client, other)
    assert client.get(_url(draft=draft.pk)).status_code == 404


def test_submit_with_errors_keeps_values_and_stores_nothing(staff_client):
    fms_load()
    client, _user = staff_client("enumerator")
    answers = fms_answers(age="twenty", sex="")
    with translation.override("en"):
        response = client.post(_url(), {"action": "submit", **answers})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'value="twenty"' in body
    assert "whole number" in body and "Please answer this question." in body
    assert 'value="economic" checked' in body
    assert Submission.objects.count() == 0


def test_submit_stores_the_submission_and_removes_the_draft(staff_client):
    fms_load()
    client, user = staff_client("enumerator")
    saved = client.post(_url(), {"action": "save", "age": "30"})
    draft = Draft.objects.get()
    assert saved.status_code == 302
    response = client.post(_url(), {"action": "submit", "draft": draft.pk, **fms_answers()})
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert submission.source == Source.WEB and submission.submitted_by == user
    assert submission.answers["age"] == 24
    assert not Draft.objects.exists()


def test_questions_that_do_not_apply_are_not_required(staff_client):
    fms_load()
    client, _user = staff_client("enumerator")
    minimal = {k: v for k, v in fms_answers().items() if k in ("survey_date", "fmp", "site_id")}
    response = client.post(_url(), {"action": "submit", "consent": "no", "age": "40", **minimal})
    assert response.status_code == 302
    assert "age" not in Submission.objects.get().answers


def test_review_and_send_back_shows_the_comment_to_the_enumerator(staff_client, make_staff):
    fms_load()
    client, enumerator = staff_client("enumerator")
    client.post(_url(), {"action": "submit", **fms_answers()})
    submission = Submission.objects.get()
    analyst_client, _analyst = staff_client("analyst")
    with translation.override("en"):
        detail = reverse("surveys:staff_submission", kwargs={"pk": submission.pk})
    response = analyst_client.post(
        detail, {"state": ReviewState.HAS_ISSUES, "comment": "Check the age.", "send_back": "on"}
    )
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.state == ReviewState.HAS_ISSUES and submission.sent_back
    from rehber.conftest import sign_in_verified

    sign_in_verified(client, enumerator)
    with translation.override("en"):
        home = client.get(reverse("surveys:entry_home")).content.decode()
    assert "Check the age." in home
    other = make_staff("enumerator")
    sign_in_verified(client, other)
    with translation.override("en"):
        assert "Check the age." not in client.get(reverse("surveys:entry_home")).content.decode()


def test_send_back_needs_a_comment(staff_client):
    fms_load()
    client, _user = staff_client("enumerator")
    client.post(_url(), {"action": "submit", **fms_answers()})
    submission = Submission.objects.get()
    analyst_client, _a = staff_client("analyst")
    with translation.override("en"):
        detail = reverse("surveys:staff_submission", kwargs={"pk": submission.pk})
    response = analyst_client.post(detail, {"state": ReviewState.REJECTED, "send_back": "on"})
    assert response.status_code == 200
    submission.refresh_from_db()
    assert submission.state == ReviewState.RECEIVED


def test_submission_detail_read_is_audited_without_answers(staff_client):
    from rehber.core.models import AuditEntry

    fms_load()
    client, _user = staff_client("enumerator")
    client.post(_url(), {"action": "submit", **fms_answers()})
    submission = Submission.objects.get()
    analyst_client, analyst = staff_client("analyst")
    with translation.override("en"):
        analyst_client.get(reverse("surveys:staff_submission", kwargs={"pk": submission.pk}))
    entry = AuditEntry.objects.get(action="surveys.submission_read")
    assert entry.actor == analyst and entry.data == {}


def test_submission_list_filters_by_review_state(staff_client):
    fms_load()
    client, _user = staff_client("enumerator")
    client.post(_url(), {"action": "submit", **fms_answers()})
    client.post(_url(), {"action": "submit", **fms_answers()})
    first = Submission.objects.first()
    first.state = ReviewState.APPROVED
    first.save()
    analyst_client, _a = staff_client("analyst")
    with translation.override("en"):
        url = reverse("surveys:staff_submissions", kwargs={"form_id": "fms_turkey"})
    body = analyst_client.get(url + "?state=approved").content.decode()
    assert body.count("/staff/surveys/submissions/") == 1


def test_the_enumerator_corrects_a_submission_sent_back_and_it_is_received_again(staff_client):
    from rehber.conftest import sign_in_verified
    from rehber.surveys import services

    fms_load()
    client, enumerator = staff_client("enumerator")
    client.post(_url(), {"action": "submit", **fms_answers(age="19")})
    submission = Submission.objects.get()
    services.submission_review(
        submission=submission,
        state=ReviewState.HAS_ISSUES,
        comment="Age looks wrong.",
        send_back=True,
        actor=None,
    )
    sign_in_verified(client, enumerator)
    page = client.get(_url(submission=submission.pk)).content.decode()
    assert "Age looks wrong." in page and 'value="19"' in page
    bad = client.post(_url(), {"submission": submission.pk, **fms_answers(age="x")})
    assert bad.status_code == 200 and 'value="x"' in bad.content.decode()
    done = client.post(_url(), {"submission": submission.pk, **fms_answers(age="29")})
    assert done.status_code == 302
    submission.refresh_from_db()
    assert submission.answers["age"] == 29
    assert submission.state == ReviewState.RECEIVED and not submission.sent_back
    assert client.get(_url(submission=submission.pk)).status_code == 404


def test_only_the_enumerators_own_sent_back_submission_can_be_opened(staff_client, make_staff):
    from rehber.conftest import sign_in_verified
    from rehber.surveys import services

    fms_load()
    client, _enumerator = staff_client("enumerator")
    client.post(_url(), {"action": "submit", **fms_answers()})
    submission = Submission.objects.get()
    services.submission_review(
        submission=submission, state=ReviewState.HAS_ISSUES, comment="c", send_back=True, actor=None
    )
    other = make_staff("enumerator")
    sign_in_verified(client, other)
    assert client.get(_url(submission=submission.pk)).status_code == 404
    response = client.post(_url(), {"submission": submission.pk, **fms_answers(age="50")})
    assert response.status_code == 404
    submission.refresh_from_db()
    assert submission.answers["age"] == 24


@pytest.mark.parametrize(
    ("expression", "answers", "expected"),
    [
        ("${consent} = 'yes'", {"consent": "yes"}, True),
        ("${consent} = 'yes'", {}, False),
        ("${consent} != 'no'", {"consent": "yes"}, True),
        ("${age} >= 18 and ${sex} = 'female'", {"age": 20, "sex": "female"}, True),
        ("${age} >= 18 and ${sex} = 'female'", {"age": 17, "sex": "female"}, False),
        ("selected(${reasons}, 'other') or ${age} < 14", {"reasons": ["other"]}, True),
        ("not(selected(${reasons}, 'other'))", {"reasons": ["family"]}, True),
        ("(${a} = '1' or ${b} = '1') and ${c} = '1'", {"a": "1", "c": "0"}, False),
    ],
)
def test_simple_relevance_rules_are_evaluated(expression, answers, expected):
    from rehber.surveys.answers import relevance_holds

    assert relevance_holds(expression, answers) is expected


def test_a_rule_we_cannot_evaluate_leaves_the_question_relevant():
    from rehber.surveys.answers import question_is_relevant

    assert question_is_relevant("count-selected(${reasons}) > 1", {}) is True


def test_submission_list_pages_keep_the_state_filter_and_few_queries(
    staff_client, django_assert_max_num_queries
):
    from rehber.surveys.demo import demo_surveys_load

    demo_surveys_load()
    client, _user = staff_client("analyst")
    with translation.override("en"):
        url = reverse("surveys:staff_submissions", kwargs={"form_id": "fms_turkey"})
    with django_assert_max_num_queries(12):
        body = client.get(url + "?state=received&page=2").content.decode()
    assert "?state=received&amp;page=3" in body
    assert body.count("/staff/surveys/submissions/") == 100
