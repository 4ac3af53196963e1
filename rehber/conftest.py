"""Fixtures shared by every app's tests. Each test builds its own data."""

import socket

import pytest
from django.core.cache import cache
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from hypothesis import settings as hypothesis_settings

from rehber.accounts.services import roles_sync, user_roles_set
from rehber.accounts.tests.factories import UserFactory
from rehber.tests.browser import (  # noqa: F401 (fixtures and a hook for every app's browser tests)
    axe_source,
    browser,
    live_server,
    phone,
    pytest_report_header,
    reference_data,
)

# Property tests explore the same examples on every run, so CI cannot fail by chance; the
# examples still come from hypothesis's search, and a change of code changes what it finds.
hypothesis_settings.register_profile("rehber", derandomize=True, deadline=None)
hypothesis_settings.load_profile("rehber")


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The cache may be a shared Redis: start every test with an empty one."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def roles(db):
    roles_sync()


@pytest.fixture
def make_staff(roles):
    """Make a user holding ``role_names`` (no second factor passed yet)."""

    def make(*role_names: str, **fields):
        user = UserFactory(**fields)
        user_roles_set(user=user, roles=role_names, actor=None)
        return user

    return make


def sign_in_verified(client, user) -> TOTPDevice:
    """Sign ``user`` in as if they had typed their password and a valid TOTP code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


@pytest.fixture
def staff_client(client, make_staff):
    """A test client signed in, with second factor, as staff holding ``roles``."""

    def make(*role_names: str):
        user = make_staff(*role_names)
        sign_in_verified(client, user)
        return client, user

    return make


@pytest.fixture
def mail_server_down(settings):
    """E-mail goes to an SMTP server that refuses connections (a port nobody listens on)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 2
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
