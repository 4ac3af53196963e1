"""Reads of the directory, for readers, providers and staff."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, F, Prefetch, Q, QuerySet

from rehber.core.models import District, Province
from rehber.directory import hours
from rehber.directory.geo import haversine_km
from rehber.directory.models import (
    FEEDBACK_QUESTIONS,
    Category,
    Feedback,
    Gender,
    HoursException,
    LocalizedText,
    ModerationStatus,
    Organization,
    ProposedEdit,
    PublicHoliday,
    RamadanPeriod,
    Service,
    ServicePoint,
)


@dataclass(frozen=True)
class ServiceFilters:
    category: str = ""
    province_code: int | None = None
    district_id: int | None = None
    lang_spoken: str = ""
    open_now: bool = False
    free: bool = False
    legal_status: str = ""
    near: tuple[float, float] | None = None
    age: int | None = None
    gender: str = ""


@dataclass(frozen=True)
class Calendar:
    """Public holidays and Ramadan dates, read once per request."""

    holidays: frozenset[datetime.date] = frozenset()
    ramadan: tuple[tuple[datetime.date, datetime.date], ...] = ()


def calendar_get() -> Calendar:
    return Calendar(
        holidays=frozenset(PublicHoliday.objects.values_list("date", flat=True)),
        ramadan=tuple(RamadanPeriod.objects.values_list("start", "end")),
    )


def schedule_for(point: ServicePoint, calendar: Calendar) -> hours.Schedule:
    """The opening-hours schedule of a place (its ``exceptions`` should be prefetched)."""
    ramadan_weekly = hours.weekly_parse(point.ramadan_hours)
    periods = (
        tuple(hours.DatedPeriod(start, end, ramadan_weekly) for start, end in calendar.ramadan)
        if point.ramadan_hours
        else ()
    )
    return hours.Schedule(
        weekly=hours.weekly_parse(point.weekly_hours),
        exceptions={e.date: hours.intervals_parse(e.intervals) for e in point.exceptions.all()},
        holidays=calendar.holidays,
        closed_on_holidays=point.closed_on_public_holidays,
        periods=periods,
    )


@dataclass
class ServiceRow:
    service: Service
    name: LocalizedText
    schedule: hours.Schedule
    open_now: bool
    distance_km: float | None = None
    fits_status: bool | None = None
    extra: dict = field(default_factory=dict)

    @property
    def point(self) -> ServicePoint:
        return self.service.point


def _services_base():
    return Service.objects.for_reader().prefetch_related(
        Prefetch("point__exceptions", queryset=HoursException.objects.order_by("date"))
    )


def near_point(filters: ServiceFilters) -> tuple[float, float] | None:
    """Where to measure from: the shared location, else the picked district's centre."""
    if filters.near is not None:
        return filters.near
    if filters.district_id is not None:
        district = District.objects.filter(pk=filters.district_id).first()
        if district is not None:
            return district.latitude, district.longitude
    return None


def service_search(
    *,
    filters: ServiceFilters,
    now: datetime.datetime,
    language: str,
    origin: tuple[float, float] | None = None,
) -> list[ServiceRow]:
    """Services matching ``filters``, nearest first when there is an origin.

    ``now`` decides "open now"; ``origin`` is where distances are measured from
    (see ``near_point``). A bounded number of queries, whatever the count.
    """
    services = _services_base()
    if filters.category:
        services = services.filter(category=filters.category)
    if filters.province_code is not None:
        services = services.filter(point__province__code=filters.province_code)
    if filters.lang_spoken:
        services = services.filter(point__languages_spoken__icontains=f'"{filters.lang_spoken}"')
    if filters.free:
        services = services.filter(free=True)
    if filters.legal_status:
        services = services.filter(
            Q(legal_statuses=[]) | Q(legal_statuses__icontains=f'"{filters.legal_status}"')
        )
    if filters.age is not None:
        services = services.filter(
            Q(min_age__isnull=True) | Q(min_age__lte=filters.age),
            Q(max_age__isnull=True) | Q(max_age__gte=filters.age),
        )
    if filters.gender in (Gender.WOMEN, Gender.MEN):
        services = services.filter(gender__in=[Gender.ANY, filters.gender])
    calendar = calendar_get()
    rows = []
    for service in services:
        schedule = schedule_for(service.point, calendar)
        open_now = hours.is_open(schedule, now)
        if filters.open_now and not open_now:
            continue
        distance = None
        point = service.point
        if origin is not None and point.latitude is not None:
            distance = haversine_km(origin[0], origin[1], point.latitude, point.longitude)
        rows.append(
            ServiceRow(
                service=service,
                name=LocalizedText(point.name, language),
                schedule=schedule,
                open_now=open_now,
                distance_km=distance,
            )
        )
    if origin is not None:
        rows.sort(key=lambda row: (row.distance_km is None, row.distance_km or 0, row.service.pk))
    return rows


def service_for_reader(*, pk: int) -> Service | None:
    return _services_base().filter(pk=pk).first()


def category_counts(*, province_code: int | None = None) -> list[tuple[str, str, int]]:
    """(category, label, number of services) for browsing, in the categories' order."""
    services = Service.objects.all()
    if province_code is not None:
        services = services.filter(point__province__code=province_code)
    counts = dict(services.values_list("category").annotate(n=Count("pk")).order_by())
    return [(value, label, counts.get(value, 0)) for value, label in Category.choices]


def provinces_with_services() -> list[Province]:
    return list(Province.objects.filter(pk__in=ServicePoint.objects.values("province")))


#: A service not checked for this many days shows on the editors' "to check" list.
VERIFY_EVERY_DAYS = 90


def services_verification_due(
    *, today: datetime.date, days: int = VERIFY_EVERY_DAYS
) -> list[Service]:
    """Services never verified or last verified more than ``days`` ago, oldest first."""
    limit = today - datetime.timedelta(days=days)
    return list(
        Service.objects.for_reader()
        .filter(Q(last_verified__isnull=True) | Q(last_verified__lt=limit))
        .order_by(F("last_verified").asc(nulls_first=True), "pk")
    )


# Feedback -------------------------------------------------------------------------

#: Below this many answers a question shows counts only, no percentage.
MIN_ANSWERS_FOR_PERCENT = 5


@dataclass(frozen=True)
class FeedbackIndicator:
    question: str
    label: str
    yes: int
    answered: int

    @property
    def percent(self) -> int | None:
        if self.answered < MIN_ANSWERS_FOR_PERCENT:
            return None
        return round(100 * self.yes / self.answered)


def _indicators(counts: dict) -> list[FeedbackIndicator]:
    return [
        FeedbackIndicator(
            question=name,
            label=str(label),
            yes=counts[f"{name}_yes"],
            answered=counts[f"{name}_answered"],
        )
        for name, label in FEEDBACK_QUESTIONS.items()
    ]


def feedback_summary(*, service: Service) -> tuple[int, list[FeedbackIndicator]]:
    """(number of approved feedback, one indicator per question) in one query."""
    aggregates = {"total": Count("pk")}
    for name in FEEDBACK_QUESTIONS:
        aggregates[f"{name}_yes"] = Count("pk", filter=Q(**{name: True}))
        aggregates[f"{name}_answered"] = Count("pk", filter=Q(**{f"{name}__isnull": False}))
    row = Feedback.objects.approved().filter(service=service).aggregate(**aggregates)
    return row["total"], _indicators(row)


def feedback_summary_of(feedbacks: list[Feedback]) -> tuple[int, list[FeedbackIndicator]]:
    """The same summary from approved feedback already loaded (no query)."""
    counts = {}
    for name in FEEDBACK_QUESTIONS:
        answers = [getattr(feedback, name) for feedback in feedbacks]
        counts[f"{name}_yes"] = sum(answer is True for answer in answers)
        counts[f"{name}_answered"] = sum(answer is not None for answer in answers)
    return len(feedbacks), _indicators(counts)


def feedback_pending() -> list[Feedback]:
    return list(
        Feedback.objects.filter(status=ModerationStatus.PENDING)
        .select_related("service", "service__point")
        .order_by("created_at", "pk")
    )


def provider_organizations(*, user) -> list[Organization]:
    if not user.is_authenticated:
        return []
    return list(Organization.objects.filter(memberships__user=user).distinct())


def provider_services(*, user) -> list[Service]:
    """The services of the organizations ``user`` speaks for, with approved feedback."""
    if not user.is_authenticated:
        return []
    return list(
        Service.objects.for_reader()
        .filter(point__organization__memberships__user=user)
        .prefetch_related(
            Prefetch(
                "feedback",
                queryset=Feedback.objects.approved().order_by("-created_at"),
                to_attr="approved_feedback",
            )
        )
        .distinct()
    )


def proposals_pending() -> list[ProposedEdit]:
    return list(
        ProposedEdit.objects.filter(status=ModerationStatus.PENDING)
        .select_related("service", "service__point", "proposed_by")
        .order_by("created_at", "pk")
    )


def proposals_pending_count() -> int:
    return ProposedEdit.objects.filter(status=ModerationStatus.PENDING).count()


def staff_service_list(*, query: str = "") -> QuerySet[Service]:
    services = Service.objects.for_reader().order_by("point__province__name_tr", "pk")
    if query:
        services = services.filter(point__name__icontains=query)
    return services


def staff_organization_list(*, query: str = "") -> QuerySet[Organization]:
    organizations = Organization.objects.annotate(point_count=Count("points")).order_by("slug")
    if query:
        organizations = organizations.filter(Q(name__icontains=query) | Q(slug__icontains=query))
    return organizations


def organization_points(*, organization: Organization) -> QuerySet[ServicePoint]:
    return (
        ServicePoint.objects.with_place()
        .filter(organization=organization)
        .annotate(service_count=Count("services"))
        .order_by("pk")
    )
