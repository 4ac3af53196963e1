from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.models import Group, Permission
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from rehber.accounts.models import User
from rehber.accounts.roles import ROLE_PERMISSIONS, STAFF_ROLES, Role
from rehber.accounts.selectors import user_may_reset_password
from rehber.core.mail import mail_send
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


def _listings_data(user: User) -> dict:
    """The person's listings, the messages they wrote, their reports and API keys."""
    from rehber.listings.models import ApiToken, Listing, Message, Report

    return {
        "listings": [
            {
                "id": listing.pk,
                "kind": listing.kind,
                "status": listing.status,
                "language": listing.language,
                "title": listing.title,
                "description": listing.description,
                "created": listing.created_at.isoformat(),
            }
            for listing in Listing.objects.filter(poster=user).order_by("created_at")
        ],
        "messages_you_wrote": [
            {
                "listing": message.conversation.listing_id,
                "time": message.created_at.isoformat(),
                "text": message.text,
            }
            for message in Message.objects.filter(sender=user).select_related("conversation")
        ],
        "listings_you_reported": [
            {"listing": report.listing_id, "reason": report.reason, "text": report.text}
            for report in Report.objects.filter(reporter=user)
        ],
        "api_keys": [
            {"name": token.name, "starts_with": token.prefix}
            for token in ApiToken.objects.filter(user=user)
        ],
    }


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
        **_listings_data(user),
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


#: How long the link that confirms a new account works.
SIGN_UP_LINK_MAX_AGE = 3 * 24 * 60 * 60
_SIGN_UP_SALT = "rehber.accounts.sign-up"


def sign_up_token_make(*, user: User) -> str:
    """A signed token naming the account and its address; it expires after three days."""
    return signing.dumps({"user": user.pk, "email": user.email}, salt=_SIGN_UP_SALT)


@transaction.atomic
def user_sign_up(
    *, email: str, password: str, phone: str = "", preferred_language: str = ""
) -> tuple[User, bool]:
    """Make a switched-off account that the link in an e-mail switches on.

    Returns the account and whether it still waits for its link; an address that
    already has an account gets no second one (the caller still says "check your
    e-mail", so nobody learns which addresses have accounts). An account whose link
    was never opened (lost or too old) gets a fresh link, keeping its first password.
    """
    email = User.objects.normalize_email(email).lower()
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None:
        return existing, not existing.is_active and existing.last_login is None
    user = User.objects.create_user(
        email=email,
        password=password,
        phone=phone.strip(),
        preferred_language=preferred_language,
        is_active=False,
    )
    audit_record(actor=None, action="user.signed_up", target=user)
    return user, True


def sign_up_email_send(*, user: User, is_new: bool, confirm_url: str, sign_in_url: str) -> bool:
    """Send the confirmation link, or to an existing account a note that it exists;
    False when the mail server could not take it."""
    language = user.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language):
        if is_new:
            subject = _("Confirm your Rehber account")
            body = render_to_string("accounts/email/sign_up_confirm.txt", {"url": confirm_url})
        else:
            subject = _("You already have a Rehber account")
            body = render_to_string("accounts/email/sign_up_exists.txt", {"url": sign_in_url})
    return mail_send(subject=subject, body=body, user=user)


@transaction.atomic
def user_email_confirm(*, token: str) -> User:
    """Switch on the account named by a sign-up token."""
    try:
        payload = signing.loads(token, salt=_SIGN_UP_SALT, max_age=SIGN_UP_LINK_MAX_AGE)
    except signing.SignatureExpired:
        raise ValidationError(_("This link is too old. Please sign up again.")) from None
    except signing.BadSignature:
        raise ValidationError(
            _("This link is not right. Copy the whole link from the e-mail.")
        ) from None
    user = (
        User.objects.select_for_update()
        .filter(pk=payload.get("user"), email=payload.get("email"))
        .first()
    )
    if user is None:
        raise ValidationError(_("This link is not right. Copy the whole link from the e-mail."))
    if user.is_active:
        return user
    if user.last_login is not None:
        # Switched off by an administrator after use: an old link does not switch it on.
        raise ValidationError(_("This account is switched off."))
    _user_email_confirmed(user)
    return user


def _user_email_confirmed(user: User) -> None:
    """Switch on a new account whose owner has shown they read mail at its address."""
    user.is_active = True
    user.save(update_fields=["is_active"])
    audit_record(actor=user, action="user.email_confirmed", target=user)


@transaction.atomic
def user_password_reset(*, user: User, password: str, client_ip: str = "") -> User:
    """Set the password chosen after opening an e-mailed reset link.

    Its new hash ends every other session of the account (Django checks each session
    against it) and spends the link. Failed sign-ins recorded for the address are
    forgotten, so the person can sign in at once. A new account still waiting for its
    sign-up link is switched on: the reset link proved the same thing, that its owner reads
    mail at the address. ``client_ip`` (from ``client_address``) is used only to find the
    lock-out of the device in use.
    """
    from axes.utils import reset as signin_failures_reset

    if not user_may_reset_password(user=user):
        raise ValidationError(_("This account is switched off."))
    password_validation.validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    if not user.is_active and user.last_login is None:
        _user_email_confirmed(user)
    username = signin_throttle_key(None, {"username": user.email})
    # The database handler finds failures by address alone, from any IP address; the
    # cache handler (with Redis) keys them by address and IP address together, so there
    # only the lock-out of this device can be found. Others end with the lock-out time.
    signin_failures_reset(username=username)
    if client_ip:
        signin_failures_reset(username=username, ip=client_ip)
    audit_record(actor=user, action="auth.password_reset", target=user)
    return user
