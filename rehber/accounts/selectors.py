from django_otp.plugins.otp_totp.models import TOTPDevice

from rehber.accounts.models import User


def user_has_confirmed_device(*, user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()
