from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from rehber.core.models import Language, LegalStatus, Province, text_direction
from rehber.directory import hours, selectors
from rehber.directory.forms import ServiceFilterForm
from rehber.directory.models import LocalizedText

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
    return render(
        request,
        "directory/service_detail.html",
        {
            "service": service,
            "point": point,
            "name": LocalizedText(point.name, language),
            "organization": LocalizedText(point.organization.name, language),
            "address": LocalizedText(point.address, language),
            "directions": LocalizedText(point.directions, language),
            "description": LocalizedText(service.description, language),
            "open_until": hours.open_until(schedule, now),
            "next_opening": hours.next_opening(schedule, now),
            "today": week[0],
            "week": week,
            "has_hours": not schedule.is_empty,
            "languages": _language_names(point.languages_spoken),
            "statuses": _status_labels(service.legal_statuses),
            "fits": service.is_for_status(profile.legal_status) if profile.legal_status else None,
            "province": Province.objects.get(pk=point.province_id),
        },
    )


def _language_names(codes: list[str]) -> list[dict]:
    names = dict(Language.objects.filter(code__in=codes).values_list("code", "native_name"))
    return [
        {"code": code, "name": names.get(code, code), "dir": text_direction(code)} for code in codes
    ]


def _status_labels(statuses: list[str]) -> list[str]:
    return [str(LegalStatus(status).label) for status in statuses if status in LegalStatus.values]
