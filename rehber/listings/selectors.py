"""Reads of listings, scoped to who is asking."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import CharField, Count, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast

from rehber.accounts.roles import Role
from rehber.core.access import user_has_role
from rehber.core.search.backends import Restriction, backend_get
from rehber.core.search.ranking import MatchMode
from rehber.core.search.selectors import search_terms
from rehber.listings import flags
from rehber.listings.models import (
    SEARCH_FILTERS_INDEX,
    Listing,
    ListingKind,
    ListingStatus,
    PosterVerification,
    Report,
    ReportReason,
)


class Sort:
    NEWEST = "newest"
    RENT_LOW = "rent_low"
    RENT_HIGH = "rent_high"
    RELEVANCE = "relevance"
    ALL = (NEWEST, RENT_LOW, RENT_HIGH, RELEVANCE)


KINDS = ("listing",)


class ListingMatches:
    """The listings among ``listings`` that match the words ``groups`` in core.search.

    Every word must match; when none of these listings has them all, those with
    any of them count instead (like the site search). The engine ranks only
    these listings, so the order is that of the whole index's ranking with the
    others left out, and nothing is cut off before the filters apply.
    """

    def __init__(self, *, listings: QuerySet[Listing], groups):
        self.listings = listings
        self.groups = groups
        self.backend = backend_get()
        self.restrict = Restriction(listings, index=SEARCH_FILTERS_INDEX)
        self.mode: MatchMode | None = None

    def page(self, *, offset: int, limit: int) -> tuple[list[int], int]:
        """(ids of the listings in places ``offset`` to ``offset + limit``, best first;
        number of all matches), from one ranked query of the engine."""
        modes = [self.mode] if self.mode else [MatchMode.ALL, MatchMode.ANY]
        for mode in modes[: 1 if len(self.groups) == 1 else 2]:
            ranked, total = self.backend.rank_page(
                groups=self.groups,
                mode=mode,
                kinds=KINDS,
                limit=limit,
                offset=offset,
                restrict=self.restrict,
            )
            if total:
                break
        self.mode = mode
        return [int(entry.key) for entry in ranked if entry.key.isdigit()], total

    def queryset(self) -> QuerySet[Listing]:
        """The matching listings as a QuerySet (for orders other than relevance)."""
        if self.mode is None:
            self.mode = MatchMode.ALL
            count = self.backend.rank_count(
                groups=self.groups, mode=self.mode, kinds=KINDS, restrict=self.restrict
            )
            if not count and len(self.groups) > 1:
                self.mode = MatchMode.ANY
        sql, params = self.backend.match_sql(groups=self.groups, mode=self.mode, kinds=KINDS)
        return self.listings.annotate(search_key=Cast("pk", CharField())).filter(
            search_key__in=RawSQL(sql, params)  # noqa: S611 (the engine's SQL, placeholders only)
        )


class RankedListings(Sequence):
    """Matching listings in the order of the text search, for Paginator: each page is
    one ranked query of the engine, which counts the matches too; counting first
    fetches the first ``page_size`` listings, so the first page costs one query."""

    def __init__(self, matches: ListingMatches, *, page_size: int = 20):
        self.matches = matches
        self.page_size = page_size
        self.total: int | None = None
        self.fetched: dict[tuple[int, int], list[int]] = {}

    def _ids(self, start: int, stop: int) -> list[int]:
        if (start, stop) not in self.fetched:
            ids, self.total = self.matches.page(offset=start, limit=stop - start)
            self.fetched[start, stop] = ids
        return self.fetched[start, stop]

    def count(self) -> int:
        if self.total is None:
            self._ids(0, self.page_size)
        return self.total

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            found = self[index : index + 1] if index >= 0 else self[index:][:1]
            if not found:
                raise IndexError(index)
            return found[0]
        start, stop, step = index.indices(len(self))
        if step != 1:
            raise ValueError("RankedListings slices go one by one.")
        if stop <= start:
            return []
        ids = self._ids(start, stop)
        rows = self.matches.listings.in_bulk(ids)
        return [rows[pk] for pk in ids if pk in rows]


def listings_filtered(*, filters: dict) -> QuerySet[Listing]:
    """Visible listings that pass a seeker's ``filters`` (the search form's cleaned data)."""
    listings = Listing.objects.visible()
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
    return listings


def listing_search(*, query: str, filters: dict, sort: str, language: str, page_size: int = 20):
    """Visible listings matching the text ``query`` (core.search) and the ``filters``.

    A QuerySet, or with a text query sorted by relevance a ``RankedListings``
    sequence (fetched ``page_size`` at a time); both work with Django's Paginator.
    """
    listings = listings_filtered(filters=filters).select_related("province", "district")
    groups = search_terms(query=query, language=language) if query.strip() else []
    if query.strip() and not groups:
        return listings.none()
    if groups:
        matches = ListingMatches(listings=listings, groups=groups)
        if sort == Sort.RELEVANCE:
            return RankedListings(matches, page_size=page_size)
        listings = matches.queryset()
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
