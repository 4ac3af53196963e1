"""Pages of posters: posting with a preview, their listings, renewal, photos, API keys."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from rehber.core.models import text_direction
from rehber.core.throttle import client_address, throttle_hit
from rehber.listings import selectors, services, tokens
from rehber.listings.contact_masking import contact_found
from rehber.listings.forms import (
    ApiKeyForm,
    ListingForm,
    PhotoForm,
)
from rehber.listings.models import (
    MAX_PHOTOS,
    ListingKind,
    ListingPhoto,
    ListingStatus,
)
from rehber.listings.photo_processing import MAX_UPLOAD_BYTES

#: New listings one account, and one IP address, may post per day.
POSTS_PER_ACCOUNT_PER_DAY = 10
POSTS_PER_ADDRESS_PER_DAY = 30
DAY = 24 * 60 * 60


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
