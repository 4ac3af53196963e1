"""Every write to listings, reports and poster verification."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from rehber.core.mail import mail_send
from rehber.core.search.services import search_index_key_after_commit
from rehber.core.services import audit_record
from rehber.listings.contact_masking import contact_mask
from rehber.listings.models import (
    HIDE_AFTER_REPORTS,
    LISTING_LIFETIME_DAYS,
    MAX_PHOTOS,
    RENEWAL_REMINDER_DAYS,
    Listing,
    ListingKind,
    ListingPhoto,
    ListingStatus,
    PosterVerification,
    Report,
    VerificationKind,
)
from rehber.listings.page_cache import listing_pages
from rehber.listings.photo_processing import PhotoError, photo_process
from rehber.listings.plain_text import plain_text_clean
from rehber.listings.tax_number import vkn_is_valid, vkn_normalise

#: The fields a poster fills in, by kind (the others are cleared).
COMMON_FIELDS = ("language", "title", "description", "province", "district", "organization_name")
HOUSING_FIELDS = (
    "monthly_rent",
    "deposit",
    "rooms",
    "furnished",
    "floor",
    "women_only",
    "families_only",
    "bills_included",
)
JOB_FIELDS = (
    "sector",
    "employment_type",
    "wage",
    "wage_period",
    "hours_per_week",
    "sgk_registration",
    "work_permit_provided",
    "languages_required",
    "accommodation_provided",
)


def _reindex(listing: Listing) -> None:
    """After any change: index the listing again and drop cached listing pages."""
    search_index_key_after_commit(kind="listing", key=str(listing.pk))
    listing_pages.bump_after_commit()


def poster_is_verified(user) -> bool:
    return PosterVerification.objects.filter(user=user).exists()


def listing_text_prepare(text: str) -> str:
    """Plain text with contact details hidden: what is stored and shown."""
    return contact_mask(plain_text_clean(text))[0]


def _apply(listing: Listing, data: dict[str, Any]) -> None:
    fields = COMMON_FIELDS + (HOUSING_FIELDS if listing.kind == ListingKind.HOUSING else JOB_FIELDS)
    for name in fields:
        if name in data:
            setattr(listing, name, data[name])
    for name in ("title", "description", "organization_name", "languages_required"):
        setattr(listing, name, listing_text_prepare(getattr(listing, name) or ""))
    if listing.district_id and listing.district.province_id != listing.province_id:
        raise ValidationError(_("This district is not in the chosen province."))
    if not listing.title or not listing.description:
        raise ValidationError(_("A listing needs a title and a description."))
    listing.full_clean(exclude=["poster"])


def _publish_now(listing: Listing, now: datetime.datetime) -> None:
    listing.status = ListingStatus.PUBLISHED
    listing.published_at = now
    listing.expires_on = timezone.localdate(now) + datetime.timedelta(days=LISTING_LIFETIME_DAYS)


@transaction.atomic
def listing_create(*, poster, kind: str, data: dict[str, Any], actor) -> Listing:
    """Post a listing: verified posters publish at once, others wait for a moderator."""
    if kind not in ListingKind.values:
        raise ValidationError(_("Choose housing or a job."))
    listing = Listing(kind=kind, poster=poster, status=ListingStatus.PENDING)
    _apply(listing, data)
    if poster_is_verified(poster):
        _publish_now(listing, timezone.now())
    listing.save()
    audit_record(
        actor=actor, action="listing.created", target=listing, data={"status": listing.status}
    )
    _reindex(listing)
    return listing


@transaction.atomic
def listing_update(*, listing: Listing, data: dict[str, Any], actor) -> Listing:
    """Change a listing. An unverified poster's changed listing waits for a moderator again."""
    listing = Listing.objects.select_for_update().get(pk=listing.pk)
    if listing.status in (ListingStatus.REMOVED, ListingStatus.REJECTED):
        raise ValidationError(_("A removed or rejected listing cannot be changed."))
    _apply(listing, data)
    if listing.status == ListingStatus.PUBLISHED and not poster_is_verified(listing.poster):
        listing.status = ListingStatus.PENDING
    listing.save()
    audit_record(
        actor=actor, action="listing.updated", target=listing, data={"status": listing.status}
    )
    _reindex(listing)
    return listing


@transaction.atomic
def listing_renew(*, listing: Listing, actor, today: datetime.date | None = None) -> Listing:
    """Another 30 days from today, for a listing in its last week or already expired."""
    today = today or timezone.localdate()
    listing = Listing.objects.select_for_update().get(pk=listing.pk)
    if not listing.may_renew(today):
        raise ValidationError(_("This listing cannot be renewed now."))
    listing.status = ListingStatus.PUBLISHED
    listing.expires_on = today + datetime.timedelta(days=LISTING_LIFETIME_DAYS)
    listing.renewal_reminded_on = None
    listing.save(update_fields=["status", "expires_on", "renewal_reminded_on", "updated_at"])
    audit_record(actor=actor, action="listing.renewed", target=listing)
    _reindex(listing)
    return listing


