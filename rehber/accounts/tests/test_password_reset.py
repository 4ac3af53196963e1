import json
import logging
import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import PasswordResetTokenGenerator, default_token_generator
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.html import escape
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext
from django_otp.plugins.otp_totp.models import TOTPDevice

from rehber.accounts.forms import PasswordResetSetForm
from rehber.accounts.models import User
from rehber.accounts.services import user_password_reset
from rehber.accounts.tests.factories import PASSWORD, UserFactory
from rehber.accounts.tests.test_sign_in import current_code
from rehber.core.models import AuditEntry

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "seven green lemons on the balcony"
NOT_THIS_LINK = "This link does not work"


def ask(client, email, language="en", **extra):
    return client.post(f"/{language}/account/password-reset/", {"email": email}, **extra)


def link_in(message) -> str:
    return re.search(r"http://testserver(/\S+)", message.body).group(1)


def open_link(client, link) -> str:
    """Open the e-mailed link; Django moves its token into the session and redirects."""
    response = client.get(link)
    assert response.status_code == 302, response.content.decode()
    assert response["Location"].endswith("/set-password/")
    return response["Location"]


def choose(client, form_url, password=NEW_PASSWORD, again=None):
    return client.post(
        form_url, {"new_password1": password, "new_password2": password if again is None else again}
    )


def reset_password(client, user, password=NEW_PASSWORD):
    """The whole way: ask, open the link in the newest e-mail, choose a new password."""
    response = ask(client, user.email)
    assert response["Location"] == reverse("accounts:password_reset_sent")
    response = choose(client, open_link(client, link_in(mail.outbox[-1])), password)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    return response


def sign_in(client, email, password):
    return client.post(reverse("accounts:login"), {"username": email, "password": password})


def reset_url(user, token, language="en"):
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return f"/{language}/account/password-reset/{uid}/{token}/"


class TokensMadeThreeHoursAgo(PasswordResetTokenGenerator):
    def _now(self):
        return super()._now() - timedelta(hours=3)


def test_the_sign_in_page_links_to_the_reset(client):
    html = client.get("/en/account/sign-in/").content.decode()
    assert 'href="/en/account/password-reset/"' in html
    assert "Forgot your password?" in html


def test_known_and_unknown_addresses_get_the_same_answer_and_only_the_account_mail(client):
    UserFactory(email="amal@example.org", preferred_language="ar")
    known = ask(client, "Amal@Example.org")
    unknown = ask(client, "nobody@example.org")
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == reverse("accounts:password_reset_sent")
    assert client.get(known["Location"]).content == client.get(unknown["Location"]).content

    [message] = mail.outbox
    assert message.to == ["amal@example.org"]
    with translation.override("ar"):
        subject = gettext("Choose a new password for Rehber")
        not_you = gettext("If it was not you, do nothing: your password stays the same.")
    assert subject != "Choose a new password for Rehber"
    assert message.subject == subject
    assert not_you in message.body
    assert "If it was not you" not in message.body
    # The link opens the page in the account's language too.
    assert link_in(message).startswith("/ar/account/password-reset/")


def test_without_a_preferred_language_the_mail_is_in_the_language_of_the_page(client):
    UserFactory(email="deniz@example.org")
    ask(client, "deniz@example.org", language="tr")
    [message] = mail.outbox
    with translation.override("tr"):
        assert gettext("Choose a new password for Rehber") == message.subject
    assert link_in(message).startswith("/tr/account/password-reset/")


def test_the_sent_page_says_what_to_do_next(client):
    html = client.get("/en/account/password-reset/sent/").content.decode()
    assert "The link works for 2 hours, and only once." in html
    assert "spam folder" in html
    assert settings.PASSWORD_RESET_TIMEOUT == 2 * 60 * 60


def test_the_link_works_once_and_does_not_sign_in(client):
    user = UserFactory(email="omar@example.org")
    ask(client, user.email)
    link = link_in(mail.outbox[0])
    form_url = open_link(client, link)
    page = client.get(form_url).content.decode()
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert 'name="new_password1"' in page
    assert token not in page

    response = choose(client, form_url)
    assert response["Location"] == reverse("accounts:password_reset_done")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert "_auth_user_id" not in client.session
    done = client.get(response["Location"]).content.decode()
    assert f'href="{reverse("accounts:login")}"' in done

    for again in (link, form_url):
        response = client.get(again)
        assert response.status_code == 200
        html = response.content.decode()
        assert NOT_THIS_LINK in html
        assert 'name="new_password1"' not in html
        assert f'href="{reverse("accounts:password_reset")}"' in html
    assert sign_in(client, user.email, NEW_PASSWORD)["Location"] == reverse("accounts:account")


