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
    FEEDBACK_QUESTIONS,
    Category,
    Feedback,
    Gender,
    HoursException,
    ModerationStatus,
    Organization,
    OrganizationKind,
    ProposedEdit,
    ProviderMembership,
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


def phone_clean(value) -> str:
    value = str(value or "").strip()
    if len(value) > 32 or not all(c.isdigit() or c in " +()-" for c in value):
        raise ValidationError({"phone": _("A phone number has digits, spaces and + ( ) - only.")})
    return value


def languages_clean(codes) -> list[str]:
    value = list(dict.fromkeys(str(code) for code in codes or []))
    if not all(code.isalpha() and 2 <= len(code) <= 3 for code in value):
        raise ValidationError({"languages_spoken": _("Unknown language.")})
    return value


def point_values_set(
    point: ServicePoint,
    *,
    name: dict,
    province: Province,
    district: District | None,
    address: dict | None,
    directions: dict | None,
    address_is_approximate: bool,
    latitude: float | None,
    longitude: float | None,
    phone: str,
    step_free: bool,
    languages_spoken: list[str] | None,
    weekly_hours: dict | None,
    ramadan_hours: dict | None,
    closed_on_public_holidays: bool,
) -> None:
    """Check the values of a place and put them on ``point`` (not saved).

    Without coordinates, a place in a known district stands at the district's centre.
    """
    if district is not None and district.province_id != province.pk:
        raise ValidationError({"district": _("This district is in another province.")})
    if (latitude is None) != (longitude is None):
        raise ValidationError({"latitude": _("Give both latitude and longitude, or neither.")})
    if latitude is not None and not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise ValidationError(
            {"latitude": _("Latitude runs from -90 to 90 and longitude from -180 to 180.")}
        )
    if latitude is None and district is not None:
        latitude, longitude = district.latitude, district.longitude
    point.name = texts_clean(name, field="name", required=True)
    point.address = texts_clean(address, field="address")
    point.directions = texts_clean(directions, field="directions")
    point.address_is_approximate = address_is_approximate
    point.province = province
    point.district = district
    point.latitude = latitude
    point.longitude = longitude
    point.phone = phone_clean(phone)
    point.step_free = step_free
    point.languages_spoken = languages_clean(languages_spoken)
    point.weekly_hours = hours_clean(weekly_hours, field="weekly_hours")
    point.ramadan_hours = hours_clean(ramadan_hours, field="ramadan_hours")
    point.closed_on_public_holidays = closed_on_public_holidays


def service_values_set(
    service: Service,
    *,
    category: str,
    description: dict | None,
    legal_statuses: list[str] | None,
    nationalities: list[str] | None,
    min_age: int | None,
    max_age: int | None,
    gender: str,
    free: bool,
    referral_needed: bool,
    sources: list[dict] | None,
) -> None:
    """Check the values of a service and put them on ``service`` (not saved)."""
    if category not in Category.values:
        raise ValidationError({"category": _("Unknown category.")})
    statuses = list(dict.fromkeys(legal_statuses or []))
    if set(statuses) - set(LegalStatus.values):
        raise ValidationError({"legal_statuses": _("Unknown legal status.")})
    countries = list(dict.fromkeys(str(code).strip().upper() for code in nationalities or []))
    if not all(len(code) == 2 and code.isascii() and code.isalpha() for code in countries):
        raise ValidationError(
            {"nationalities": _("Write two-letter country codes, like SY, AF, IQ.")}
        )
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
    service.category = category
    service.description = texts_clean(description, field="description")
    service.legal_statuses = statuses
    service.nationalities = countries
    service.min_age = min_age
    service.max_age = max_age
    service.gender = gender
    service.free = free
    service.referral_needed = referral_needed
    service.sources = cleaned_sources


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
    if actor is not None:
        audit_record(actor=actor, action="directory.organization_created", target=organization)
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
    point = ServicePoint(organization=organization)
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
    point.full_clean()
    point.save()
    if actor is not None:
        audit_record(actor=actor, action="directory.point_created", target=point)
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
    if actor is not None:
        audit_record(
            actor=actor,
            action="directory.hours_exception_set",
            target=point,
            data={"date": date.isoformat()},
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
    service = Service(
        point=point,
        last_verified=last_verified,
        verified_by=actor if last_verified and actor is not None else None,
    )
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
    service.full_clean()
    service.save()
    if actor is not None:
        audit_record(actor=actor, action="directory.service_created", target=service)
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


# Edits by staff and proposals by providers -----------------------------------

#: Fields of a service (and of its place) that staff edit and providers may propose.
POINT_FIELDS = ("phone", "step_free", "languages_spoken", "weekly_hours")
SERVICE_FIELDS = ("free", "referral_needed", "description")
EDIT_FIELDS = POINT_FIELDS + SERVICE_FIELDS


def service_current_values(service: Service) -> dict:
    point = service.point
    values = {name: getattr(point, name) for name in POINT_FIELDS}
    values.update({name: getattr(service, name) for name in SERVICE_FIELDS})
    return values


def changes_clean(changes: dict) -> dict:
    """Check proposed values field by field; unknown fields are refused."""
    unknown = set(changes) - set(EDIT_FIELDS)
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed here: %(names)s")
            % {"names": ", ".join(sorted(unknown))}
        )
    cleaned = {}
    for name, value in changes.items():
        if name == "phone":
            value = phone_clean(value)
        elif name in ("step_free", "free", "referral_needed"):
            value = bool(value)
        elif name == "languages_spoken":
            value = languages_clean(value)
        elif name == "weekly_hours":
            value = hours_clean(value, field="weekly_hours")
        elif name == "description":
            value = texts_clean(value, field="description")
        cleaned[name] = value
    return cleaned


