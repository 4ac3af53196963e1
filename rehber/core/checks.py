"""System checks for how Rehber is deployed."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def email_configured(app_configs, **kwargs):
    """Without an SMTP server nobody can confirm a new account or hear from the relay."""
    if settings.EMAIL_HOST:
        return []
    return [
        Warning(
            "REHBER_EMAIL_HOST is not set: Rehber sends no e-mail, so new accounts cannot be "
            "confirmed and relay and renewal notices are not sent.",
            hint="Set REHBER_EMAIL_HOST (and REHBER_EMAIL_USER, REHBER_EMAIL_PASSWORD).",
            id="rehber.W001",
        )
    ]
