"""Feedback: sent without an account, moderated, shown only as totals from approved answers."""

import pytest
from django.core.exceptions import ValidationError

from rehber.accounts.tests.factories import UserFactory
from rehber.core.models import AuditEntry
from rehber.directory import selectors, services
from rehber.directory.models import Feedback, ModerationStatus
from rehber.directory.tests.factories import make_service
from rehber.directory.views import FEEDBACK_PER_HOUR

pytestmark = pytest.mark.django_db

ANSWERS = {"was_open": "yes", "was_served": "yes", "in_my_language": "no", "respectful": "yes"}


def test_anyone_sends_feedback_and_it_waits_for_a_moderator(client):
    service = make_service()
    response = client.post(f"/en/services/{service.pk}/feedback/", {**ANSWERS, "comment": "Kind"})
    assert response.status_code == 302
    feedback = Feedback.objects.get()
    assert feedback.status == ModerationStatus.PENDING
    assert (feedback.was_open, feedback.in_my_language) == (True, False)
    assert feedback.author is None and feedback.language == "en"
    # Not counted before approval.
    assert selectors.feedback_summary(service=service)[0] == 0


def test_signed_in_person_stays_anonymous_unless_they_untick_it(client):
    service = make_service()
    user = UserFactory()
    client.force_login(user)
    client.post(f"/en/services/{service.pk}/feedback/", {**ANSWERS, "anonymous": "on"})
    client.post(f"/en/services/{service.pk}/feedback/", ANSWERS)
    authors = set(Feedback.objects.values_list("author", flat=True))
    assert authors == {None, user.pk}


def test_empty_feedback_is_refused_with_a_message(client):
    service = make_service()
    response = client.post(f"/en/services/{service.pk}/feedback/", {"comment": "  "})
    assert response.status_code == 200
    assert "Answer at least one question" in response.content.decode()
    assert not Feedback.objects.exists()


def test_bad_answers_keep_the_form(client):
    service = make_service()
    response = client.post(
        f"/en/services/{service.pk}/feedback/", {"was_open": "maybe", "comment": "typed"}
    )
    assert response.status_code == 200
    assert "typed" in response.content.decode()
    assert not Feedback.objects.exists()


def test_feedback_is_rate_limited_per_connection(client):
    service = make_service()
    url = f"/en/services/{service.pk}/feedback/"
    for _n in range(FEEDBACK_PER_HOUR):
        assert client.post(url, ANSWERS).status_code == 302
    response = client.post(url, ANSWERS)
    assert response.status_code == 200
    assert "try later" in response.content.decode()
    assert Feedback.objects.count() == FEEDBACK_PER_HOUR
    # Another connection is not affected.
    assert client.post(url, ANSWERS, REMOTE_ADDR="10.0.0.9").status_code == 302


def _feedback(service, status, **answers):
    feedback = services.feedback_submit(service=service, answers=answers)
    Feedback.objects.filter(pk=feedback.pk).update(status=status)


def test_totals_count_only_approved_feedback_and_hide_percentages_under_five():
    service = make_service()
    for _n in range(3):
        _feedback(service, ModerationStatus.APPROVED, was_open=True, respectful=False)
    _feedback(service, ModerationStatus.APPROVED, was_open=False)
    _feedback(service, ModerationStatus.REJECTED, was_open=False)
    _feedback(service, ModerationStatus.PENDING, was_open=False)
    total, indicators = selectors.feedback_summary(service=service)
    by_name = {indicator.question: indicator for indicator in indicators}
    assert total == 4
    assert (by_name["was_open"].yes, by_name["was_open"].answered) == (3, 4)
    assert by_name["was_open"].percent is None  # fewer than five answers
    assert (by_name["respectful"].yes, by_name["respectful"].answered) == (0, 3)
    assert by_name["was_served"].answered == 0
    _feedback(service, ModerationStatus.APPROVED, was_open=True)
    by_name = {i.question: i for i in selectors.feedback_summary(service=service)[1]}
    assert by_name["was_open"].percent == 80  # 4 of 5


def test_summary_of_loaded_feedback_matches_the_counting_query():
    service = make_service()
    _feedback(service, ModerationStatus.APPROVED, was_open=True, respectful=False)
    _feedback(service, ModerationStatus.APPROVED, was_open=False)
    _feedback(service, ModerationStatus.REJECTED, was_open=True)
    loaded = list(Feedback.objects.approved().filter(service=service))
    assert selectors.feedback_summary_of(loaded) == selectors.feedback_summary(service=service)


def test_service_page_shows_the_totals(client):
    service = make_service()
    for _n in range(5):
        _feedback(service, ModerationStatus.APPROVED, was_served=True)
    _feedback(service, ModerationStatus.APPROVED, was_served=False)
    html = client.get(f"/en/services/{service.pk}/").content.decode()
    assert "6 people told us about their visit." in html
    assert "83% yes" in html and "5 yes of 6" in html


def test_moderator_approves_and_rejects_with_an_audit_row(staff_client):
    service = make_service()
    first = services.feedback_submit(service=service, answers={"was_open": True}, comment="Good")
    second = services.feedback_submit(service=service, answers={"was_open": False}, comment="Rude")
    client, moderator = staff_client("moderator")
    html = client.get("/en/staff/services/feedback/").content.decode()
    assert "Good" in html and "Rude" in html
    client.post(f"/en/staff/services/feedback/{first.pk}/decide/", {"decision": "approve"})
    client.post(f"/en/staff/services/feedback/{second.pk}/decide/", {"decision": "reject"})
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == ModerationStatus.APPROVED and first.moderated_by == moderator
    assert second.status == ModerationStatus.REJECTED
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"directory.feedback_approved", "directory.feedback_rejected"} <= actions
    assert "Good" not in client.get("/en/staff/services/feedback/").content.decode()


def test_providers_see_approved_feedback_of_their_own_services_only(client):
    own = make_service(name="Own centre")
    other = make_service(name="Other centre")
    services.feedback_submit(service=own, answers={"was_open": True}, comment="Shown comment")
    services.feedback_submit(service=own, answers={}, comment="Waiting comment")
    services.feedback_submit(service=other, answers={}, comment="Other comment")
    Feedback.objects.filter(comment__in=["Shown comment", "Other comment"]).update(
        status=ModerationStatus.APPROVED
    )
    user = UserFactory()
    services.provider_membership_add(user=user, organization=own.point.organization, actor=None)
    client.force_login(user)
    html = client.get("/en/services/provider/").content.decode()
    assert "Own centre" in html and "Shown comment" in html
    assert "Waiting comment" not in html
    assert "Other centre" not in html and "Other comment" not in html


def test_feedback_service_refuses_unknown_questions():
    service = make_service()
    with pytest.raises(ValidationError):
        services.feedback_submit(service=service, answers={"was_cheap": True})
