"""Editors keep the records themselves: organizations, places and services.

Every change is checked by the same rules as creation (``point_values_set``,
``service_values_set``), audited with the names of the changed fields, and the
search entries of the services it touches are refreshed after commit.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from rehber.accounts.models import User
from rehber.core.models import District, Province
from rehber.core.services import audit_record
from rehber.directory.models import (
    HoursException,
    Organization,
    OrganizationKind,
    Service,
    ServicePoint,
)
from rehber.directory.services import (
    _reindex,
    point_values_set,
    service_values_set,
    texts_clean,
)

POINT_RECORD_FIELDS = (
    "name",
    "address",
    "directions",
    "address_is_approximate",
    "province_id",
    "district_id",
    "latitude",
    "longitude",
    "phone",
    "step_free",
    "languages_spoken",
    "weekly_hours",
    "ramadan_hours",
    "closed_on_public_holidays",
)

SERVICE_RECORD_FIELDS = (
    "category",
    "description",
    "legal_statuses",
    "nationalities",
    "min_age",
    "max_age",
    "gender",
    "free",
    "referral_needed",
    "sources",
)


def _snapshot(instance, fields) -> dict:
    return {name: getattr(instance, name) for name in fields}


def _changed(before: dict, after: dict) -> list[str]:
    return [name.removesuffix("_id") for name in before if before[name] != after[name]]


@transaction.atomic
def organization_update(
    *,
    organization: Organization,
    name: dict,
    kind: str,
    is_demo: bool,
    website: str = "",
    actor: User | None,
) -> list[str]:
    """Change an organization; returns the names of changed fields."""
    if kind not in OrganizationKind.values:
        raise ValidationError({"kind": _("Unknown kind of organization.")})
    fields = ("name", "kind", "is_demo", "website")
    before = _snapshot(organization, fields)
    organization.name = texts_clean(name, field="name", required=True)
    organization.kind = kind
    organization.is_demo = is_demo or kind == OrganizationKind.DEMO
    organization.website = website.strip()
    changed = _changed(before, _snapshot(organization, fields))
    if changed:
        organization.full_clean()
        organization.save()
        audit_record(
            actor=actor,
            action="directory.organization_updated",
            target=organization,
            data={"fields": changed},
        )
        _reindex(
            Service.objects.filter(point__organization=organization).values_list("pk", flat=True)
        )
    return changed


@transaction.atomic
def service_point_update(
    *,
    point: ServicePoint,
    name: dict,
    province: Province,
    district: District | None = None,
    address: dict | None = None,
    directions: dict | None = None,
    address_is_approximate: bool = False,
    latitude: float | None = None,
    longitude: float | None = None,
    phone: str = "",
    step_free: bool = False,
    languages_spoken: list[str] | None = None,
    weekly_hours: dict | None = None,
    ramadan_hours: dict | None = None,
    closed_on_public_holidays: bool = True,
    actor: User | None,
) -> list[str]:
    """Change every field of a place; returns the names of changed fields."""
    point = ServicePoint.objects.select_for_update().get(pk=point.pk)
    before = _snapshot(point, POINT_RECORD_FIELDS)
    point_values_set(
        point,
        name=name,
        province=province,
        district=district,
        address=address,
        directions=directions,
        address_is_approximate=address_is_approximate,
        latitude=latitude,
        longitude=longitude,
        phone=phone,
        step_free=step_free,
        languages_spoken=languages_spoken,
        weekly_hours=weekly_hours,
        ramadan_hours=ramadan_hours,
        closed_on_public_holidays=closed_on_public_holidays,
    )
    changed = _changed(before, _snapshot(point, POINT_RECORD_FIELDS))
    if changed:
        point.full_clean()
        point.save()
        audit_record(
            actor=actor,
            action="directory.point_updated",
            target=point,
            data={"fields": changed},
        )
        _reindex(point.services.values_list("pk", flat=True))
    return changed


@transaction.atomic
def service_record_update(
    *,
    service: Service,
    category: str,
    description: dict | None = None,
    legal_statuses: list[str] | None = None,
    nationalities: list[str] | None = None,
    min_age: int | None = None,
    max_age: int | None = None,
    gender: str,
    free: bool,
    referral_needed: bool,
    sources: list[dict] | None = None,
    actor: User | None,
) -> list[str]:
    """Change the kind, eligibility and texts of a service; returns changed field names."""
    service = Service.objects.select_for_update().get(pk=service.pk)
    before = _snapshot(service, SERVICE_RECORD_FIELDS)
    service_values_set(
        service,
        category=category,
        description=description,
        legal_statuses=legal_statuses,
        nationalities=nationalities,
        min_age=min_age,
        max_age=max_age,
        gender=gender,
        free=free,
        referral_needed=referral_needed,
        sources=sources,
    )
    changed = _changed(before, _snapshot(service, SERVICE_RECORD_FIELDS))
    if changed:
        service.full_clean()
        service.save()
        audit_record(
            actor=actor,
            action="directory.service_updated",
            target=service,
            data={"fields": changed},
        )
        _reindex([service.pk])
    return changed


@transaction.atomic
def hours_exception_remove(*, exception: HoursException, actor: User | None) -> ServicePoint:
    """Drop the other hours of one date; the place keeps its usual hours that day."""
    point = exception.point
    date = exception.date
    exception.delete()
    audit_record(
        actor=actor,
        action="directory.hours_exception_removed",
        target=point,
        data={"date": date.isoformat()},
    )
    return point


def organization_slug_new(name: dict) -> str:
    """A free short name for a new organization, from its English or Turkish name."""
    from django.utils.text import slugify

    base = ""
    for code in ("en", "tr", "ar", "fa"):
        base = slugify(str((name or {}).get(code) or ""))[:70].strip("-")
        if base:
            break
    base = base or "organization"
    slug, number = base, 1
    while Organization.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug
