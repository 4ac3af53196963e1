"""Every write to the directory. Keyword-only, atomic, validated."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rehber.accounts.models import User
from rehber.core.models import District, LegalStatus, Province
from rehber.core.services import audit_record
from rehber.directory import hours
from rehber.directory.models import (
    Category,
    Gender,
    HoursException,
    Organization,
    OrganizationKind,
    PublicHoliday,
    RamadanPeriod,
    Service,
    ServicePoint,
)

CONTENT_LANGUAGES = ("ar", "tr", "en", "fa")


def _reindex(service_ids) -> None:
    """Refresh the search entries of these services once the transaction commits."""
    from rehber.core.search.tasks import search_index_key

    for pk in list(service_ids):
        transaction.on_commit(lambda pk=pk: search_index_key.enqueue("service", str(pk)))


def texts_clean(texts: dict | None, *, field: str, required: bool = False) -> dict[str, str]:
    """Keep non-empty texts keyed by a known language code."""
    cleaned = {}
    for code, text in (texts or {}).items():
        if code not in CONTENT_LANGUAGES:
            raise ValidationError({field: _("Unknown language: %(code)s") % {"code": code}})
        text = str(text or "").strip()
        if text:
            cleaned[code] = text
    if required and not cleaned:
        raise ValidationError({field: _("Give this text in at least one language.")})
    return cleaned


def hours_clean(data: dict | None, *, field: str) -> dict:
    try:
        return hours.weekly_dump(hours.weekly_parse(data))
    except ValueError as error:
        raise ValidationError({field: str(error)}) from None


@transaction.atomic
def organization_create(
    *,
    slug: str,
    name: dict,
    kind: str,
    is_demo: bool = False,
    website: str = "",
    verified: bool = False,
    actor: User | None,
) -> Organization:
    if kind not in OrganizationKind.values:
        raise ValidationError({"kind": _("Unknown kind of organization.")})
    organization = Organization(
        slug=slug,
        name=texts_clean(name, field="name", required=True),
        kind=kind,
        is_demo=is_demo or kind == OrganizationKind.DEMO,
        website=website,
        verified=verified,
    )
    organization.full_clean()
    organization.save()
    return organization


@transaction.atomic
def service_point_create(
    *,
    organization: Organization,
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
) -> ServicePoint:
    if district is not None and district.province_id != province.pk:
        raise ValidationError({"district": _("This district is in another province.")})
    if (latitude is None) != (longitude is None):
        raise ValidationError({"latitude": _("Give both latitude and longitude, or neither.")})
    point = ServicePoint(
        organization=organization,
        name=texts_clean(name, field="name", required=True),
        address=texts_clean(address, field="address"),
        directions=texts_clean(directions, field="directions"),
        address_is_approximate=address_is_approximate,
        province=province,
        district=district,
        latitude=latitude,
        longitude=longitude,
        phone=phone.strip(),
        step_free=step_free,
        languages_spoken=list(dict.fromkeys(languages_spoken or [])),
        weekly_hours=hours_clean(weekly_hours, field="weekly_hours"),
        ramadan_hours=hours_clean(ramadan_hours, field="ramadan_hours"),
        closed_on_public_holidays=closed_on_public_holidays,
    )
    point.full_clean()
    point.save()
    return point


@transaction.atomic
def hours_exception_set(
    *,
    point: ServicePoint,
    date: datetime.date,
    intervals: list | None,
    note: dict | None = None,
    actor: User | None,
) -> HoursException:
    """Other hours on one date (``intervals`` empty or None: closed all day)."""
    try:
        parsed = hours.intervals_parse(intervals or [])
    except ValueError as error:
        raise ValidationError({"intervals": str(error)}) from None
    exception, _created = HoursException.objects.update_or_create(
        point=point,
        date=date,
        defaults={
            "intervals": [[f"{i.opens:%H:%M}", f"{i.closes:%H:%M}"] for i in parsed],
            "note": texts_clean(note, field="note"),
        },
    )
    return exception


@transaction.atomic
def public_holiday_set(*, date: datetime.date, name: dict) -> PublicHoliday:
    holiday, _created = PublicHoliday.objects.update_or_create(
        date=date, defaults={"name": texts_clean(name, field="name", required=True)}
    )
    return holiday


@transaction.atomic
def ramadan_period_set(*, start: datetime.date, end: datetime.date) -> RamadanPeriod:
    if end < start:
        raise ValidationError({"end": _("Ramadan ends after it starts.")})
    period, _created = RamadanPeriod.objects.get_or_create(start=start, end=end)
    return period


@transaction.atomic
def service_create(
    *,
    point: ServicePoint,
    category: str,
    description: dict | None = None,
    legal_statuses: list[str] | None = None,
    nationalities: list[str] | None = None,
    min_age: int | None = None,
    max_age: int | None = None,
    gender: str = Gender.ANY,
    free: bool = True,
    referral_needed: bool = False,
    last_verified: datetime.date | None = None,
    sources: list[dict] | None = None,
    actor: User | None,
) -> Service:
    if category not in Category.values:
        raise ValidationError({"category": _("Unknown category.")})
    statuses = list(dict.fromkeys(legal_statuses or []))
    if set(statuses) - set(LegalStatus.values):
        raise ValidationError({"legal_statuses": _("Unknown legal status.")})
    if gender not in Gender.values:
        raise ValidationError({"gender": _("Unknown value.")})
    if min_age is not None and max_age is not None and max_age < min_age:
        raise ValidationError({"max_age": _("The oldest age is below the youngest.")})
    cleaned_sources = []
    for source in sources or []:
        title = str(source.get("title") or "").strip()
        url = str(source.get("url") or "").strip()
        if not title:
            raise ValidationError({"sources": _("Every source needs a title.")})
        if url and not url.startswith("https://"):
            raise ValidationError({"sources": _("Source addresses start with https://.")})
        cleaned_sources.append({"title": title, "url": url})
    service = Service(
        point=point,
        category=category,
        description=texts_clean(description, field="description"),
        legal_statuses=statuses,
        nationalities=[code.upper() for code in nationalities or []],
        min_age=min_age,
        max_age=max_age,
        gender=gender,
        free=free,
        referral_needed=referral_needed,
        last_verified=last_verified,
        verified_by=actor if last_verified and actor is not None else None,
        sources=cleaned_sources,
    )
    service.full_clean()
    service.save()
    _reindex([service.pk])
    return service


@transaction.atomic
def service_mark_verified(*, service: Service, actor: User) -> Service:
    """Record that staff checked this service today."""
    service.last_verified = timezone.localdate()
    service.verified_by = actor
    service.save(update_fields=["last_verified", "verified_by"])
    audit_record(actor=actor, action="directory.service_verified", target=service)
    return service
