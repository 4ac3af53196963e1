"""Directory records for tests, made through the services layer."""

import itertools

from rehber.core.models import District, Province
from rehber.directory import services
from rehber.directory.models import OrganizationKind

ALWAYS_OPEN = {str(day): [["00:00", "24:00"]] for day in range(7)}
NEVER_OPEN: dict = {}

_numbers = itertools.count(1)


def make_service(
    *,
    name: str | None = None,
    province_code: int = 27,
    district: District | None = None,
    category: str = "legal_aid",
    legal_statuses: list[str] | None = None,
    languages_spoken: list[str] | None = None,
    weekly_hours: dict | None = None,
    latitude: float | None = None,
    longitude: float | None = None,
    free: bool = True,
    is_demo: bool = False,
    phone: str = "",
    names: dict | None = None,
    **service_fields,
):
    """A service at a new place of a new organization; open all the time by default."""
    number = next(_numbers)
    name = name or f"Test centre {number}"
    province = Province.objects.get(code=province_code)
    organization = services.organization_create(
        slug=f"test-organization-{number}",
        name={"en": name},
        kind=OrganizationKind.DEMO if is_demo else OrganizationKind.NGO,
        is_demo=is_demo,
        actor=None,
    )
    if latitude is None and district is not None:
        latitude, longitude = district.latitude, district.longitude
    point = services.service_point_create(
        organization=organization,
        name=names or {"en": name, "ar": f"مركز {number}"},
        province=province,
        district=district,
        address={"en": f"{number} Test Street"},
        latitude=latitude,
        longitude=longitude,
        phone=phone,
        languages_spoken=languages_spoken if languages_spoken is not None else ["tr"],
        weekly_hours=ALWAYS_OPEN if weekly_hours is None else weekly_hours,
        actor=None,
    )
    return services.service_create(
        point=point,
        category=category,
        description={"en": f"Help number {number}."},
        legal_statuses=legal_statuses or [],
        free=free,
        actor=None,
        **service_fields,
    )


def make_sample_directory(*, pk: int):
    """An organization, a place, a date exception, a service, a feedback and a
    proposed edit whose ids are ``pk``, for tables of URLs built before the test runs."""
    import datetime

    from django.db import transaction

    from rehber.directory.models import (
        Feedback,
        HoursException,
        Organization,
        ProposedEdit,
        Service,
        ServicePoint,
    )

    service = make_service(name="Sample service")
    point = service.point
    with transaction.atomic():  # foreign keys are checked at commit
        Organization.objects.filter(pk=point.organization_id).update(id=pk)
        ServicePoint.objects.filter(pk=point.pk).update(id=pk, organization_id=pk)
        Service.objects.filter(pk=service.pk).update(id=pk, point_id=pk)
    service = Service.objects.get(pk=pk)
    HoursException.objects.create(id=pk, point=service.point, date=datetime.date(2026, 12, 31))
    Feedback.objects.create(id=pk, service=service, was_open=True)
    ProposedEdit.objects.create(id=pk, service=service, changes={"phone": "157"})
    return service
