import pytest

from rehber.accounts.tests.factories import UserFactory
from rehber.core.models import District
from rehber.core.search.services import search_reindex
from rehber.listings import tokens
from rehber.listings.models import ApiToken, Listing, ListingStatus
from rehber.listings.tests.factories import ListingFactory

pytestmark = pytest.mark.django_db


def test_list_is_published_only_and_filters(client):
    flat = ListingFactory(title="Sunny flat", poster=UserFactory(phone="+90 532 000 11 22"))
    job = ListingFactory(job=True, title="Baker")
    ListingFactory(status=ListingStatus.PENDING, title="Pending flat")
    ListingFactory(hidden_by_reports=True, title="Hidden flat")
    other = ListingFactory(province=type(flat.province).objects.get(code=34), title="Istanbul flat")
    search_reindex(kinds=["listing"])
    body = client.get("/api/v1/listings").json()
    assert body["count"] == 3
    assert {result["title"] for result in body["results"]} == {
        "Sunny flat",
        "Baker",
        "Istanbul flat",
    }
    first = body["results"][0]
    assert {"id", "kind", "title", "province", "district", "lang", "url"} <= set(first)
    assert "phone" not in str(body) and "@" not in str(body)
    body = client.get("/api/v1/listings?kind=housing&province=27").json()
    assert [result["id"] for result in body["results"]] == [flat.pk]
    body = client.get("/api/v1/listings?q=baker").json()
    assert [result["id"] for result in body["results"]] == [job.pk]
    assert client.get(f"/api/v1/listings/{other.pk}").json()["province"] == 34


@pytest.mark.parametrize(
    "query", ["kind=boat", "province=99", "page=0", "q=" + "x" * 300, "sector=piracy"]
)
def test_bad_queries_answer_4xx(client, query):
    assert client.get(f"/api/v1/listings?{query}").status_code in (400, 422)


def test_hidden_listing_detail_is_404(client):
    listing = ListingFactory(status=ListingStatus.PENDING)
    response = client.get(f"/api/v1/listings/{listing.pk}")
    assert response.status_code == 404


def payload(**changes):
    district = District.objects.filter(province__code=27).first()
    data = {
        "kind": "job",
        "language": "tr",
        "title": "Fırıncı aranıyor",
        "description": "Gece vardiyası, SGK ilk günden. Ara 0532 123 45 67",
        "province": 27,
        "district": district.pk,
        "sector": "food",
        "employment_type": "full_time",
        "wage": 30000,
        "wage_period": "month",
        "sgk_registration": True,
    }
    data.update(changes)
    return data


def test_posting_needs_a_valid_key(client):
    assert (
        client.post("/api/v1/listings", payload(), content_type="application/json").status_code
        == 401
    )
    response = client.post(
        "/api/v1/listings",
        payload(),
        content_type="application/json",
        headers={"Authorization": "Bearer rhb_wrong"},
    )
    assert response.status_code == 401
    assert not Listing.objects.exists()


def test_poster_creates_and_updates_with_a_key(client):
    poster = UserFactory()
    token, key = tokens.api_token_create(user=poster, name="Our website")
    assert key not in token.key_hash and ApiToken.objects.get().key_hash == token.key_hash
    auth = {"Authorization": f"Bearer {key}"}
    response = client.post(
        "/api/v1/listings", payload(), content_type="application/json", headers=auth
    )
    assert response.status_code == 201, response.content
    listing = Listing.objects.get(pk=response.json()["id"])
    assert listing.poster == poster and listing.status == ListingStatus.PENDING
    assert "0532" not in listing.description
    response = client.put(
        f"/api/v1/listings/{listing.pk}",
        payload(title="Fırıncı ve yardımcı aranıyor"),
        content_type="application/json",
        headers=auth,
    )
    assert response.status_code == 200
    listing.refresh_from_db()
    assert listing.title == "Fırıncı ve yardımcı aranıyor"
    # Another poster's listing cannot be changed.
    foreign = ListingFactory()
    response = client.put(
        f"/api/v1/listings/{foreign.pk}", payload(), content_type="application/json", headers=auth
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": "<script>alert(1)</script>"}, "plain text"),
        ({"district": 1}, "district"),
        ({"language": "xx"}, "language"),
        ({"sector": None}, "sector"),
    ],
)
def test_bad_listings_get_a_clear_400(client, changes, message):
    _token, key = tokens.api_token_create(user=UserFactory(), name="x")
    response = client.post(
        "/api/v1/listings",
        payload(**changes),
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}"},
    )
    assert response.status_code in (400, 422)
    assert message in response.content.decode().lower() or response.status_code == 422
    assert not Listing.objects.exists()


def test_revoked_keys_stop_working(client):
    poster = UserFactory()
    client.force_login(poster)
    response = client.post("/en/listings/api-keys/", {"action": "create", "name": "Website"})
    key = response.context["new_key"]
    assert key.startswith("rhb_") and key in response.content.decode()
    # The key is not shown again.
    assert key not in client.get("/en/listings/api-keys/").content.decode()
    token = ApiToken.objects.get()
    client.post("/en/listings/api-keys/", {"action": "revoke", "token": token.pk})
    response = client.post(
        "/api/v1/listings",
        payload(),
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}"},
    )
    assert response.status_code == 401


def test_openapi_describes_the_listing_routes(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/listings"])
    assert {"get", "put"} <= set(paths["/api/v1/listings/{listing_id}"])
