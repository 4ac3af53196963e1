import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from rehber.accounts.roles import Role
from rehber.core.access import role_required
from rehber.core.models import Language, LegalStatus, text_direction
from rehber.core.throttle import client_address
from rehber.directory import hours, selectors, services
from rehber.directory.forms import FeedbackForm, ServiceEditForm, ServiceFilterForm
from rehber.directory.models import (
    FEEDBACK_QUESTIONS,
    Feedback,
    LocalizedText,
    ProposedEdit,
    Service,
)

PAGE_SIZE = 20


def _filters_from(form: ServiceFilterForm, legal_status: str) -> selectors.ServiceFilters:
    data = form.cleaned_data
    near = None
    if data.get("lat") is not None and data.get("lon") is not None:
        near = (data["lat"], data["lon"])
    return selectors.ServiceFilters(
        category=data.get("category") or "",
        province_code=data.get("province"),
        district_id=data.get("district"),
        lang_spoken=data.get("lang") or "",
        open_now=bool(data.get("open_now")),
        free=bool(data.get("free")),
        legal_status=legal_status if data.get("for_me") else "",
        near=near,
        age=data.get("age"),
        gender=data.get("gender") or "",
    )


@require_http_methods(["GET", "HEAD"])
def service_list(request):
    """Browse and filter the directory; works fully without JavaScript."""
    language = request.LANGUAGE_CODE
    profile = request.visitor_profile
    data = request.GET.copy()
    if not request.GET and profile.province_code:
        data["province"] = str(profile.province_code)
    form = ServiceFilterForm(data)
    rows, page, origin = [], None, None
    if form.is_valid():
        filters = _filters_from(form, profile.legal_status)
        origin = selectors.near_point(filters)
        rows = selectors.service_search(
            filters=filters, now=timezone.now(), language=language, origin=origin
        )
        page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    province = form.cleaned_data.get("province") if form.is_valid() else None
    return render(
        request,
        "directory/service_list.html",
        {
            "form": form,
            "page": page,
            "count": len(rows),
            "query": query.urlencode(),
            "near": origin is not None,
            "categories": selectors.category_counts(province_code=province),
            "provinces": selectors.provinces_with_services(),
            "for_me_needs_status": bool(form.data.get("for_me")) and not profile.legal_status,
        },
    )


@require_http_methods(["GET", "HEAD"])
def service_detail(request, pk):
    language = request.LANGUAGE_CODE
    service = selectors.service_for_reader(pk=pk)
    if service is None:
        raise Http404(_("No such service."))
    point = service.point
    now = timezone.now()
    calendar = selectors.calendar_get()
    schedule = selectors.schedule_for(point, calendar)
    local_now = timezone.localtime(now, hours.ISTANBUL)
    week = hours.week_from(schedule, local_now.date())
    profile = request.visitor_profile
    feedback_total, indicators = selectors.feedback_summary(service=service)
    open_until = hours.open_until(schedule, now)
    return render(
        request,
        "directory/service_detail.html",
        {
            "feedback_total": feedback_total,
            "indicators": indicators,
            "service": service,
            "point": point,
            "name": LocalizedText(point.name, language),
            "organization": LocalizedText(point.organization.name, language),
            "address": LocalizedText(point.address, language),
            "directions": LocalizedText(point.directions, language),
            "description": LocalizedText(service.description, language),
            "open_until": open_until,
            "open_day_and_night": open_until is not None
            and open_until - now >= datetime.timedelta(days=hours.OPEN_UNTIL_DAYS),
            "next_opening": hours.next_opening(schedule, now),
            "today": week[0],
            "week": week,
            "has_hours": not schedule.is_empty,
            "languages": _language_names(point.languages_spoken),
            "statuses": _status_labels(service.legal_statuses),
            "fits": service.is_for_status(profile.legal_status) if profile.legal_status else None,
            "province": point.province,
        },
    )


def _language_names(codes: list[str]) -> list[dict]:
    names = dict(Language.objects.filter(code__in=codes).values_list("code", "native_name"))
    return [
        {"code": code, "name": names.get(code, code), "dir": text_direction(code)} for code in codes
    ]


def _status_labels(statuses: list[str]) -> list[str]:
    return [str(LegalStatus(status).label) for status in statuses if status in LegalStatus.values]


# Feedback ---------------------------------------------------------------------------

#: Feedback one connection may send per hour.
FEEDBACK_PER_HOUR = 5


def _rate_key(request) -> str:
    """A cache key for the sender's connection; the address itself is never kept."""
    address = client_address(request)
    digest = salted_hmac("rehber.directory.feedback", address).hexdigest()[:32]
    return f"directory:feedback:{digest}"


