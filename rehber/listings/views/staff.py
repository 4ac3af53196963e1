"""Moderators: the queue of listings to check, and verified posters."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from rehber.accounts.models import User
from rehber.accounts.roles import Role
from rehber.core.access import role_required
from rehber.listings import selectors, services
from rehber.listings.forms import (
    ModerationForm,
    VerifyForm,
)


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