def test_a_wrong_link_shows_the_friendly_page(client):
    user = UserFactory()
    good = default_token_generator.make_token(user)
    for url in (
        reset_url(user, good[:-4] + "abcd"),
        reset_url(user, "garbled"),
        f"/en/account/password-reset/@@@/{good}/",
        f"/en/account/password-reset/{urlsafe_base64_encode(b'99999999999999999999999')}/{good}/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert NOT_THIS_LINK in response.content.decode(), url
    # The same page for a wrong link in the session step.
    response = client.get(reset_url(user, "set-password"))
    assert NOT_THIS_LINK in response.content.decode()


def test_an_expired_link_shows_the_friendly_page(client, settings):
    user = UserFactory()
    old_token = TokensMadeThreeHoursAgo().make_token(user)
    response = client.get(reset_url(user, old_token))
    assert response.status_code == 200
    assert NOT_THIS_LINK in response.content.decode()
    # The same token inside a longer lifetime still works: it was the age that counted.
    settings.PASSWORD_RESET_TIMEOUT = 4 * 60 * 60
    assert client.get(reset_url(user, old_token)).status_code == 302


def test_a_link_made_before_an_account_was_switched_off_does_not_work(client):
    user = UserFactory()
    token = default_token_generator.make_token(user)
    User.objects.filter(pk=user.pk).update(is_active=False, last_login=user.date_joined)
    assert NOT_THIS_LINK in client.get(reset_url(user, token)).content.decode()
    ask(client, user.email)
    assert mail.outbox == []


def test_the_service_refuses_a_switched_off_account_and_a_weak_password():
    switched_off = UserFactory(is_active=False)
    User.objects.filter(pk=switched_off.pk).update(last_login=switched_off.date_joined)
    switched_off.refresh_from_db()
    with pytest.raises(ValidationError):
        user_password_reset(user=switched_off, password=NEW_PASSWORD)
    user = UserFactory()
    with pytest.raises(ValidationError):
        user_password_reset(user=user, password="1234567890")
    switched_off.refresh_from_db()
    user.refresh_from_db()
    assert switched_off.check_password(PASSWORD) and user.check_password(PASSWORD)
    assert not AuditEntry.objects.filter(action="auth.password_reset").exists()


def test_weak_or_different_passwords_get_translated_errors_and_are_not_shown_again(client):
    user = UserFactory(email="sara@example.org", preferred_language="ar")
    ask(client, user.email, language="ar")
    form_url = open_link(client, link_in(mail.outbox[0]))
    assert form_url.startswith("/ar/")

    weak = "1234567890"
    response = choose(client, form_url, weak)
    assert response.status_code == 200
    html = response.content.decode()
    with translation.override("ar"):
        with pytest.raises(ValidationError) as weak_errors:
            validate_password(weak, user)
        mismatch = str(PasswordResetSetForm.error_messages["password_mismatch"])
    assert weak_errors.value.messages
    for error in weak_errors.value.messages:
        assert escape(error) in html
    assert "This password is too common" not in html
    assert weak not in html

    response = choose(client, form_url, NEW_PASSWORD, again=NEW_PASSWORD + "!")
    html = response.content.decode()
    assert mismatch != "The two passwords are not the same. Please type them again."
    assert escape(mismatch) in html
    assert NEW_PASSWORD not in html
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_a_reset_signs_the_account_out_everywhere_else(client):
    user = UserFactory()
    elsewhere = Client()
    elsewhere.force_login(user)
    assert elsewhere.get(reverse("accounts:account")).status_code == 200
    reset_password(client, user)
    response = elsewhere.get(reverse("accounts:account"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert "_auth_user_id" not in elsewhere.session


def test_a_reset_lifts_the_sign_in_lock_out(client):
    user = UserFactory(email="leyla@example.org")
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, user.email, "guess")
    assert sign_in(client, user.email, PASSWORD).status_code == 429
    database_handler = settings.AXES_HANDLER.endswith("AxesDatabaseHandler")
    if database_handler:
        # Failures from another device are forgotten too, where the handler can find them.
        Client(REMOTE_ADDR="203.0.113.9").post(
            reverse("accounts:login"), {"username": user.email, "password": "guess"}
        )
        assert AccessAttempt.objects.filter(username="leyla@example.org").count() == 2

    reset_password(client, user)
    response = sign_in(client, user.email, NEW_PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    if database_handler:
        assert not AccessAttempt.objects.filter(username="leyla@example.org").exists()


def test_the_reset_is_audited_and_logged_without_the_address(client, caplog, settings):
    for logger in ("", "django", "axes"):
        caplog.set_level(logging.DEBUG, logger=logger)
    user = UserFactory(email="yusuf@example.org")
    # A mail server that does not answer: the page still answers, and says the same.
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", 1, False
    response = ask(client, user.email)
    assert response["Location"] == "/en/account/password-reset/sent/"
    assert "Failed to send password reset email" in caplog.text
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    reset_password(client, user)
    entry = AuditEntry.objects.get(action="auth.password_reset")
    assert entry.actor == user
    assert entry.target_id == str(user.pk)
    rows = json.dumps(list(AuditEntry.objects.values("action", "target_id", "data")))
    assert "yusuf" not in rows
    assert NEW_PASSWORD not in rows
    assert caplog.records
    assert "yusuf" not in caplog.text


def test_requests_are_limited_per_email_address_whether_or_not_it_has_an_account(
    client, monkeypatch
):
    from rehber.accounts import views

    monkeypatch.setattr(views, "PASSWORD_RESETS_PER_EMAIL_PER_HOUR", 2)
    UserFactory(email="amal@example.org")
    for email in ("amal@example.org", "nobody@example.org"):
        assert ask(client, email).status_code == 302
        assert ask(client, email.upper()).status_code == 302
        response = ask(client, email)
        assert response.status_code == 200
        html = response.content.decode()
        assert "Too many requests for this address." in html
        assert f'value="{email}"' in html
    assert len(mail.outbox) == 2
    assert ask(client, "other@example.org").status_code == 302


def test_requests_are_limited_per_client_address(client, monkeypatch):
    from rehber.accounts import views

    monkeypatch.setattr(views, "PASSWORD_RESETS_PER_ADDRESS_PER_HOUR", 2)
    UserFactory(email="third@example.org")
    ask(client, "first@example.org")
    ask(client, "second@example.org")
    response = ask(client, "third@example.org")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Too many requests from here." in html
    assert 'value="third@example.org"' in html
    assert mail.outbox == []
    assert ask(client, "third@example.org", REMOTE_ADDR="198.51.100.4").status_code == 302
    assert len(mail.outbox) == 1


def test_the_throttle_message_is_translated(client, monkeypatch):
    from rehber.accounts import views

    monkeypatch.setattr(views, "PASSWORD_RESETS_PER_ADDRESS_PER_HOUR", 0)
    html = ask(client, "amal@example.org", language="fa").content.decode()
    with translation.override("fa"):
        message = gettext("Too many requests from here. Please try again in an hour.")
    assert message != "Too many requests from here. Please try again in an hour."
    assert escape(message) in html


def test_staff_still_give_their_authenticator_code_after_a_reset(client, make_staff):
    staff = make_staff("caseworker")
    device = TOTPDevice.objects.create(user=staff, name="phone", confirmed=True)
    reset_password(client, staff)
    response = sign_in(client, staff.email, NEW_PASSWORD)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two_factor"))
    response = client.get(reverse("core:staff_dashboard"))
    assert response.status_code == 302
    assert reverse("accounts:two_factor") in response["Location"]

    client.post(reverse("accounts:two_factor"), {"token": current_code(device)})
    assert client.get(reverse("core:staff_dashboard")).status_code == 200


def test_a_reset_confirms_an_account_still_waiting_for_its_sign_up_link(client):
    client.post(
        "/ar/account/sign-up/", {"email": "nour@example.org", "password": PASSWORD, "phone": ""}
    )
    user = User.objects.get(email="nour@example.org")
    assert not user.is_active
    assert "/sign-up/confirm/" in mail.outbox[0].body

    ask(client, "nour@example.org")
    assert len(mail.outbox) == 2
    assert link_in(mail.outbox[1]).startswith("/ar/account/password-reset/")
    choose(client, open_link(client, link_in(mail.outbox[1])))
    user.refresh_from_db()
    assert user.is_active
    assert AuditEntry.objects.filter(action="user.email_confirmed", target_id=str(user.pk)).exists()
    response = sign_in(client, "nour@example.org", NEW_PASSWORD)
    assert client.session["_auth_user_id"] == str(user.pk), response.content.decode()


@pytest.mark.parametrize("page", ["request", "sent", "wrong_link", "done"])
def test_the_pages_read_right_to_left_in_arabic(client, page):
    user = UserFactory()
    url = {
        "request": "/ar/account/password-reset/",
        "sent": "/ar/account/password-reset/sent/",
        "wrong_link": reset_url(user, "garbled", language="ar"),
        "done": "/ar/account/password-reset/done/",
    }[page]
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    for english in ("Forgot your password?", "Check your e-mail", NOT_THIS_LINK, "Sign in with"):
        assert english not in html


def test_the_form_page_reads_right_to_left_in_arabic(client):
    user = UserFactory(preferred_language="ar")
    ask(client, user.email, language="ar")
    html = client.get(open_link(client, link_in(mail.outbox[0]))).content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert 'name="new_password2"' in html
    assert "Choose a new password" not in html
