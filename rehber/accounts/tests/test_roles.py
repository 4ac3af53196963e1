import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from rehber.accounts.models import User
from rehber.accounts.roles import ROLE_PERMISSIONS, Role
from rehber.accounts.services import roles_sync, user_roles_set
from rehber.accounts.tests.factories import UserFactory
from rehber.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_roles_sync_makes_one_group_per_role_with_exactly_its_permissions():
    admin_group = Group.objects.create(name=Role.ADMIN)
    admin_group.permissions.add(Permission.objects.get(codename="delete_user"))
    roles_sync()
    roles_sync()
    assert set(Group.objects.values_list("name", flat=True)) >= set(Role.values)
    for role, expected in ROLE_PERMISSIONS.items():
        group = Group.objects.get(name=role)
        held = {
            f"{app}.{codename}"
            for app, codename in group.permissions.values_list(
                "content_type__app_label", "codename"
            )
        }
        assert held == set(expected), role


def test_setting_roles_is_audited_and_opens_the_admin_site_only_to_admins(roles):
    actor = UserFactory()
    user = UserFactory()
    user_roles_set(user=user, roles=[Role.MODERATOR], actor=actor)
    user.refresh_from_db()
    assert not user.is_staff
    assert user.role_names == {"moderator"}
    user_roles_set(user=user, roles=[Role.MODERATOR, Role.ADMIN], actor=actor)
    user = User.objects.get(pk=user.pk)
    assert user.is_staff
    assert user.role_names == {"moderator", "admin"}
    entries = AuditEntry.objects.filter(action="user.roles_changed", target_id=str(user.pk))
    assert entries.count() == 2
    latest = entries.first()
    assert latest.actor == actor
    assert latest.data == {"before": ["moderator"], "after": ["admin", "moderator"]}


def test_setting_the_same_roles_again_writes_no_audit_row(roles):
    user = UserFactory()
    user_roles_set(user=user, roles=[Role.ANALYST], actor=None)
    user_roles_set(user=user, roles=[Role.ANALYST], actor=None)
    assert AuditEntry.objects.filter(action="user.roles_changed").count() == 1


def test_unknown_roles_are_refused(roles):
    with pytest.raises(ValueError, match="astronaut"):
        user_roles_set(user=UserFactory(), roles=["astronaut"], actor=None)


def test_demo_load_is_idempotent(capsys):
    call_command("demo_load", password="demo password 1")
    call_command("demo_load", password="demo password 1")
    # Demo posters and seekers of listings share the domain; staff hold a role.
    demo = User.objects.filter(email__endswith="@demo.rehber.test", groups__isnull=False)
    assert demo.distinct().count() == len(Role)
    assert demo.get(email="grants-manager@demo.rehber.test").role_names == {"grants_manager"}
    assert demo.get(email="admin@demo.rehber.test").is_staff
    assert AuditEntry.objects.filter(action="user.created").count() == len(Role)
