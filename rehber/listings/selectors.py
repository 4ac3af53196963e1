"""Reads of listings, scoped to who is asking."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from rehber.accounts.roles import Role
from rehber.core.access import user_has_role
from rehber.core.search.backends import backend_get
from rehber.core.search.ranking import MatchMode
from rehber.core.search.selectors import search_terms
from rehber.listings import flags
from rehber.listings.models import (
    Listing,
    ListingKind,
    ListingStatus,
    PosterVerification,
    Report,
    ReportReason,
)

#: Most text-search hits considered before the filters narrow them down: a query
#: matching more listings finds, among them, only the best-ranked 2,000.
SEARCH_LIMIT = 2000


class Sort:
    NEWEST = "newest"
    RENT_LOW = "rent_low"
    RENT_HIGH = "rent_high"
    RELEVANCE = "relevance"
    ALL = (NEWEST, RENT_LOW, RENT_HIGH, RELEVANCE)


class RankedListings(Sequence):
    """Listings in the order of the text search, fetched a page at a time (for Paginator)."""

    def __init__(self, queryset: QuerySet[Listing], ids: list[int]):
        self.queryset = queryset
        self.ids = ids

    def __len__(self) -> int:
        return len(self.ids)

    def count(self) -> int:
        return len(self.ids)

    def __getitem__(self, index):
        wanted = self.ids[index] if isinstance(index, slice) else [self.ids[index]]
        rows = self.queryset.in_bulk(wanted)
        found = [rows[pk] for pk in wanted if pk in rows]
        return found if isinstance(index, slice) else found[0]


def listing_ids_matching(*, query: str, language: str) -> list[int]:
    """Ids of visible listings matching ``query`` in core.search, best first.

    Every word must match; when no listing has them all, listings with any of
    them are ranked instead (like the site search). At most ``SEARCH_LIMIT``.
    """
    groups = search_terms(query=query, language=language)
    if not groups:
        return []
    backend = backend_get()
    ranked = backend.rank(groups=groups, mode=MatchMode.ALL, kinds=["listing"], limit=SEARCH_LIMIT)
    if not ranked and len(groups) > 1:
        ranked = backend.rank(
            groups=groups, mode=MatchMode.ANY, kinds=["listing"], limit=SEARCH_LIMIT
        )
    return [int(entry.key) for entry in ranked if entry.key.isdigit()]


def listing_search(*, query: str, filters: dict, sort: str, language: str):
    """Visible listings matching the text ``query`` (core.search) and the ``filters``.

    A QuerySet, or with a text query sorted by relevance a ``RankedListings``
    sequence; both work with Django's Paginator.
    """
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
    if query.strip():
        ranked_ids = listing_ids_matching(query=query, language=language)
        listings = listings.filter(pk__in=ranked_ids)
        if sort == Sort.RELEVANCE:
            kept = set(listings.values_list("pk", flat=True))
            return RankedListings(listings, [pk for pk in ranked_ids if pk in kept])
    if sort == Sort.RENT_LOW:
        return listings.order_by("monthly_rent", "-published_at", "-id")
    if sort == Sort.RENT_HIGH:
        return listings.order_by("-monthly_rent", "-published_at", "-id")
    return listings.order_by("-published_at", "-id")


def listing_get_for_viewer(*, pk: int, user) -> Listing | None:
    """A listing if ``user`` may see it: anyone when visible; its poster and moderators always."""
    listing = Listing.objects.select_related("province", "district", "poster").filter(pk=pk).first()
    if listing is None:
        return None
    if listing.is_visible:
        return listing
    if not user.is_authenticated:
        return None
    if listing.poster_id == user.pk:
        return listing
    # Moderators, once they gave their second factor.
    if user_has_role(user, [Role.MODERATOR])[0] and getattr(user, "is_verified", bool)():
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
        .annotate(
            open_reports=Count("reports", filter=Q(reports__resolved=False), distinct=True),
            photo_count=Count("photos", distinct=True),
        )
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
