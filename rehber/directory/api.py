"""``GET /api/v1/services`` and ``GET /api/v1/services/{id}`` (DESIGN §4)."""

import datetime

from django.http import Http404
from django.utils import timezone, translation
from ninja import Field, Query, Router, Schema
from ninja.errors import ValidationError
from pydantic import field_validator

from rehber.core.models import LegalStatus, Province
from rehber.directory import hours, selectors
from rehber.directory.geo import point_parse
from rehber.directory.models import Category, Gender, LocalizedText, Service
from rehber.directory.services import CONTENT_LANGUAGES

router = Router(tags=["directory"])

PAGE_SIZE = 20


def _error(field: str, message: str) -> ValidationError:
    return ValidationError([{"type": "value_error", "loc": ["query", field], "msg": message}])


class DetailQuery(Schema):
    """The language of a service's texts (a service page, or a list of them)."""

    lang: str = Field("en", description="Language of names and texts: ar, tr, en or fa.")

    @field_validator("lang")
    @classmethod
    def _lang(cls, value):
        if value not in CONTENT_LANGUAGES:
            raise ValueError("lang must be one of ar, tr, en, fa.")
        return value


class ServiceQuery(DetailQuery):
    category: Category | None = Field(None, description="Only this kind of help.")
    province: int | None = Field(None, ge=1, le=81, description="Province plate code (1–81).")
    lang_spoken: str | None = Field(
        None, pattern=r"^[a-z]{2,3}$", description="Only places where staff speak this language."
    )
    open_now: bool = Field(False, description="Only places open now (Europe/Istanbul time).")
    status: LegalStatus | None = Field(
        None, description="Only services open to people with this legal status."
    )
    free: bool = Field(False, description="Only services free of charge.")
    age: int | None = Field(
        None, ge=0, le=120, description="Only services open to a person of this age."
    )
    gender: Gender | None = Field(
        None,
        description="women or men: services for them and for everyone; any: no filter.",
    )
    near: str | None = Field(
        None,
        description="latitude,longitude: nearest first, with distance_km. Not stored.",
        examples=["37.06,37.38"],
    )
    page: int = Field(1, ge=1, le=10_000)

    @field_validator("near")
    @classmethod
    def _near(cls, value):
        if value in (None, ""):
            return None
        point_parse(value)  # ValueError becomes a 422 with its message
        return value


class ServiceOut(Schema):
    id: int
    name: str
    lang: str = Field(description="Language of the name")
    category: str
    category_label: str
    organization: str
    is_demo: bool = Field(description="True for invented demo organizations")
    province: str = Field(description="Province name in the requested language")
    province_code: int
    district: str | None
    latitude: float | None
    longitude: float | None
    open_now: bool
    distance_km: float | None
    free: bool
    referral_needed: bool
    languages_spoken: list[str]
    legal_statuses: list[str] = Field(description="Empty: open to every status")
    last_verified: datetime.date | None
    url: str


class ServiceListOut(Schema):
    count: int
    page: int
    pages: int
    results: list[ServiceOut]


class IntervalOut(Schema):
    opens: str
    closes: str


class DayOut(Schema):
    date: datetime.date
    kind: str = Field(description="regular, exception, holiday or period (Ramadan)")
    intervals: list[IntervalOut] = Field(description="Empty: closed that day")


class SourceOut(Schema):
    title: str
    url: str


class ServiceDetailOut(ServiceOut):
    description: str
    address: str
    address_is_approximate: bool
    directions: str
    phone: str
    step_free: bool
    nationalities: list[str]
    min_age: int | None
    max_age: int | None
    gender: str
    open_until: datetime.datetime | None
    next_opening: datetime.datetime | None
    week: list[DayOut] = Field(description="Hours of the next seven days")
    sources: list[SourceOut]


def _row_out(row: selectors.ServiceRow, language: str) -> dict:
    service, point = row.service, row.service.point
    with translation.override(language):
        category_label = str(service.get_category_display())
        province = point.province.name
    return {
        "id": service.pk,
        "name": row.name.text,
        "lang": row.name.lang,
        "category": service.category,
        "category_label": category_label,
        "organization": LocalizedText(point.organization.name, language).text,
        "is_demo": point.organization.is_demo,
        "province": province,
        "province_code": point.province.code,
        "district": point.district.name if point.district else None,
        "latitude": point.latitude,
        "longitude": point.longitude,
        "open_now": row.open_now,
        "distance_km": round(row.distance_km, 2) if row.distance_km is not None else None,
        "free": service.free,
        "referral_needed": service.referral_needed,
        "languages_spoken": point.languages_spoken,
        "legal_statuses": service.legal_statuses,
        "last_verified": service.last_verified,
        "url": f"/{language}/services/{service.pk}/",
    }


@router.get("", response=ServiceListOut, summary="Services, filtered")
def service_list(request, query: Query[ServiceQuery]):
    """Services matching every filter given; nearest first with ``near``, 20 a page."""
    near = point_parse(query.near) if query.near else None
    if query.province is not None and not Province.objects.filter(code=query.province).exists():
        raise _error("province", "No province has this plate code.")
    filters = selectors.ServiceFilters(
        category=query.category.value if query.category else "",
        province_code=query.province,
        lang_spoken=query.lang_spoken or "",
        open_now=query.open_now,
        free=query.free,
        legal_status=query.status.value if query.status else "",
        near=near,
        age=query.age,
        gender=query.gender.value if query.gender else "",
    )
    rows = selectors.service_search(
        filters=filters, now=timezone.now(), language=query.lang, origin=near
    )
    pages = max(1, -(-len(rows) // PAGE_SIZE))
    if query.page > pages:
        raise _error("page", f"There are {pages} pages.")
    start = (query.page - 1) * PAGE_SIZE
    return {
        "count": len(rows),
        "page": query.page,
        "pages": pages,
        "results": [_row_out(row, query.lang) for row in rows[start : start + PAGE_SIZE]],
    }


@router.get("/{service_id}", response=ServiceDetailOut, summary="One service")
def service_detail(request, service_id: int, query: Query[DetailQuery]):
    service: Service | None = selectors.service_for_reader(pk=service_id)
    if service is None:
        raise Http404("No such service.")
    language = query.lang
    point = service.point
    now = timezone.now()
    schedule = selectors.schedule_for(point, selectors.calendar_get())
    row = selectors.ServiceRow(
        service=service,
        name=LocalizedText(point.name, language),
        schedule=schedule,
        open_now=hours.is_open(schedule, now),
    )
    week = hours.week_from(schedule, timezone.localtime(now, hours.ISTANBUL).date())
    return {
        **_row_out(row, language),
        "description": LocalizedText(service.description, language).text,
        "address": LocalizedText(point.address, language).text,
        "address_is_approximate": point.address_is_approximate,
        "directions": LocalizedText(point.directions, language).text,
        "phone": point.phone,
        "step_free": point.step_free,
        "nationalities": service.nationalities,
        "min_age": service.min_age,
        "max_age": service.max_age,
        "gender": service.gender,
        "open_until": hours.open_until(schedule, now),
        "next_opening": hours.next_opening(schedule, now),
        "week": [
            {
                "date": day.day,
                "kind": day.kind,
                "intervals": [
                    {"opens": f"{i.opens:%H:%M}", "closes": f"{i.closes:%H:%M}"}
                    for i in day.intervals
                ],
            }
            for day in week
        ],
        "sources": service.sources,
    }
