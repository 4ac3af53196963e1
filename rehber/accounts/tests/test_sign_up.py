import re

import pytest
from django.core import mail
from django.urls import reverse

from rehber.accounts.models import User
from rehber.accounts.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def sign_up(client, email="amal@example.org", **extra):
    data = {"email": email, "password": PASSWORD, "phone": "", **extra}
    return client.post("/ar/account/sign-up/", data)


def link_in(message) -> str:
    return re.search(r"http://testserver(/\S+)", message.body).group(1)


def test_sign_up_sends_a_link_that_switches_the_account_on(client):
    response = sign_up(client, email="Amal@Example.org")
    assert response.status_code == 302 and response["Location"] == reverse("accounts:sign_up_sent")
    user = User.objects.get(email="amal@example.org")
    assert not user.is_active and user.preferred_language == "ar"
    [message] = mail.outbox
    assert message.to == ["amal@example.org"]
    # Not confirmed yet: the password alone does not sign in.
    client.post("/ar/account/sign-in/", {"username": "amal@example.org", "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    response = client.get(link_in(message))
    assert response.status_code == 302 and response["Location"] == reverse("accounts:login")
    user.refresh_from_db()
    assert user.is_active
    response = client.post(
        "/ar/account/sign-in/", {"username": "amal@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(user.pk)


def test_an_address_with_an_account_gets_a_note_not_a_second_account(client):
    existing = UserFactory(email="amal@example.org")
    response = sign_up(client)
    assert response["Location"] == reverse("accounts:sign_up_sent")
    assert User.objects.filter(email__iexact="amal@example.org").count() == 1
    [message] = mail.outbox
    assert "/account/sign-in/" in message.body and "confirm" not in message.body
    existing.refresh_from_db()
    assert existing.is_active


def test_weak_password_and_bad_phone_keep_what_was_typed(client):
    response = sign_up(client, password="1234567890", phone="call me")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="amal@example.org"' in html and 'value="call me"' in html
    assert not User.objects.exists() and not mail.outbox


def test_a_wrong_or_changed_link_does_nothing(client):
    sign_up(client)
    link = link_in(mail.outbox[0])
    response = client.get(link[:-3] + "xyz/", follow=True)
    assert response.status_code == 200
    assert not User.objects.get().is_active


def test_sign_ups_are_limited_per_address(client, monkeypatch):
    from rehber.accounts import views

    monkeypatch.setattr(views, "SIGN_UPS_PER_ADDRESS_PER_HOUR", 1)
    sign_up(client, email="first@example.org")
    response = sign_up(client, email="second@example.org")
    assert response.status_code == 200
    assert 'value="second@example.org"' in response.content.decode()
    assert not User.objects.filter(email="second@example.org").exists()


def test_signing_up_again_before_confirming_sends_a_fresh_link(client):
    sign_up(client)
    sign_up(client)
    assert User.objects.count() == 1
    _first, second = mail.outbox
    assert "/sign-up/confirm/" in second.body
    client.get(link_in(second))
    assert User.objects.get().is_active


def test_a_mail_server_that_is_down_gives_a_message_not_an_error(client, mail_server_down, caplog):
    response = sign_up(client, phone="0532 111 22 33")
    html = response.content.decode()
    assert response.status_code == 200
    assert "لم نستطع إرسال البريد الإلكتروني الآن" in html
    assert 'value="amal@example.org"' in html and 'value="0532 111 22 33"' in html
    user = User.objects.get(email="amal@example.org")
    assert not user.is_active
    assert f"account {user.pk} not sent" in caplog.text
    assert "amal@example.org" not in caplog.text


def test_signing_up_again_after_a_failed_e_mail_sends_the_link(client, settings, mail_server_down):
    sign_up(client)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    response = sign_up(client)
    assert response["Location"] == reverse("accounts:sign_up_sent")
    [message] = mail.outbox
    assert "/account/sign-up/confirm/" in message.body


def test_help_and_errors_are_tied_to_their_fields(client):
    response = sign_up(client, password="1234567890", phone="call me")
    html = response.content.decode()
    described = " ".join(re.findall(r'aria-describedby="([^"]+)"', html)).split()
    assert "id_password_helptext" in described and "id_phone_error" in described
    for name in described:
        assert f'id="{name}"' in html, name


def test_the_error_summary_asks_for_the_password_again(client):
    """A password is never shown back, so the page does not say nothing was lost."""
    response = client.post(
        "/en/account/sign-up/", {"email": "amal@example.org", "password": PASSWORD, "phone": "x"}
    )
    html = response.content.decode()
    assert "Type your password again" in html and "Nothing was lost" not in html
    assert 'value="amal@example.org"' in html
