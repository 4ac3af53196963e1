import pytest
from django.conf import settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from rehber.accounts.models import User
from rehber.accounts.tests.factories import PASSWORD, UserFactory
from rehber.core.models import AuditEntry

pytestmark = pytest.mark.django_db

SIGN_IN = "/en/account/sign-in/"


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def sign_in(client, user, password=PASSWORD, next_url=""):
    return client.post(SIGN_IN, {"username": user.email, "password": password, "next": next_url})


def test_passwords_are_hashed_with_argon2():
    user = UserFactory()
    assert user.password.startswith("argon2$")
    assert user.check_password(PASSWORD)


def test_email_is_unique_whatever_its_case():
    UserFactory(email="amal@example.org")
    with pytest.raises(Exception):  # noqa: B017 - IntegrityError, raised by the database
        User.objects.create_user(email="Amal@Example.org", password=PASSWORD)


def test_a_new_staff_member_must_set_up_an_authenticator(client, make_staff):
    user = make_staff("moderator")
    response = sign_in(client, user)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two_factor_setup"))

    # Password alone opens no staff page.
    response = client.get(reverse("core:staff_dashboard"))
    assert response.status_code == 302
    assert reverse("accounts:two_factor") in response["Location"]

    page = client.get(reverse("accounts:two_factor_setup"))
    assert page.status_code == 200
    assert "data:image/svg+xml;base64," in page.content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)

    response = client.post(reverse("accounts:two_factor_setup"), {"token": "000000"})
    assert response.status_code == 200
    assert "That code did not work" in response.content.decode()
    # A failed try makes the device wait before the next one, like a second attempt an
    # attacker would make: move the throttle out of the way as time would.
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)

    response = client.post(reverse("accounts:two_factor_setup"), {"token": current_code(device)})
    assert response.status_code == 302
    assert client.get(reverse("core:staff_dashboard")).status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    assert AuditEntry.objects.filter(
        action="auth.two_factor_enrolled", target_id=str(user.pk)
    ).exists()


def test_staff_with_an_authenticator_give_its_code_after_the_password(client, make_staff):
    user = make_staff("analyst")
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    response = sign_in(client, user, next_url="/en/staff/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two_factor"))
    assert "next=%2Fen%2Fstaff%2F" in response["Location"]

    response = client.post(
        reverse("accounts:two_factor"), {"token": current_code(device), "next": "/en/staff/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/en/staff/"
    assert client.get("/en/staff/").status_code == 200
    assert AuditEntry.objects.filter(action="auth.two_factor_passed").count() == 1


def test_a_wrong_code_keeps_staff_out(client, make_staff):
    user = make_staff("caseworker")
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    sign_in(client, user)
    response = client.post(reverse("accounts:two_factor"), {"token": "12345x"})
    assert response.status_code == 200
    assert "Type the 6 digits" in response.content.decode()
    assert client.get("/en/staff/").status_code == 302


def test_no_new_authenticator_without_the_old_one(client, make_staff):
    user = make_staff("admin")
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    sign_in(client, user)
    response = client.get(reverse("accounts:two_factor_setup"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two_factor"))
    assert not TOTPDevice.objects.filter(user=user, confirmed=False).exists()


def test_people_without_a_staff_role_need_no_second_factor(client):
    user = UserFactory()
    response = sign_in(client, user)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:account")
    assert client.get(reverse("accounts:account")).status_code == 200
    assert client.get(reverse("core:staff_dashboard")).status_code == 403


def test_wrong_password_shows_a_clear_message_and_keeps_the_email(client):
    user = UserFactory()
    response = sign_in(client, user, password="not it")
    assert response.status_code == 200
    html = response.content.decode()
    assert "The e-mail address or the password is wrong" in html
    assert f'value="{user.email}"' in html


def test_failed_sign_ins_are_throttled(client):
    user = UserFactory()
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, user, password="guess").status_code == 200
    assert sign_in(client, user, password="guess").status_code == 429
    # Even the right password is refused now.
    response = sign_in(client, user)
    assert response.status_code == 429
    assert "Too many tries" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_sign_in_page_is_translated(client):
    html = client.get("/ar/account/sign-in/").content.decode()
    assert "Sign in" not in html


def test_sign_out_needs_a_post(client):
    user = UserFactory()
    client.force_login(user)
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_throttling_counts_an_address_whatever_its_case(client):
    user = UserFactory(email="omid@example.org")
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        email = "OMID@example.org" if attempt % 2 else "omid@example.org"
        client.post(SIGN_IN, {"username": email, "password": "guess"})
    response = client.post(SIGN_IN, {"username": user.email, "password": PASSWORD})
    assert response.status_code == 429