@require_http_methods(["GET", "POST"])
def service_feedback(request, pk):
    service = selectors.service_for_reader(pk=pk)
    if service is None:
        raise Http404(_("No such service."))
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        key = _rate_key(request)
        if cache.get(key, 0) >= FEEDBACK_PER_HOUR:
            form.add_error(
                None, _("You sent a lot of feedback in the last hour. Please try later.")
            )
        else:
            anonymous = form.cleaned_data["anonymous"] or not request.user.is_authenticated
            try:
                services.feedback_submit(
                    service=service,
                    answers=form.answers(),
                    comment=form.cleaned_data["comment"],
                    language=request.LANGUAGE_CODE,
                    author=None if anonymous else request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                cache.add(key, 0, 3600)
                cache.incr(key)
                messages.success(
                    request, _("Thank you. A moderator reads it before it counts in the totals.")
                )
                return redirect("directory:detail", pk=service.pk)
    return render(
        request,
        "directory/service_feedback.html",
        {
            "service": service,
            "name": LocalizedText(service.point.name, request.LANGUAGE_CODE),
            "form": form,
        },
    )


# Providers --------------------------------------------------------------------------


@login_required
def provider_home(request):
    """The services of the organizations this person speaks for, with their feedback."""
    language = request.LANGUAGE_CODE
    rows = [
        {
            "service": service,
            "name": LocalizedText(service.point.name, language),
            "summary": selectors.feedback_summary_of(service.approved_feedback),
        }
        for service in selectors.provider_services(user=request.user)
    ]
    return render(
        request,
        "directory/provider_home.html",
        {"rows": rows, "organizations": selectors.provider_organizations(user=request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def provider_propose(request, pk):
    service = get_object_or_404(Service.objects.for_reader(), pk=pk)
    if not services.provider_may_edit(user=request.user, service=service):
        raise PermissionDenied(_("You can propose changes only to your organization's services."))
    current = services.service_current_values(service)
    form = ServiceEditForm(request.POST or None, initial=ServiceEditForm.initial_for(current))
    if request.method == "POST" and form.is_valid():
        try:
            services.proposed_edit_create(
                service=service, changes=form.changes(), actor=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Sent. Staff will check your changes before they show."))
            return redirect("directory:provider_home")
    return render(
        request,
        "directory/service_edit.html",
        {
            "service": service,
            "name": LocalizedText(service.point.name, request.LANGUAGE_CODE),
            "form": form,
            "proposing": True,
        },
    )


# Staff ------------------------------------------------------------------------------
# Records and their verification are content, kept by editors (as guides are);
# feedback written by the public is moderated by moderators.


@role_required(Role.EDITOR)
def staff_services(request):
    query = request.GET.get("q", "").strip()[:100]
    page = Paginator(selectors.staff_service_list(query=query), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "directory/staff/services.html",
        {
            "page": page,
            "query": query,
            "proposals": selectors.proposals_pending_count(),
        },
    )


@role_required(Role.EDITOR)
@require_http_methods(["GET", "POST"])
def staff_service_edit(request, pk):
    service = get_object_or_404(Service.objects.for_reader(), pk=pk)
    current = services.service_current_values(service)
    form = ServiceEditForm(request.POST or None, initial=ServiceEditForm.initial_for(current))
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.service_update(
                service=service, changes=form.changes(), actor=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved.") if changed else _("Nothing was changed."))
            return redirect("directory:staff_services")
    return render(
        request,
        "directory/service_edit.html",
        {
            "service": service,
            "name": LocalizedText(service.point.name, request.LANGUAGE_CODE),
            "form": form,
            "proposing": False,
        },
    )


@role_required(Role.EDITOR)
def staff_verification_due(request):
    return render(
        request,
        "directory/staff/verification_due.html",
        {
            "services": selectors.services_verification_due(today=timezone.localdate()),
            "days": selectors.VERIFY_EVERY_DAYS,
        },
    )


@role_required(Role.EDITOR)
@require_POST
def staff_mark_verified(request, pk):
    service = get_object_or_404(Service, pk=pk)
    services.service_mark_verified(service=service, actor=request.user)
    messages.success(request, _("Marked as checked today."))
    return redirect("directory:staff_verification_due")


@role_required(Role.EDITOR)
def staff_proposals(request):
    rows = []
    for proposal in selectors.proposals_pending():
        current = services.service_current_values(proposal.service)
        rows.append(
            {
                "proposal": proposal,
                "name": LocalizedText(proposal.service.point.name, request.LANGUAGE_CODE),
                "changes": [
                    {"field": name, "old": current.get(name), "new": value}
                    for name, value in sorted(proposal.changes.items())
                ],
            }
        )
    return render(request, "directory/staff/proposals.html", {"rows": rows})


@role_required(Role.EDITOR)
@require_POST
def staff_proposal_decide(request, pk):
    proposal = get_object_or_404(ProposedEdit, pk=pk)
    approve = request.POST.get("decision") == "approve"
    try:
        services.proposed_edit_decide(proposal=proposal, approve=approve, actor=request.user)
        messages.success(request, _("Changes applied.") if approve else _("Proposal refused."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("directory:staff_proposals")


@role_required(Role.MODERATOR)
def staff_feedback(request):
    rows = [
        {
            "feedback": feedback,
            "name": LocalizedText(feedback.service.point.name, request.LANGUAGE_CODE),
        }
        for feedback in selectors.feedback_pending()
    ]
    return render(
        request,
        "directory/staff/feedback_queue.html",
        {"rows": rows, "questions": FEEDBACK_QUESTIONS},
    )


@role_required(Role.MODERATOR)
@require_POST
def staff_feedback_decide(request, pk):
    feedback = get_object_or_404(Feedback, pk=pk)
    approve = request.POST.get("decision") == "approve"
    services.feedback_moderate(feedback=feedback, approve=approve, actor=request.user)
    messages.success(request, _("Approved.") if approve else _("Rejected."))
    return redirect("directory:staff_feedback")
