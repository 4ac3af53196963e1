import pytest

from rehber.core.search.models import SearchEntry
from rehber.listings.contact_masking import contact_found
from rehber.listings.demo import demo_listings_load
from rehber.listings.models import Listing, ListingStatus

pytestmark = pytest.mark.django_db


def test_demo_listings_are_many_varied_and_load_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        made = demo_listings_load(password="demo-password-123")
    assert made >= 300
    listings = Listing.objects.all()
    assert listings.count() == made
    assert listings.values("province").distinct().count() >= 10
    assert set(listings.values_list("language", flat=True)) == {"ar", "tr", "en", "fa"}
    statuses = set(listings.values_list("status", flat=True))
    assert {ListingStatus.PUBLISHED, ListingStatus.PENDING, ListingStatus.EXPIRED} <= statuses
    assert listings.filter(hidden_by_reports=True).count() == 3
    assert listings.filter(reports__isnull=False).distinct().count() == 8
    assert set(listings.values_list("kind", flat=True)) == {"housing", "job"}
    assert not any(contact_found(text) for text in listings.values_list("description", flat=True))
    visible = Listing.objects.visible().count()
    assert SearchEntry.objects.filter(kind="listing").count() == visible
    assert demo_listings_load(password="demo-password-123") == 0
    assert Listing.objects.count() == made
