"""The contact relay: writing to a poster, conversations, sharing contact details."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from rehber.core.throttle import throttle_hit
from rehber.listings import relay, selectors
from rehber.listings.forms import MessageForm
from rehber.listings.views.posters import DAY
from rehber.listings.views.seekers import detail_page

#: New conversations, and messages, one account may start or send per day.
CONVERSATIONS_PER_DAY = 20
MESSAGES_PER_DAY = 200


def _conversation_url(request):
    return lambda conversation: request.build_absolute_uri(conversation.get_absolute_url())


@login_required
@require_POST
def listing_contact(request, pk):
    listing = selectors.listing_get_for_viewer(pk=pk, user=request.user)
    if listing is None or not listing.is_visible:
        raise Http404(_("This listing is not shown. It may have expired or been removed."))
    if listing.poster_id == request.user.pk:
        messages.error(request, _("This is your own listing."))
        return redirect(listing)
    form = MessageForm(request.POST)
    if not form.is_valid():
        return detail_page(request, listing, message_form=form)
    if not throttle_hit(
        scope="relay-start",
        who=str(request.user.pk),
        limit=CONVERSATIONS_PER_DAY,
        window_seconds=DAY,
    ):
        form.add_error(
            None, _("You have written to many posters today. Please try again tomorrow.")
        )
        return detail_page(request, listing, message_form=form)
    try:
        conversation = relay.conversation_start(
            listing=listing,
            seeker=request.user,
            text=form.cleaned_data["text"],
            url_for=_conversation_url(request),
        )
    except ValidationError as error:
        form.add_error(None, error)
        return detail_page(request, listing, message_form=form)
    messages.success(request, _("Your message is sent. The answer will appear here."))
    return redirect(conversation)


@login_required
def conversation_list(request):
    return render(
        request,
        "listings/conversation_list.html",
        {"conversations": relay.conversations_of(user=request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def conversation_detail(request, pk):
    conversation = relay.conversation_get_for_user(pk=pk, user=request.user)
    if conversation is None:
        raise Http404(_("No such conversation of yours."))
    form = MessageForm()
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "share":
                relay.contact_share(conversation=conversation, user=request.user)
                messages.success(request, _("You agreed to share your contact details."))
                return redirect(conversation)
            if action == "block":
                relay.conversation_block(conversation=conversation, user=request.user)
                messages.success(request, _("Blocked. No more messages can be sent here."))
                return redirect(conversation)
            form = MessageForm(request.POST)
            if form.is_valid():
                if not throttle_hit(
                    scope="relay-message",
                    who=str(request.user.pk),
                    limit=MESSAGES_PER_DAY,
                    window_seconds=DAY,
                ):
                    raise ValidationError(
                        _("You have sent many messages today. Please try again tomorrow.")
                    )
                relay.message_send(
                    conversation=conversation,
                    sender=request.user,
                    text=form.cleaned_data["text"],
                    url_for=_conversation_url(request),
                )
                return redirect(conversation)
        except ValidationError as error:
            form.add_error(None, error)
        conversation = relay.conversation_get_for_user(pk=pk, user=request.user)
    is_seeker = conversation.seeker_id == request.user.pk
    return render(
        request,
        "listings/conversation_detail.html",
        {
            "conversation": conversation,
            "listing": conversation.listing,
            "chat": conversation.messages.all(),
            "form": form,
            "is_seeker": is_seeker,
            "i_share": conversation.seeker_shares if is_seeker else conversation.poster_shares,
            "they_share": conversation.poster_shares if is_seeker else conversation.seeker_shares,
            "contact": relay.contact_details_for(conversation=conversation, viewer=request.user),
        },
    )
