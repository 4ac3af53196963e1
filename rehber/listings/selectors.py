"""Reads of listings, scoped to who is asking."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Case, Count, IntegerField, Q, QuerySet, When

from rehber.accounts.roles import Role
from rehber.core.access import user_has_role
from rehber.core.search.selectors import search
from rehber.listings import flags
from rehber.listings.models import (
    Listing,
    ListingKind,
    ListingStatus,
    PosterVerification,
    Report,
    ReportReason,
)

#: Most text-search hits considered before the filters narrow them down.
SEARCH_LIMIT = 1000


class Sort:
    NEWEST = "newest"
    RENT_LOW = "rent_low"
    RENT_HIGH = "rent_high"
    RELEVANCE = "relevance"
    ALL = (NEWEST, RENT_LOW, RENT_HIGH, RELEVANCE)


def listing_search(*, query: str, filters: dict, sort: str, language: str) -> QuerySet[Listing]:
    """Visible listings matching the text ``query`` (core.search) and the ``filters``."""
    listings = Listing.objects.visible().select_related("province", "district")
    kind = filters.get("kind")
    if kind:
        listings = listings.filter(kind=kind)
    for name in ("province", "district", "sector"):
        if filters.get(name):
            listings = listings.filter(**{name: filters[name]})
    if filters.get("rent_min") is not None:
        listings = listings.filter(monthly_rent__gte=filters["rent_min"])
    if filters.get("rent_max") is not None:
        listings = listings.filter(monthly_rent__lte=filters["rent_max"])
    if filters.get("rooms"):
        listings = listings.filter(rooms__gte=filters["rooms"])
    for name in ("furnished", "women_only", "families_only", "sgk_registration"):
        if filters.get(name):
            listings = listings.filter(**{name: True})
    ranked_ids: list[int] = []
    if query.strip():
        results = search(query=query, language=language, kinds=["listing"], limit=SEARCH_LIMIT)
        ranked_ids = [int(result.key) for result in results]
        listings = listings.filter(pk__in=ranked_ids)
    if sort == Sort.RENT_LOW:
        return listings.order_by("monthly_rent", "-published_at", "-id")
    if sort == Sort.RENT_HIGH:
        return listings.order_by("-monthly_rent", "-published_at", "-id")
    if sort == Sort.RELEVANCE and ranked_ids:
        rank = Case(
            *[When(pk=pk, then=position) for position, pk in enumerate(ranked_ids)],
            output_field=IntegerField(),
        )
        return listings.order_by(rank)
    return listings.order_by("-published_at", "-id")


def listing_get_for_viewer(*, pk: int, user) -> Listing | None:
    """A listing if ``user`` may see it: anyone when visible; its poster and moderators always."""
    listing = Listing.objects.select_related("province", "district", "poster").filter(pk=pk).first()
    if listing is None:
        return None
    if listing.is_visible:
        return listing
    if user.is_authenticated and (
        listing.poster_id == user.pk or user_has_role(user, [Role.MODERATOR])[0]
    ):
        return listing
    return None


def listings_of_poster(*, user) -> QuerySet[Listing]:
    return (
        Listing.objects.filter(poster=user)
        .select_related("province", "district")
        .order_by("-created_at", "-id")
    )


@dataclass
class QueueItem:
    listing: Listing
    reasons: list[str] = field(default_factory=list)
    report_reasons: dict[str, int] = field(default_factory=dict)
    rent_flag: str = ""
    rent_median: float | None = None
    duplicates: list[int] = field(default_factory=list)


def moderation_queue() -> list[QueueItem]:
    """Listings waiting for a moderator (new, or hidden after reports), with what to look at."""
    listings = list(
        Listing.objects.filter(
            Q(status=ListingStatus.PENDING)
            | Q(status=ListingStatus.PUBLISHED, hidden_by_reports=True)
        )
        .select_related("province", "district", "poster")
        .annotate(open_reports=Count("reports", filter=Q(reports__resolved=False)))
        .order_by("created_at", "id")[:200]
    )
    districts = {listing.district_id for listing in listings if listing.district_id}
    rents: dict[int, list[int]] = defaultdict(list)
    for district_id, rent in Listing.objects.filter(
        status=ListingStatus.PUBLISHED, kind=ListingKind.HOUSING, district_id__in=districts
    ).values_list("district_id", "monthly_rent"):
        rents[district_id].append(rent)
    medians = {district_id: flags.rent_median(values) for district_id, values in rents.items()}
    report_counts: dict[int, dict[str, int]] = defaultdict(dict)
    for listing_id, reason, count in (
        Report.objects.filter(listing__in=listings, resolved=False)
        .values_list("listing_id", "reason")
        .annotate(count=Count("id"))
    ):
        report_counts[listing_id][str(ReportReason(reason).label)] = count
    posters = {listing.poster_id for listing in listings}
    nearby = list(
        Listing.objects.filter(
            Q(poster_id__in=posters)
            | Q(
                status=ListingStatus.PUBLISHED,
                district_id__in=districts,
            )
        )
        .exclude(status__in=[ListingStatus.REJECTED, ListingStatus.REMOVED])
        .order_by("-id")
        .values_list("pk", "poster_id", "district_id", "kind", "title", "description")[:2000]
    )
    items = []
    for listing in listings:
        item = QueueItem(listing=listing)
        item.report_reasons = report_counts.get(listing.pk, {})
        if listing.kind == ListingKind.HOUSING and listing.district_id:
            item.rent_median = medians.get(listing.district_id)
            item.rent_flag = flags.rent_outlier(listing.monthly_rent, item.rent_median)
        others = [
            (pk, f"{title}\n{description}")
            for pk, poster_id, district_id, kind, title, description in nearby
            if pk != listing.pk
            and kind == listing.kind
            and (poster_id == listing.poster_id or district_id == listing.district_id)
        ]
        item.duplicates = flags.near_duplicates(f"{listing.title}\n{listing.description}", others)
        items.append(item)
    return items


def verified_posters() -> QuerySet[PosterVerification]:
    return PosterVerification.objects.select_related("user", "verified_by").order_by(
        "organization_name"
    )
