"""Listings as documents of the shared search index (core.search).

Kind "listing": one document per visible listing (published, not hidden by
reports), keyed by its id, in the language it was written in. Every status
change queues the key again, so a listing leaves the index when it stops being visible.
"""

from collections.abc import Iterable

from rehber.core.search.registry import SearchDocument
from rehber.listings.models import Listing


def _documents(listings: Iterable[Listing]) -> Iterable[SearchDocument]:
    for listing in listings:
        yield SearchDocument(
            kind="listing",
            key=str(listing.pk),
            language=listing.language,
            slug=str(listing.pk),
            title=listing.title,
            text=listing.description,
            url=f"/{listing.language}/listings/{listing.pk}/",
        )


def listing_documents_all() -> Iterable[SearchDocument]:
    return _documents(
        Listing.objects.visible().only("pk", "language", "title", "description").iterator()
    )


def listing_documents_for(key: str) -> Iterable[SearchDocument]:
    if not key.isdigit():
        return []
    return _documents(Listing.objects.visible().filter(pk=int(key)))
