from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from rehber.accounts.models import User
from rehber.accounts.roles import Role
from rehber.core.access import role_required
from rehber.core.models import text_direction
from rehber.core.throttle import client_address, throttle_hit
from rehber.guides import page_cache as guides_page_cache
from rehber.listings import page_cache, relay, selectors, services, tokens
from rehber.listings.contact_masking import contact_found
from rehber.listings.forms import (
    ApiKeyForm,
    ListingForm,
    MessageForm,
    ModerationForm,
    PhotoForm,
    ReportForm,
    SeekForm,
    VerifyForm,
)
from rehber.listings.models import (
    MAX_PHOTOS,
    Conversation,
    ListingKind,
    ListingPhoto,
    ListingStatus,
    Report,
)
from rehber.listings.photo_processing import MAX_UPLOAD_BYTES

PAGE_SIZE = 20
#: New listings one account, and one IP address, may post per day.
POSTS_PER_ACCOUNT_PER_DAY = 10
POSTS_PER_ADDRESS_PER_DAY = 30
DAY = 24 * 60 * 60


# Seekers ----------------------------------------------------------------------


def listing_list(request):
    form = SeekForm(request.GET)
    filters = form.filters()
    query = filters.pop("q", "")
    sort = filters.pop("sort", selectors.Sort.RELEVANCE if query else selectors.Sort.NEWEST)
    listings = selectors.listing_search(
        query=query, filters=filters, sort=sort, language=request.LANGUAGE_CODE
    )
    page = Paginator(listings, PAGE_SIZE).get_page(request.GET.get("page"))
    query_string = request.GET.copy()
    query_string.pop("page", None)
    return render(
        request,
        "listings/listing_list.html",
        {"form": form, "page": page, "query_string": query_string.urlencode(), "filters": filters},
    )


def _detail_page(request, listing, message_form=None):
    user = request.user
    reported = conversation = None
    if user.is_authenticated:
        reported = Report.objects.filter(listing=listing, reporter=user).exists()
        conversation = Conversation.objects.filter(listing=listing, seeker=user).first()
    return render(
        request,
        "listings/listing_detail.html",
        {
            "listing": listing,
            "photos": listing.photos.only("pk", "listing_id", "width", "height"),
            "dir": text_direction(listing.language),
            "is_poster": user.is_authenticated and listing.poster_id == user.pk,
            "reported": reported,
            "conversation": conversation,
            "message_form": message_form or MessageForm(),
        },
    )


def listing_detail(request, pk):
    # Anonymous readers get a cached copy; any change of a listing drops them all.
    key = None
    if guides_page_cache.cacheable(request):
        key = page_cache.page_key(pk=pk, language=request.LANGUAGE_CODE)
        cached = cache.get(key)
        if cached is not None:
            return HttpResponse(cached)
    listing = selectors.listing_get_for_viewer(pk=pk, user=request.user)
    if listing is None:
        raise Http404(_("This listing is not shown. It may have expired or been removed."))
    response = _detail_page(request, listing)
    if key is not None:
        cache.set(key, response.content, page_cache.TIMEOUT)
    return response


