"""The contact relay: conversations between seekers and posters (services and reads).

Contact details (the account's e-mail address and phone number) are given to
the other side only when both have agreed and nobody blocked; until then every
message is stored with phone numbers and e-mail addresses hidden, and the
e-mail that tells someone about a new message never contains its text.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from rehber.core.mail import mail_send
from rehber.core.services import audit_record
from rehber.listings.contact_masking import contact_mask
from rehber.listings.models import Conversation, Listing, ListingStatus, Message
from rehber.listings.plain_text import plain_text_clean

MAX_MESSAGE_LENGTH = 2000


def _message_text(conversation: Conversation, text: str) -> str:
    cleaned = plain_text_clean(text)
    if not cleaned:
        raise ValidationError(_("Write a message first."))
    if len(cleaned) > MAX_MESSAGE_LENGTH:
        raise ValidationError(
            _("A message can have at most %(limit)s characters.") % {"limit": MAX_MESSAGE_LENGTH}
        )
    return cleaned if conversation.both_share else contact_mask(cleaned)[0]


def _notify(*, conversation: Conversation, recipient, url: str) -> None:
    """Tell ``recipient`` there is a new message: a link only, never the text."""
    with translation.override(recipient.preferred_language or "en"):
        subject = _("New message about your listing on Rehber")
        if recipient.pk == conversation.seeker_id:
            subject = _("New reply on Rehber")
        body = render_to_string("listings/email/new_message.txt", {"url": url})
    # The message is kept either way: a mail server that is down loses only the e-mail.
    mail_send(subject=subject, body=body, user=recipient)


@transaction.atomic
def conversation_start(*, listing: Listing, seeker, text: str, url_for=None) -> Conversation:
    """Write to the poster of a visible listing. A seeker has one conversation per listing."""
    if not listing.is_visible:
        raise ValidationError(_("This listing is not shown any more."))
    if listing.poster_id == seeker.pk:
        raise ValidationError(_("This is your own listing."))
    conversation = Conversation.objects.filter(listing=listing, seeker=seeker).first()
    if conversation is None:
        try:
            with transaction.atomic():
                conversation = Conversation.objects.create(listing=listing, seeker=seeker)
        except IntegrityError:
            conversation = Conversation.objects.get(listing=listing, seeker=seeker)
    message_send(conversation=conversation, sender=seeker, text=text, url_for=url_for)
    return conversation


@transaction.atomic
def message_send(*, conversation: Conversation, sender, text: str, url_for=None) -> Message:
    conversation = (
        Conversation.objects.select_for_update()
        .select_related("listing__poster", "seeker")
        .get(pk=conversation.pk)
    )
    if sender.pk not in (conversation.seeker_id, conversation.listing.poster_id):
        raise ValidationError(_("This conversation is not yours."))
    if conversation.blocked_by_id is not None:
        raise ValidationError(_("This conversation is blocked. No more messages can be sent."))
    if conversation.listing.status in (ListingStatus.REMOVED, ListingStatus.REJECTED):
        raise ValidationError(
            _("A moderator took this listing down, so this conversation is closed. Stay safe.")
        )
    message = Message.objects.create(
        conversation=conversation, sender=sender, text=_message_text(conversation, text)
    )
    conversation.save(update_fields=["updated_at"])
    recipient = (
        conversation.listing.poster if sender.pk == conversation.seeker_id else conversation.seeker
    )
    url = url_for(conversation) if url_for else conversation.get_absolute_url()
    transaction.on_commit(lambda: _notify(conversation=conversation, recipient=recipient, url=url))
    return message


@transaction.atomic
def contact_share(*, conversation: Conversation, user) -> Conversation:
    """``user`` agrees to share their contact details in this conversation."""
    conversation = (
        Conversation.objects.select_for_update().select_related("listing").get(pk=conversation.pk)
    )
    if conversation.blocked_by_id is not None:
        raise ValidationError(_("This conversation is blocked."))
    if user.pk == conversation.seeker_id:
        conversation.seeker_shares = True
    elif user.pk == conversation.listing.poster_id:
        conversation.poster_shares = True
    else:
        raise ValidationError(_("This conversation is not yours."))
    conversation.save(update_fields=["seeker_shares", "poster_shares", "updated_at"])
    audit_record(actor=user, action="conversation.contact_share_agreed", target=conversation)
    if conversation.both_share:
        audit_record(actor=user, action="conversation.contacts_revealed", target=conversation)
    return conversation


@transaction.atomic
def conversation_block(*, conversation: Conversation, user) -> Conversation:
    """Stop the conversation: no more messages, no contact details, for both sides."""
    conversation = (
        Conversation.objects.select_for_update().select_related("listing").get(pk=conversation.pk)
    )
    if user.pk not in (conversation.seeker_id, conversation.listing.poster_id):
        raise ValidationError(_("This conversation is not yours."))
    if conversation.blocked_by_id is None:
        conversation.blocked_by = user
        conversation.save(update_fields=["blocked_by", "updated_at"])
        audit_record(actor=user, action="conversation.blocked", target=conversation)
    return conversation


# Reads ------------------------------------------------------------------------


def conversations_of(*, user) -> QuerySet[Conversation]:
    return (
        Conversation.objects.filter(Q(seeker=user) | Q(listing__poster=user))
        .select_related("listing")
        .order_by("-updated_at")
    )


def conversation_get_for_user(*, pk: int, user) -> Conversation | None:
    """The gatekeeper: a conversation only for its seeker and the listing's poster."""
    if not user.is_authenticated:
        return None
    return (
        conversations_of(user=user)
        .select_related("seeker", "listing__poster")
        .filter(pk=pk)
        .first()
    )


@dataclass(frozen=True)
class ContactDetails:
    email: str
    phone: str


def contact_details_for(*, conversation: Conversation, viewer) -> ContactDetails | None:
    """The other side's contact details, only once both agreed and nobody blocked."""
    if not conversation.both_share:
        return None
    other = (
        conversation.listing.poster if viewer.pk == conversation.seeker_id else conversation.seeker
    )
    return ContactDetails(email=other.email, phone=other.phone)
