"""Listing search: the filters go into the engine's ranked query (core.search).

The order with filters must be the order without them, less the listings the
filters leave out, however far down the ranking a listing is; counts and pages
come from the engine restricted the same way.
"""

import pytest
from django.core.paginator import Paginator

from rehber.core.models import Province
from rehber.core.search.backends import backend_get
from rehber.core.search.ranking import MatchMode
from rehber.core.search.selectors import search_terms
from rehber.core.search.services import search_reindex
from rehber.listings.models import Listing
from rehber.listings.selectors import Sort, listing_search
from rehber.listings.tests.factories import ListingFactory

pytestmark = pytest.mark.django_db


def ids(found) -> list[int]:
    return [listing.pk for listing in found]


def search(query="garden", sort=Sort.RELEVANCE, **filters):
    found = listing_search(query=query, filters=filters, sort=sort, language="en")
    return ids(found[0 : len(found)] if sort == Sort.RELEVANCE else found)


@pytest.fixture
def gardens():
    """Listings in Gaziantep and Istanbul whose titles and texts say "garden" more or less."""
    istanbul = Province.objects.get(code=34)
    listings = []
    for number in range(12):
        listings.append(
            ListingFactory(
                title="Garden flat " + "garden " * (number % 4),
                description=f"Flat {number} with a garden. " + "Quiet street. " * number,
                monthly_rent=6000 + 1000 * (number % 5),
            )
        )
    for number in range(5):
        listings.append(
            ListingFactory(
                province=istanbul,
                title=f"Flat {number} in Istanbul",
                description="Near a small garden. " + "Close to the metro and shops. " * number,
                monthly_rent=7000 + 2000 * number,
            )
        )
    ListingFactory(title="Flat without green", description="Second floor, no balcony.")
    search_reindex(kinds=["listing"])
    return listings


def test_a_filter_finds_a_listing_far_below_the_best_hits(gardens):
    istanbul = Province.objects.get(code=34)
    weakest = gardens[-1]
    groups = search_terms(query="garden", language="en")
    best = backend_get().rank(groups=groups, mode=MatchMode.ALL, kinds=["listing"], limit=12)
    assert str(weakest.pk) not in {entry.key for entry in best}
    found = listing_search(
        query="garden", filters={"province": istanbul}, sort=Sort.RELEVANCE, language="en"
    )
    page = Paginator(found, 5).get_page(1)
    assert page.paginator.count == 5
    assert weakest.pk in ids(page.object_list)
    assert all(listing.province == istanbul for listing in page.object_list)


def test_filtered_order_is_the_whole_order_less_the_others(gardens):
    whole = search()
    assert len(whole) == 17 and len(set(whole)) == 17
    rents = dict(Listing.objects.values_list("pk", "monthly_rent"))
    assert search(rent_max=8000) == [pk for pk in whole if rents[pk] <= 8000]
    istanbul = Province.objects.get(code=34)
    provinces = dict(Listing.objects.values_list("pk", "province_id"))
    assert search(province=istanbul) == [pk for pk in whole if provinces[pk] == istanbul.pk]
    expected = [pk for pk in whole if provinces[pk] != istanbul.pk and rents[pk] >= 9000]
    assert search(province=Province.objects.get(code=27), rent_min=9000) == expected


def test_counts_and_pages_follow_the_filters(gardens):
    whole = search(rent_max=9000)
    found = listing_search(
        query="garden", filters={"rent_max": 9000}, sort=Sort.RELEVANCE, language="en"
    )
    paginator = Paginator(found, 4)
    assert paginator.count == len(whole) == 12
    assert paginator.num_pages == 3
    pages = [ids(paginator.page(number).object_list) for number in paginator.page_range]
    assert [len(page) for page in pages] == [4, 4, 4]
    assert [pk for page in pages for pk in page] == whole
    assert found[1].pk == whole[1] and found[-1].pk == whole[-1]
    assert ids(paginator.get_page(99).object_list) == whole[8:]
    assert search(rent_min=1_000_000) == []


def test_listings_that_stop_being_visible_are_left_out_before_the_index_follows(gardens):
    hidden = gardens[0]
    Listing.objects.filter(pk=hidden.pk).update(hidden_by_reports=True)  # index not told yet
    found = listing_search(query="garden", filters={}, sort=Sort.RELEVANCE, language="en")
    assert found.count() == 16 and hidden.pk not in ids(found[0:20])


def test_any_word_counts_only_when_no_filtered_listing_has_them_all(gardens):
    istanbul = Province.objects.get(code=34)
    both = ListingFactory(province=istanbul, title="Garden with a pool", description="Pool.")
    search_reindex(kinds=["listing"])
    assert search("garden pool") == [both.pk]
    anywhere = search("garden pool", province=Province.objects.get(code=27))
    assert sorted(anywhere) == sorted(pk for pk in ids(gardens[:12]))


@pytest.mark.parametrize(
    ("sort", "key"),
    [
        (Sort.RENT_LOW, lambda listing: (listing.monthly_rent, -listing.pk)),
        (Sort.RENT_HIGH, lambda listing: (-listing.monthly_rent, -listing.pk)),
        (Sort.NEWEST, lambda listing: (-listing.published_at.timestamp(), -listing.pk)),
    ],
)
def test_other_orders_keep_the_same_matches(gardens, sort, key):
    matches = set(search(rent_max=9000))
    found = search(sort=sort, rent_max=9000)
    expected = sorted(Listing.objects.filter(pk__in=matches), key=key)
    assert found == ids(expected)
    assert search("garden pool", sort=sort, rent_max=9000) == found  # any word, as ranked


def test_the_page_and_the_api_use_the_filtered_ranking(client, gardens):
    whole = search(rent_max=8000)
    html = client.get("/en/listings/?q=garden&rent_max=8000").content.decode()
    positions = [html.index(f"/en/listings/{pk}/") for pk in whole]
    assert positions == sorted(positions)
    body = client.get("/api/v1/listings?q=garden&rent_max=8000").json()
    assert body["count"] == len(whole)
    assert [result["id"] for result in body["results"]] == whole
    body = client.get("/api/v1/listings?q=garden&province=34&page=1").json()
    assert body["count"] == 5
