"""The contact relay never shows a phone number or e-mail address before both sides agree."""

import json

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client

from rehber.accounts.tests.factories import UserFactory
from rehber.listings import relay
from rehber.listings.models import Conversation, Message
from rehber.listings.tests.factories import ListingFactory

pytestmark = pytest.mark.django_db

POSTER_PHONE = "+90 532 111 22 33"
SEEKER_PHONE = "+90 541 999 88 77"
LEAKED = "0505 444 33 22"


def digits(text):
    return "".join(char for char in text if char.isdigit())


def contains_number(html: str, phone: str) -> bool:
    return digits(phone)[-7:] in digits(html)


@pytest.fixture
def sides(django_capture_on_commit_callbacks):
    poster = UserFactory(email="landlord@example.org", phone=POSTER_PHONE)
    seeker = UserFactory(email="seeker@example.org", phone=SEEKER_PHONE)
    listing = ListingFactory(poster=poster)
    poster_client, seeker_client = Client(), Client()
    poster_client.force_login(poster)
    seeker_client.force_login(seeker)
    return listing, poster, seeker, poster_client, seeker_client


def test_numbers_stay_hidden_until_both_agree(sides, django_capture_on_commit_callbacks):
    listing, _poster, _seeker, poster_client, seeker_client = sides
    with django_capture_on_commit_callbacks(execute=True):
        response = seeker_client.post(
            f"/en/listings/{listing.pk}/contact/",
            {"text": f"Is it free? Call me on {LEAKED} or seeker at example dot org"},
        )
    conversation = Conversation.objects.get()
    assert response["Location"] == f"/en/listings/messages/{conversation.pk}/"
    [message] = Message.objects.all()
    assert "444" not in message.text and "example" not in message.text
    # The e-mail to the poster has a link, not the text, and no number.
    [notice] = mail.outbox
    assert notice.to == ["landlord@example.org"]
    assert f"/listings/messages/{conversation.pk}/" in notice.body
    for phone in (POSTER_PHONE, SEEKER_PHONE, LEAKED):
        assert not contains_number(notice.body, phone)
    assert "seeker@example.org" not in notice.body

    url = f"/en/listings/messages/{conversation.pk}/"
    for client, other_email, other_phone in (
        (poster_client, "seeker@example.org", SEEKER_PHONE),
        (seeker_client, "landlord@example.org", POSTER_PHONE),
    ):
        html = client.get(url).content.decode()
        assert other_email not in html and not contains_number(html, other_phone)
        assert not contains_number(html, LEAKED)
    # The listing page and the API never show them either.
    html = seeker_client.get(f"/en/listings/{listing.pk}/").content.decode()
    assert "landlord@example.org" not in html and not contains_number(html, POSTER_PHONE)
    api = json.dumps(seeker_client.get(f"/api/v1/listings/{listing.pk}").json())
    assert "landlord@example.org" not in api and not contains_number(api, POSTER_PHONE)

    # One side agreeing is not enough.
    seeker_client.post(url, {"action": "share"})
    html = seeker_client.get(url).content.decode()
    assert not contains_number(html, POSTER_PHONE) and "landlord@example.org" not in html
    html = poster_client.get(url).content.decode()
    assert not contains_number(html, SEEKER_PHONE) and "seeker@example.org" not in html

    poster_client.post(url, {"action": "share"})
    html = seeker_client.get(url).content.decode()
    assert contains_number(html, POSTER_PHONE) and "landlord@example.org" in html
    html = poster_client.get(url).content.decode()
    assert contains_number(html, SEEKER_PHONE) and "seeker@example.org" in html


def test_blocking_ends_messages_and_hides_details(sides):
    listing, poster, seeker, poster_client, seeker_client = sides
    conversation = relay.conversation_start(listing=listing, seeker=seeker, text="Hello")
    relay.contact_share(conversation=conversation, user=seeker)
    relay.contact_share(conversation=conversation, user=poster)
    url = conversation.get_absolute_url()
    poster_client.post(url, {"action": "block"})
    html = seeker_client.get(url).content.decode()
    assert not contains_number(html, POSTER_PHONE) and "landlord@example.org" not in html
    response = seeker_client.post(url, {"action": "message", "text": "Please answer"})
    assert "blocked" in response.content.decode()
    assert Message.objects.count() == 1


def test_strangers_cannot_open_a_conversation(sides, client):
    listing, _poster, seeker, _poster_client, _seeker_client = sides
    conversation = relay.conversation_start(listing=listing, seeker=seeker, text="Hello")
    client.force_login(UserFactory())
    assert client.get(conversation.get_absolute_url()).status_code == 404
    assert client.post(conversation.get_absolute_url(), {"action": "share"}).status_code == 404


def test_posters_cannot_write_to_their_own_listing(sides):
    listing, _poster, _seeker, poster_client, _seeker_client = sides
    response = poster_client.post(
        f"/en/listings/{listing.pk}/contact/", {"text": "Hi"}, follow=True
    )
    assert "your own listing" in response.content.decode()
    assert not Conversation.objects.exists()


def test_my_data_holds_listings_messages_and_reports(sides):
    listing, _poster, seeker, _poster_client, seeker_client = sides
    relay.conversation_start(listing=listing, seeker=seeker, text="Is it still free?")
    from rehber.listings.services import report_create

    report_create(listing=listing, reporter=seeker, reason="scam", text="Asked for money")
    response = seeker_client.post("/en/account/my-data/", {"download": "1"})
    data = response.json()
    assert data["messages_you_wrote"][0]["text"] == "Is it still free?"
    assert data["listings_you_reported"][0]["reason"] == "scam"
    # Erasing the account erases its conversations, messages and reports.
    from rehber.accounts.services import user_erase

    user_erase(user=seeker, actor=seeker)
    assert not Message.objects.exists() and not Conversation.objects.exists()


def test_a_removed_listing_closes_its_conversations(sides):
    listing, poster, seeker, _poster_client, _seeker_client = sides
    conversation = relay.conversation_start(listing=listing, seeker=seeker, text="Hello")
    from rehber.listings.services import ModerationAction, listing_moderate

    listing_moderate(
        listing_ids=[listing.pk], action=ModerationAction.REMOVE, reason="Scam", actor=None
    )
    with pytest.raises(ValidationError):
        relay.message_send(conversation=conversation, sender=poster, text="Send the deposit")
    assert Message.objects.count() == 1


def test_a_message_is_kept_when_the_notice_cannot_be_sent(
    sides, django_capture_on_commit_callbacks, mail_server_down, caplog
):
    listing, poster, _seeker, _poster_client, seeker_client = sides
    with django_capture_on_commit_callbacks(execute=True):
        response = seeker_client.post(
            f"/en/listings/{listing.pk}/contact/", {"text": "Is it free?"}
        )
    conversation = Conversation.objects.get()
    assert response["Location"] == f"/en/listings/messages/{conversation.pk}/"
    assert Message.objects.get().text == "Is it free?"
    assert f"account {poster.pk} not sent" in caplog.text
    assert "landlord@example.org" not in caplog.text
