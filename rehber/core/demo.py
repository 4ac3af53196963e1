"""Demo content for ``rehber demo_load``. Idempotent: running it twice changes nothing."""

from django.db import transaction

from rehber.accounts.models import User
from rehber.accounts.roles import Role
from rehber.accounts.services import roles_sync, user_create, user_roles_set

DEMO_DOMAIN = "demo.rehber.test"


@transaction.atomic
def demo_staff_load(*, password: str) -> list[tuple[str, str]]:
    """One demo account per staff role, e.g. moderator@demo.rehber.test."""
    roles_sync()
    accounts = []
    for role in Role:
        email = f"{role.value.replace('_', '-')}@{DEMO_DOMAIN}"
        user = User.objects.filter(email=email).first()
        if user is None:
            user = user_create(email=email, password=password, actor=None)
        user_roles_set(user=user, roles=[role], actor=None)
        accounts.append((email, str(role.label)))
    return accounts
