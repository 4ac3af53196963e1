import pytest

from rehber.accounts.tests.factories import UserFactory
from rehber.core.models import AuditEntry
from rehber.core.services import audit_record

pytestmark = pytest.mark.django_db


def test_audit_record_names_the_actor_the_action_and_the_target():
    actor = UserFactory()
    target = UserFactory()
    entry = audit_record(actor=actor, action="case.viewed", target=target, data={"fields": 3})
    entry.refresh_from_db()
    assert entry.actor == actor
    assert entry.action == "case.viewed"
    assert (entry.target_type, entry.target_id) == ("accounts.user", str(target.pk))
    assert entry.data == {"fields": 3}


def test_audit_entries_outlive_the_actor():
    actor = UserFactory()
    entry = audit_record(actor=actor, action="user.erased")
    actor.delete()
    entry.refresh_from_db()
    assert entry.actor is None


def test_audit_record_needs_an_action():
    with pytest.raises(ValueError):
        audit_record(actor=None, action="")


def test_audit_log_page_lists_and_filters(staff_client):
    client, admin = staff_client("admin")
    audit_record(actor=admin, action="listing.removed")
    audit_record(actor=admin, action="case.opened")
    html = client.get("/en/staff/audit/").content.decode()
    assert "listing.removed" in html and "case.opened" in html
    html = client.get("/en/staff/audit/?action=case.opened").content.decode()
    assert "<code>case.opened</code>" in html
    assert "<code>listing.removed</code>" not in html


def test_audit_log_page_survives_a_bad_filter(staff_client):
    client, _admin = staff_client("admin")
    response = client.get("/en/staff/audit/?action=<script>&page=zzz")
    assert response.status_code == 200
    assert "<script>" not in response.content.decode()


def test_audit_log_page_queries_do_not_grow_with_entries(
    staff_client, django_assert_max_num_queries
):
    client, _admin = staff_client("admin")
    actors = [UserFactory() for _ in range(3)]
    for number in range(30):
        audit_record(actor=actors[number % 3], action=f"thing.{number % 3}")
    with django_assert_max_num_queries(12):
        client.get("/en/staff/audit/")
    assert AuditEntry.objects.count() >= 30
