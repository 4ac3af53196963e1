"""Staff keep records verified and apply providers' proposals; everything audited."""

import datetime

import pytest
from django.utils import timezone

from rehber.accounts.tests.factories import UserFactory
from rehber.core.models import AuditEntry
from rehber.directory import services
from rehber.directory.forms import ServiceEditForm
from rehber.directory.models import ModerationStatus, ProposedEdit
from rehber.directory.selectors import services_verification_due
from rehber.directory.tests.factories import make_service

pytestmark = pytest.mark.django_db


def test_verification_due_lists_services_older_than_90_days():
    today = datetime.date(2026, 12, 1)
    old = make_service(name="Old", last_verified=today - datetime.timedelta(days=91))
    never = make_service(name="Never")
    make_service(name="Fresh", last_verified=today - datetime.timedelta(days=90))
    assert services_verification_due(today=today) == [never, old]


def test_editor_marks_a_service_verified(staff_client):
    service = make_service(name="Old", last_verified=datetime.date(2025, 1, 1))
    client, editor = staff_client("editor")
    assert "Old" in client.get("/en/staff/services/due/").content.decode()
    response = client.post(f"/en/staff/services/{service.pk}/verified/")
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.last_verified == timezone.localdate()
    assert service.verified_by == editor
    assert AuditEntry.objects.filter(
        action="directory.service_verified", target_id=str(service.pk)
    ).exists()
    assert "Old" not in client.get("/en/staff/services/due/").content.decode()


EDIT = {
    "phone": "0342 111 22 33",
    "languages_spoken": ["ar", "tr"],
    "weekly_hours": "1 08:30-12:30 13:30-17:30\n6 20:00-02:00",
    "free": "on",
    "description_en": "New text",
    "description_ar": "نص جديد",
}


def test_editor_edits_a_record_and_the_change_is_audited(staff_client):
    service = make_service()
    client, _editor = staff_client("editor")
    assert client.get(f"/en/staff/services/{service.pk}/").status_code == 200
    response = client.post(f"/en/staff/services/{service.pk}/", EDIT)
    assert response.status_code == 302
    service.refresh_from_db()
    point = service.point
    assert point.phone == "0342 111 22 33"
    assert point.languages_spoken == ["ar", "tr"]
    assert point.weekly_hours == {
        "0": [["08:30", "12:30"], ["13:30", "17:30"]],
        "5": [["20:00", "02:00"]],
    }
    assert service.description == {"en": "New text", "ar": "نص جديد"}
    entry = AuditEntry.objects.get(action="directory.service_updated")
    assert set(entry.data["fields"]) == {"phone", "languages_spoken", "weekly_hours", "description"}


def test_bad_hours_keep_the_form_with_a_message(staff_client):
    service = make_service()
    client, _editor = staff_client("editor")
    response = client.post(
        f"/en/staff/services/{service.pk}/", {**EDIT, "weekly_hours": "9 08:00-10:00"}
    )
    assert response.status_code == 200
    assert "1 (Monday) to 7 (Sunday)" in response.content.decode()
    service.point.refresh_from_db()
    assert service.point.phone == ""


def test_provider_proposes_and_staff_apply(client, staff_client):
    service = make_service()
    provider = UserFactory()
    services.provider_membership_add(
        user=provider, organization=service.point.organization, actor=None
    )
    client.force_login(provider)
    response = client.post(f"/en/services/provider/{service.pk}/propose/", EDIT)
    assert response.status_code == 302
    proposal = ProposedEdit.objects.get()
    assert set(proposal.changes) == {"phone", "languages_spoken", "weekly_hours", "description"}
    service.point.refresh_from_db()
    assert service.point.phone == ""  # nothing changes before staff approve
    client.logout()
    staff, _editor = staff_client("editor")
    assert "0342 111 22 33" in staff.get("/en/staff/services/proposals/").content.decode()
    staff.post(f"/en/staff/services/proposals/{proposal.pk}/decide/", {"decision": "approve"})
    proposal.refresh_from_db()
    service.point.refresh_from_db()
    assert proposal.status == ModerationStatus.APPROVED
    assert service.point.phone == "0342 111 22 33"
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"directory.edit_proposed", "directory.edit_approved"} <= actions
    assert "directory.service_updated" in actions


def test_refused_proposal_changes_nothing(staff_client):
    service = make_service()
    provider = UserFactory()
    services.provider_membership_add(
        user=provider, organization=service.point.organization, actor=None
    )
    proposal = services.proposed_edit_create(
        service=service, changes={"phone": "157"}, actor=provider
    )
    client, _editor = staff_client("editor")
    client.post(f"/en/staff/services/proposals/{proposal.pk}/decide/", {"decision": "reject"})
    proposal.refresh_from_db()
    service.point.refresh_from_db()
    assert proposal.status == ModerationStatus.REJECTED
    assert service.point.phone == ""


def test_people_outside_the_organization_cannot_propose(client):
    service = make_service()
    client.force_login(UserFactory())
    assert client.get(f"/en/services/provider/{service.pk}/propose/").status_code == 403
    assert client.post(f"/en/services/provider/{service.pk}/propose/", EDIT).status_code == 403
    assert not ProposedEdit.objects.exists()


def test_a_proposal_without_changes_is_refused(client):
    service = make_service()
    provider = UserFactory()
    services.provider_membership_add(
        user=provider, organization=service.point.organization, actor=None
    )
    client.force_login(provider)
    initial = ServiceEditForm.initial_for(services.service_current_values(service))
    data = {name: value for name, value in initial.items() if value not in (False, None)}
    data = {name: ("on" if value is True else value) for name, value in data.items()}
    response = client.post(f"/en/services/provider/{service.pk}/propose/", data)
    assert response.status_code == 200
    assert "Nothing was changed" in response.content.decode()
    assert not ProposedEdit.objects.exists()


def test_edited_languages_are_kept_once_each():
    assert services.changes_clean({"languages_spoken": ["ar", "tr", "ar"]}) == {
        "languages_spoken": ["ar", "tr"]
    }
