"""Pages of people looking for a home or a job: search, a listing, reporting it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from rehber.core.models import text_direction
from rehber.core.page_cache import cacheable
from rehber.listings import selectors, services
from rehber.listings.forms import (
    MessageForm,
    ReportForm,
    SeekForm,
)
from rehber.listings.models import (
    Conversation,
    Report,
)
from rehber.listings.page_cache import listing_pages

PAGE_SIZE = 20


def listing_list(request):
    form = SeekForm(request.GET)
    filters = form.filters()
    query = filters.pop("q", "")
    sort = filters.pop("sort", selectors.Sort.RELEVANCE if query else selectors.Sort.NEWEST)
    listings = selectors.listing_search(
        query=query,
        filters=filters,
        sort=sort,
        language=request.LANGUAGE_CODE,
        page_size=PAGE_SIZE,
    )
    page = Paginator(listings, PAGE_SIZE).get_page(request.GET.get("page"))
    query_string = request.GET.copy()
    query_string.pop("page", None)
    return render(
        request,
        "listings/listing_list.html",
        {"form": form, "page": page, "query_string": query_string.urlencode(), "filters": filters},
    )


def detail_page(request, listing, message_form=None):
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
    if cacheable(request):
        key = listing_pages.key(pk, request.LANGUAGE_CODE)
        cached = listing_pages.get(key)
        if cached is not None:
            return HttpResponse(cached)
    listing = selectors.listing_get_for_viewer(pk=pk, user=request.user)
    if listing is None:
        raise Http404(_("This listing is not shown. It may have expired or been removed."))
    response = detail_page(request, listing)
    if key is not None:
        listing_pages.set(key, response.content)
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
