import unicodedata

from django_otp.plugins.otp_totp.models import TOTPDevice

from rehber.accounts.models import User


def user_has_confirmed_device(*, user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def user_may_reset_password(*, user: User) -> bool:
    """Whether an e-mailed link may set a new password for this account.

    Switched-on accounts may, and so may new accounts still waiting for their sign-up
    link (never signed in): the reset link reaches the same inbox. An account that was
    used and then switched off by an administrator stays off.
    """
    return user.has_usable_password() and (user.is_active or user.last_login is None)


def _folded(email: str) -> str:
    return unicodedata.normalize("NFKC", email).casefold()


def user_for_password_reset(*, email: str) -> User | None:
    """The account that gets a reset link for ``email``, if there is one.

    The stored address must match the typed one letter for letter once case is folded,
    so a look-alike (``ı`` for ``i``) that the database compares as equal finds nothing.
    """
    user = User.objects.filter(email__iexact=email).first()
    if user is None or _folded(user.email) != _folded(email):
        return None
    return user if user_may_reset_password(user=user) else None
