from collections.abc import Iterable

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from rehber.accounts.models import User
from rehber.accounts.roles import ROLE_PERMISSIONS, STAFF_ROLES, Role
from rehber.core.services import audit_record


@transaction.atomic
def roles_sync() -> dict[str, int]:
    """Create one group per role holding exactly the permissions in ROLE_PERMISSIONS."""
    counts = {}
    for role, permission_names in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role)
        permissions = []
        for name in permission_names:
            app_label, codename = name.split(".")
            permissions.append(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.set(permissions)
        counts[str(role)] = len(permissions)
    return counts


@transaction.atomic
def user_create(
    *, email: str, password: str | None, actor: User | None, preferred_language: str = ""
) -> User:
    user = User.objects.create_user(
        email=email, password=password, preferred_language=preferred_language
    )
    audit_record(actor=actor, action="user.created", target=user)
    return user


@transaction.atomic
def user_roles_set(*, user: User, roles: Iterable[str], actor: User | None) -> User:
    """Give ``user`` exactly these staff roles; the admin role also opens the admin site."""
    wanted = set(roles)
    unknown = wanted - STAFF_ROLES
    if unknown:
        raise ValueError(f"Unknown roles: {sorted(unknown)}")
    before = set(user.groups.filter(name__in=STAFF_ROLES).values_list("name", flat=True))
    other_groups = user.groups.exclude(name__in=STAFF_ROLES)
    user.groups.set([*other_groups, *Group.objects.filter(name__in=wanted)])
    user.is_staff = Role.ADMIN in wanted or user.is_superuser
    user.save(update_fields=["is_staff"])
    user.__dict__.pop("_role_names", None)
    if before != wanted:
        audit_record(
            actor=actor,
            action="user.roles_changed",
            target=user,
            data={"before": sorted(before), "after": sorted(wanted)},
        )
    return user


def totp_device_pending(*, user: User) -> TOTPDevice:
    """The not-yet-confirmed authenticator of ``user``, made on first call."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    return device


@transaction.atomic
def totp_device_confirm(*, request, device: TOTPDevice, token: str) -> bool:
    """Confirm a new authenticator with its first code and count this sign-in as verified."""
    if not device.verify_is_allowed()[0] or not device.verify_token(token):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    otp_login(request, device)
    audit_record(actor=device.user, action="auth.two_factor_enrolled", target=device.user)
    return True


def totp_verify(*, request, user: User, token: str) -> bool:
    """Check a code from any of the user's confirmed authenticators."""
    for device in TOTPDevice.objects.filter(user=user, confirmed=True):
        if device.verify_is_allowed()[0] and device.verify_token(token):
            otp_login(request, device)
            audit_record(actor=user, action="auth.two_factor_passed", target=user)
            return True
    return False


def signin_throttle_key(request, credentials: dict | None) -> str:
    """The e-mail address as axes counts failures for it: ``Amal@X`` and ``amal@x`` are one."""
    return str((credentials or {}).get("username") or "").strip().lower()


def user_data_export(*, user: User) -> dict:
    """Everything Rehber holds about one person, for them to download."""
    from rehber.core.models import AuditEntry

    audit_record(actor=user, action="user.data_exported", target=user)
    return {
        "account": {
            "email": user.email,
            "phone": user.phone,
            "preferred_language": user.preferred_language,
            "joined": user.date_joined.isoformat(),
            "last_sign_in": user.last_login.isoformat() if user.last_login else None,
            "staff_roles": sorted(user.role_names),
        },
        "authenticator_apps": [
            {"name": device.name, "confirmed": device.confirmed}
            for device in TOTPDevice.objects.filter(user=user)
        ],
        "what_you_did": [
            {"time": entry.created_at.isoformat(), "action": entry.action}
            for entry in AuditEntry.objects.filter(actor=user).order_by("created_at")
        ],
    }


@transaction.atomic
def user_erase(*, user: User, actor: User) -> None:
    """Delete an account and what is tied to it. Records the erasure, not the person.

    Texts the person wrote for the platform (guides, translations) stay, without
    their name.
    """
    from axes.utils import reset as signin_failures_reset

    if user.is_superuser:
        raise ValueError("A superuser account is removed by another administrator.")
    user_id = user.pk
    # Failed sign-ins name the e-mail address. In the database they stay until
    # removed; in a Redis cache they expire with the lock-out time anyway.
    signin_failures_reset(username=user.email.lower())
    TOTPDevice.objects.filter(user=user).delete()
    user.delete()
    audit_record(
        actor=None if actor.pk == user_id else actor,
        action="user.erased",
        data={"user_id": user_id},
    )