@login_required
@require_http_methods(["GET", "POST"])
def listing_report(request, pk):
    listing = selectors.listing_get_for_viewer(pk=pk, user=request.user)
    if listing is None or not listing.is_visible:
        raise Http404(_("This listing is not shown. It may have expired or been removed."))
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_create(
                listing=listing,
                reporter=request.user,
                reason=form.cleaned_data["reason"],
                text=form.cleaned_data["text"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(listing)
        messages.success(request, _("Thank you. A moderator will look at this listing."))
        return redirect(listing)
    return render(request, "listings/listing_report.html", {"listing": listing, "form": form})


# Posters ----------------------------------------------------------------------


def _listing_form_page(request, form, *, kind, listing=None, preview=None):
    return render(
        request,
        "listings/listing_form.html",
        {"form": form, "kind": kind, "listing": listing, "preview": preview},
    )


@login_required
@require_http_methods(["GET", "POST"])
def listing_create(request):
    kind = request.POST.get("kind") or request.GET.get("kind")
    if kind not in ListingKind.values:
        return render(request, "listings/listing_kind.html")
    if request.method == "GET":
        form = ListingForm(
            kind=kind,
            initial={
                "language": request.LANGUAGE_CODE,
                "province": request.visitor_profile.province_code
                and _province_pk(request.visitor_profile.province_code),
            },
        )
        return _listing_form_page(request, form, kind=kind)
    form = ListingForm(request.POST, kind=kind)
    if not form.is_valid():
        return _listing_form_page(request, form, kind=kind)
    data = form.listing_data()
    if request.POST.get("action") != "publish":
        return _listing_form_page(request, form, kind=kind, preview=_preview(kind, data))
    if not throttle_hit(
        scope="listing-post-account",
        who=str(request.user.pk),
        limit=POSTS_PER_ACCOUNT_PER_DAY,
        window_seconds=DAY,
    ) or not throttle_hit(
        scope="listing-post-address",
        who=client_address(request),
        limit=POSTS_PER_ADDRESS_PER_DAY,
        window_seconds=DAY,
    ):
        form.add_error(
            None,
            _("You have posted many listings today. Please try again tomorrow. Nothing was lost."),
        )
        return _listing_form_page(request, form, kind=kind)
    try:
        listing = services.listing_create(
            poster=request.user, kind=kind, data=data, actor=request.user
        )
    except ValidationError as error:
        form.add_error(None, error)
        return _listing_form_page(request, form, kind=kind)
    if listing.status == ListingStatus.PUBLISHED:
        messages.success(request, _("Your listing is published."))
    else:
        messages.success(
            request,
            _(
                "Thank you. A moderator checks new listings, usually within a day. "
                "Then it is shown."
            ),
        )
    return redirect("listings:mine")


def _province_pk(code):
    from rehber.core.models import Province

    province = Province.objects.filter(code=code).first()
    return province.pk if province else None


def _preview(kind: str, data: dict) -> dict:
    """What the listing will look like: the text as it will be stored, contacts hidden."""
    typed = f"{data.get('title', '')}\n{data.get('description', '')}"
    return {
        "kind": kind,
        "title": services.listing_text_prepare(data.get("title", "")),
        "description": services.listing_text_prepare(data.get("description", "")),
        "language": data.get("language", ""),
        "dir": text_direction(data.get("language", "")),
        "province": data.get("province"),
        "district": data.get("district"),
        "masked": contact_found(typed),
    }


@login_required
@require_http_methods(["GET", "POST"])
def listing_edit(request, pk):
    listing = selectors.listings_of_poster(user=request.user).filter(pk=pk).first()
    if listing is None:
        raise Http404(_("No such listing of yours."))
    if request.method == "GET":
        form = ListingForm(instance=listing, kind=listing.kind)
        return _listing_form_page(request, form, kind=listing.kind, listing=listing)
    form = ListingForm(request.POST, instance=listing, kind=listing.kind)
    if not form.is_valid():
        return _listing_form_page(request, form, kind=listing.kind, listing=listing)
    data = form.listing_data()
    if request.POST.get("action") != "publish":
        preview = _preview(listing.kind, data)
        return _listing_form_page(
            request, form, kind=listing.kind, listing=listing, preview=preview
        )
    listing.refresh_from_db()
    try:
        listing = services.listing_update(listing=listing, data=data, actor=request.user)
    except ValidationError as error:
        form.add_error(None, error)
        return _listing_form_page(request, form, kind=listing.kind, listing=listing)
    messages.success(request, _("Your changes are saved."))
    return redirect("listings:mine")


@login_required
def listing_mine(request):
    today = timezone.localdate()
    listings = list(selectors.listings_of_poster(user=request.user))
    for listing in listings:
        listing.renewable = listing.may_renew(today)
    return render(
        request,
        "listings/listing_mine.html",
        {
            "listings": listings,
            "verified": services.poster_is_verified(request.user),
        },
    )


@login_required
@require_POST
def listing_renew(request, pk):
    listing = selectors.listings_of_poster(user=request.user).filter(pk=pk).first()
    if listing is None:
        raise Http404(_("No such listing of yours."))
    try:
        services.listing_renew(listing=listing, actor=request.user)
        messages.success(request, _("Renewed: your listing is shown for 30 more days."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("listings:mine")


# Moderators -------------------------------------------------------------------


@role_required(Role.MODERATOR)
@require_http_methods(["GET", "POST"])
def staff_queue(request):
    items = selectors.moderation_queue()
    form = ModerationForm(request.POST or None, listing_ids=[item.listing.pk for item in items])
    if request.method == "POST":
        if form.is_valid():
            try:
                outcomes = services.listing_moderate(
                    listing_ids=form.cleaned_data["listings"],
                    action=form.cleaned_data["action"],
                    reason=form.cleaned_data["reason"],
                    actor=request.user,
                )
            except ValidationError as error:
                form.add_error("reason", error)
            else:
                done = sum(outcome.done for outcome in outcomes)
                if done:
                    messages.success(request, _("Done: %(count)s listings.") % {"count": done})
                for outcome in outcomes:
                    if not outcome.done:
                        messages.error(request, outcome.message)
                return redirect("listings:staff_queue")
        else:
            # A listing decided by someone else meanwhile is no longer a choice.
            if "listings" in form.errors and request.POST.getlist("listings"):
                messages.error(
                    request,
                    _(
                        "Someone else already decided some of these listings. "
                        "Here is the queue now."
                    ),
                )
                return redirect("listings:staff_queue")
    return render(request, "listings/staff/queue.html", {"items": items, "form": form})


@role_required(Role.MODERATOR)
@require_http_methods(["GET", "POST"])
def staff_verify(request):
    form = VerifyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = User.objects.filter(email__iexact=form.cleaned_data["email"]).first()
        if user is None:
            form.add_error("email", _("No account has this e-mail address."))
        else:
            try:
                services.poster_verify(
                    user=user,
                    kind=form.cleaned_data["kind"],
                    organization_name=form.cleaned_data["organization_name"],
                    tax_number=form.cleaned_data["tax_number"],
                    actor=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request, _("The poster is verified and publishes at once from now on.")
                )
                return redirect(reverse("listings:staff_verify"))
    return render(
        request,
        "listings/staff/verify.html",
        {"form": form, "verifications": selectors.verified_posters()},
    )


# Contact relay ------------------------------------------------------------------

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
        return _detail_page(request, listing, message_form=form)
    if not throttle_hit(
        scope="relay-start",
        who=str(request.user.pk),
        limit=CONVERSATIONS_PER_DAY,
        window_seconds=DAY,
    ):
        form.add_error(
            None, _("You have written to many posters today. Please try again tomorrow.")
        )
        return _detail_page(request, listing, message_form=form)
    try:
        conversation = relay.conversation_start(
            listing=listing,
            seeker=request.user,
            text=form.cleaned_data["text"],
            url_for=_conversation_url(request),
        )
    except ValidationError as error:
        form.add_error(None, error)
        return _detail_page(request, listing, message_form=form)
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


# API keys -----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def api_keys(request):
    """Make or delete the keys a poster's own programs use to post listings through the API."""
    form = ApiKeyForm(request.POST if request.POST.get("action") == "create" else None)
    new_key = None
    if request.method == "POST":
        try:
            if request.POST.get("action") == "revoke":
                token_id = request.POST.get("token", "")
                tokens.api_token_revoke(
                    user=request.user, token_id=int(token_id) if token_id.isdigit() else 0
                )
                messages.success(request, _("The key is deleted. Programs using it stop working."))
                return redirect("listings:api_keys")
            if form.is_valid():
                _token, new_key = tokens.api_token_create(
                    user=request.user, name=form.cleaned_data["name"]
                )
                form = ApiKeyForm()
        except ValidationError as error:
            form.add_error(None, error)
    return render(
        request,
        "listings/api_keys.html",
        {"form": form, "tokens": tokens.api_tokens_of(user=request.user), "new_key": new_key},
    )


# Photos -------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def listing_photos(request, pk):
    """The poster adds or deletes the photos of one listing."""
    listing = selectors.listings_of_poster(user=request.user).filter(pk=pk).first()
    if listing is None:
        raise Http404(_("No such listing of yours."))
    form = PhotoForm()
    if request.method == "POST":
        if request.POST.get("action") == "delete":
            photo_id = request.POST.get("photo", "")
            photo = listing.photos.filter(pk=int(photo_id) if photo_id.isdigit() else 0).first()
            if photo is not None:
                services.listing_photo_remove(photo=photo, actor=request.user)
                messages.success(request, _("The photo is deleted."))
            return redirect("listings:photos", pk=listing.pk)
        form = PhotoForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["photo"]
            try:
                if upload.size > MAX_UPLOAD_BYTES:
                    raise ValidationError(services.PHOTO_ERRORS["too_big"])
                services.listing_photo_add(listing=listing, data=upload.read(), actor=request.user)
            except ValidationError as error:
                form.add_error("photo", error)
            else:
                messages.success(request, _("The photo is added."))
                return redirect("listings:photos", pk=listing.pk)
    return render(
        request,
        "listings/listing_photos.html",
        {
            "listing": listing,
            "photos": listing.photos.defer("photo", "thumbnail"),
            "form": form,
            "max_photos": MAX_PHOTOS,
        },
    )


def listing_photo(request, pk, size):
    """A photo's bytes: public for shown listings, else for its poster and moderators."""
    if size not in ("photo", "thumb"):
        raise Http404
    field = "photo" if size == "photo" else "thumbnail"
    photo = ListingPhoto.objects.filter(pk=pk).only("listing_id", field).first()
    if photo is None:
        raise Http404(_("No such photo."))
    listing = selectors.listing_get_for_viewer(pk=photo.listing_id, user=request.user)
    if listing is None:
        raise Http404(_("No such photo."))
    response = HttpResponse(bytes(getattr(photo, field)), content_type="image/jpeg")
    response["Cache-Control"] = (
        "public, max-age=3600" if listing.is_visible else "private, no-store"
    )
    response["Content-Disposition"] = f'inline; filename="listing-{listing.pk}-{photo.pk}.jpg"'
    return response