class ModerationAction:
    APPROVE = "approve"
    REJECT = "reject"
    REMOVE = "remove"
    RESTORE = "restore"
    ALL = (APPROVE, REJECT, REMOVE, RESTORE)


@dataclass(frozen=True)
class ModerationOutcome:
    listing_id: int
    done: bool
    message: str


def _moderation_update(listing_id: int, action: str, reason: str, now) -> int:
    """One conditional UPDATE: it changes the row only if nobody decided it meanwhile."""
    rows = Listing.objects.filter(pk=listing_id)
    if action == ModerationAction.APPROVE:
        return rows.filter(status=ListingStatus.PENDING).update(
            status=ListingStatus.PUBLISHED,
            published_at=now,
            expires_on=timezone.localdate(now) + datetime.timedelta(days=LISTING_LIFETIME_DAYS),
            moderation_reason=reason,
            updated_at=now,
        )
    if action == ModerationAction.REJECT:
        return rows.filter(status=ListingStatus.PENDING).update(
            status=ListingStatus.REJECTED, moderation_reason=reason, updated_at=now
        )
    if action == ModerationAction.REMOVE:
        return rows.filter(status__in=[ListingStatus.PENDING, ListingStatus.PUBLISHED]).update(
            status=ListingStatus.REMOVED, moderation_reason=reason, updated_at=now
        )
    return rows.filter(status=ListingStatus.PUBLISHED, hidden_by_reports=True).update(
        hidden_by_reports=False, moderation_reason=reason, updated_at=now
    )


@transaction.atomic
def listing_moderate(
    *, listing_ids: list[int], action: str, reason: str, actor
) -> list[ModerationOutcome]:
    """Approve, reject, remove or restore listings; each one only if still undecided.

    Two moderators acting at once: the first UPDATE wins, the second changes no
    row and its outcome says the listing was already decided.
    """
    if action not in ModerationAction.ALL:
        raise ValidationError(_("Choose what to do with the listings."))
    reason = plain_text_clean(reason)[:300]
    if action in (ModerationAction.REJECT, ModerationAction.REMOVE) and not reason:
        raise ValidationError(_("Write the reason: the poster will read it."))
    now = timezone.now()
    outcomes = []
    for listing_id in dict.fromkeys(listing_ids):
        if _moderation_update(listing_id, action, reason, now):
            listing = Listing.objects.get(pk=listing_id)
            if action in (ModerationAction.RESTORE, ModerationAction.REMOVE):
                Report.objects.filter(listing=listing, resolved=False).update(resolved=True)
            audit_record(
                actor=actor,
                action=f"listing.{action}",
                target=listing,
                data={"status": listing.status},
            )
            _reindex(listing)
            outcomes.append(ModerationOutcome(listing_id, True, ""))
        else:
            outcomes.append(
                ModerationOutcome(
                    listing_id,
                    False,
                    _(
                        "Listing %(id)s was already decided by someone else, "
                        "or cannot take this action."
                    )
                    % {"id": listing_id},
                )
            )
    return outcomes


@transaction.atomic
def report_create(*, listing: Listing, reporter, reason: str, text: str) -> Report:
    """Report a listing once. Reports from ``HIDE_AFTER_REPORTS`` people hide it."""
    if listing.poster_id == reporter.pk:
        raise ValidationError(_("You cannot report your own listing."))
    if not listing.is_visible:
        raise ValidationError(_("This listing is not shown any more."))
    report = Report(listing=listing, reporter=reporter, reason=reason, text=plain_text_clean(text))
    report.full_clean(exclude=["listing", "reporter"])
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:
        raise ValidationError(_("You have already reported this listing. Thank you.")) from None
    audit_record(actor=reporter, action="listing.reported", target=listing, data={"reason": reason})
    open_reports = Report.objects.filter(listing=listing, resolved=False).count()
    if open_reports >= HIDE_AFTER_REPORTS:
        hidden = Listing.objects.filter(pk=listing.pk, hidden_by_reports=False).update(
            hidden_by_reports=True
        )
        if hidden:
            audit_record(actor=None, action="listing.hidden_by_reports", target=listing)
            _reindex(listing)
    return report