@transaction.atomic
def service_update(*, service: Service, changes: dict, actor: User | None) -> list[str]:
    """Apply ``changes`` to a service and its place; returns the names of changed fields."""
    changes = changes_clean(changes)
    current = service_current_values(service)
    changed = [name for name, value in changes.items() if current[name] != value]
    point = service.point
    for name in changed:
        setattr(point if name in POINT_FIELDS else service, name, changes[name])
    if set(changed) & set(POINT_FIELDS):
        point.full_clean()
        point.save()
    if set(changed) & set(SERVICE_FIELDS):
        service.full_clean()
        service.save()
    if changed:
        audit_record(
            actor=actor,
            action="directory.service_updated",
            target=service,
            data={"fields": changed},
        )
        _reindex(point.services.values_list("pk", flat=True))
    return changed


def provider_may_edit(*, user, service: Service) -> bool:
    return (
        user.is_authenticated
        and ProviderMembership.objects.filter(
            user=user, organization_id=service.point.organization_id
        ).exists()
    )


@transaction.atomic
def provider_membership_add(
    *, user: User, organization: Organization, actor: User | None
) -> ProviderMembership:
    membership, created = ProviderMembership.objects.get_or_create(
        user=user, organization=organization
    )
    if created:
        audit_record(
            actor=actor,
            action="directory.provider_added",
            target=organization,
            data={"user_id": user.pk},
        )
    return membership


@transaction.atomic
def proposed_edit_create(*, service: Service, changes: dict, actor: User) -> ProposedEdit:
    """A provider asks for changes; only fields that differ from today's are kept."""
    if not provider_may_edit(user=actor, service=service):
        raise ValidationError(_("You can propose changes only to your organization's services."))
    changes = changes_clean(changes)
    current = service_current_values(service)
    changed = {name: value for name, value in changes.items() if current[name] != value}
    if not changed:
        raise ValidationError(_("Nothing was changed."))
    proposal = ProposedEdit.objects.create(service=service, changes=changed, proposed_by=actor)
    audit_record(
        actor=actor,
        action="directory.edit_proposed",
        target=proposal,
        data={"fields": sorted(changed)},
    )
    return proposal


@transaction.atomic
def proposed_edit_decide(*, proposal: ProposedEdit, approve: bool, actor: User) -> ProposedEdit:
    """Apply (approve) or refuse a provider's proposal. Decided once."""
    proposal = ProposedEdit.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != ModerationStatus.PENDING:
        raise ValidationError(_("This proposal was already decided."))
    if approve:
        service_update(service=proposal.service, changes=proposal.changes, actor=actor)
    proposal.status = ModerationStatus.APPROVED if approve else ModerationStatus.REJECTED
    proposal.decided_by = actor
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["status", "decided_by", "decided_at"])
    audit_record(
        actor=actor,
        action=f"directory.edit_{proposal.status}",
        target=proposal,
        data={"fields": sorted(proposal.changes)},
    )
    return proposal


# Feedback -------------------------------------------------------------------------


@transaction.atomic
def feedback_submit(
    *,
    service: Service,
    answers: dict[str, bool | None],
    comment: str = "",
    language: str = "",
    author: User | None = None,
) -> Feedback:
    """Keep one person's feedback for moderation. ``author`` is None when anonymous."""
    unknown = set(answers) - set(FEEDBACK_QUESTIONS)
    if unknown:
        raise ValidationError(_("Unknown question."))
    comment = str(comment or "").strip()
    if len(comment) > 1000:
        raise ValidationError({"comment": _("Please keep it under 1000 characters.")})
    if all(answers.get(name) is None for name in FEEDBACK_QUESTIONS) and not comment:
        raise ValidationError(_("Answer at least one question or write a few words."))
    return Feedback.objects.create(
        service=service,
        comment=comment,
        language=language[:12],
        author=author if author is not None and author.is_authenticated else None,
        **{name: answers.get(name) for name in FEEDBACK_QUESTIONS},
    )


@transaction.atomic
def feedback_moderate(*, feedback: Feedback, approve: bool, actor: User) -> Feedback:
    feedback.status = ModerationStatus.APPROVED if approve else ModerationStatus.REJECTED
    feedback.moderated_by = actor
    feedback.moderated_at = timezone.now()
    feedback.save(update_fields=["status", "moderated_by", "moderated_at"])
    audit_record(
        actor=actor,
        action=f"directory.feedback_{feedback.status}",
        target=feedback,
        data={"service_id": feedback.service_id},
    )
    return feedback