@transaction.atomic
def poster_verify(
    *, user, kind: str, organization_name: str, tax_number: str = "", actor
) -> PosterVerification:
    """Mark an account as a checked organization or employer: it publishes at once from now on."""
    if kind not in VerificationKind.values:
        raise ValidationError(_("Choose organization or employer."))
    tax_number = vkn_normalise(tax_number)
    if kind == VerificationKind.EMPLOYER and not vkn_is_valid(tax_number):
        raise ValidationError(_("This is not a valid 10-digit Turkish tax number (VKN)."))
    organization_name = plain_text_clean(organization_name)
    if not organization_name:
        raise ValidationError(_("Write the name of the organization or company."))
    verification, _created = PosterVerification.objects.update_or_create(
        user=user,
        defaults={
            "kind": kind,
            "organization_name": organization_name[:120],
            "tax_number": tax_number if kind == VerificationKind.EMPLOYER else "",
            "verified_by": actor,
        },
    )
    audit_record(actor=actor, action="listing.poster_verified", target=user, data={"kind": kind})
    return verification


@transaction.atomic
def listings_expire(*, today: datetime.date | None = None) -> int:
    """Expire published listings whose date has passed. Returns how many."""
    today = today or timezone.localdate()
    ids = list(
        Listing.objects.filter(status=ListingStatus.PUBLISHED, expires_on__lt=today).values_list(
            "pk", flat=True
        )
    )
    Listing.objects.filter(pk__in=ids, status=ListingStatus.PUBLISHED).update(
        status=ListingStatus.EXPIRED
    )
    for pk in ids:
        search_index_key_after_commit(kind="listing", key=str(pk))
    if ids:
        listing_pages.bump_after_commit()
        audit_record(actor=None, action="listing.expired", data={"count": len(ids)})
    return len(ids)


def listings_renewal_remind(*, today: datetime.date | None = None) -> int:
    """E-mail posters whose listings expire within ``RENEWAL_REMINDER_DAYS`` days, once each.

    The e-mail names the listing's title and links to "My listings"; nothing else.
    """
    today = today or timezone.localdate()
    due = Listing.objects.filter(
        status=ListingStatus.PUBLISHED,
        expires_on__gte=today,
        expires_on__lte=today + datetime.timedelta(days=RENEWAL_REMINDER_DAYS),
        renewal_reminded_on__isnull=True,
    ).select_related("poster")
    sent = 0
    for listing in due:
        # Claim the reminder first, so two workers never send it twice.
        if not Listing.objects.filter(pk=listing.pk, renewal_reminded_on__isnull=True).update(
            renewal_reminded_on=today
        ):
            continue
        language = listing.poster.preferred_language or listing.language
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        with translation.override(language):
            subject = _("Your listing on Rehber ends soon")
            body = render_to_string(
                "listings/email/renewal_reminder.txt",
                {
                    "listing": listing,
                    "url": f"{settings.SITE_URL}/{language}/listings/mine/",
                },
            )
        if not mail_send(subject=subject, body=body, user=listing.poster):
            # Not sent: give the claim back, so that tomorrow's run tries again.
            Listing.objects.filter(pk=listing.pk).update(renewal_reminded_on=None)
            continue
        sent += 1
    return sent


PHOTO_ERRORS = {
    "too_big": _("This photo is too big. Send a photo of at most 8 MB."),
    "not_an_image": _("This file is not a photo we can read. Send a JPEG, PNG or WebP photo."),
    "wrong_type": _("Send a JPEG, PNG or WebP photo."),
    "too_many_pixels": _("This photo has too many pixels. Send a smaller one."),
}


@transaction.atomic
def listing_photo_add(*, listing: Listing, data: bytes, actor) -> ListingPhoto:
    """Add a photo, re-encoded without metadata (no GPS position, no camera details).

    A photo can show a phone number, so an unverified poster's published listing
    waits for a moderator again.
    """
    listing = Listing.objects.select_for_update().get(pk=listing.pk)
    if listing.status in (ListingStatus.REMOVED, ListingStatus.REJECTED):
        raise ValidationError(_("A removed or rejected listing cannot be changed."))
    if listing.photos.count() >= MAX_PHOTOS:
        raise ValidationError(
            _("A listing has at most %(count)s photos. Delete one first.") % {"count": MAX_PHOTOS}
        )
    try:
        processed = photo_process(data)
    except PhotoError as error:
        raise ValidationError(str(PHOTO_ERRORS[error.code])) from None
    photo = ListingPhoto.objects.create(
        listing=listing,
        photo=processed.photo,
        thumbnail=processed.thumbnail,
        width=processed.width,
        height=processed.height,
    )
    if listing.status == ListingStatus.PUBLISHED and not poster_is_verified(listing.poster):
        listing.status = ListingStatus.PENDING
    listing.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action="listing.photo_added", target=listing)
    _reindex(listing)
    return photo


@transaction.atomic
def listing_photo_remove(*, photo: ListingPhoto, actor) -> None:
    listing = photo.listing
    photo.delete()
    listing.save(update_fields=["updated_at"])
    audit_record(actor=actor, action="listing.photo_removed", target=listing)
    _reindex(listing)
