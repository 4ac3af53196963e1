"""The services API: DESIGN §4 contract, filters, and clear 422 answers."""

import pytest

from rehber.core.search.services import search_reindex
from rehber.directory.tests.factories import NEVER_OPEN, make_service

pytestmark = pytest.mark.django_db

URL = "/api/v1/services"


def test_list_has_the_fields_design_fixes(client):
    service = make_service(name="Help centre", category="health")
    body = client.get(URL).json()
    assert body["count"] == 1
    result = body["results"][0]
    for field in ("id", "name", "category", "province", "district", "open_now", "url"):
        assert field in result
    assert result["id"] == service.pk
    assert result["name"] == "Help centre"
    assert result["category"] == "health"
    assert result["province"] == "Gaziantep"
    assert result["open_now"] is True
    assert result["url"] == f"/en/services/{service.pk}/"


def test_list_filters(client):
    make_service(name="TP", legal_statuses=["temporary_protection"], languages_spoken=["ar"])
    make_service(name="Closed", weekly_hours=NEVER_OPEN, category="shelter", province_code=34)
    make_service(name="Paid", free=False)

    def found(**params):
        return sorted(r["name"] for r in client.get(URL, params).json()["results"])

    assert found(status="residence_permit") == ["Closed", "Paid"]
    assert found(open_now="true") == ["Paid", "TP"]
    assert found(category="shelter") == ["Closed"]
    assert found(province=34) == ["Closed"]
    assert found(lang_spoken="ar") == ["TP"]
    assert found(free="true") == ["Closed", "TP"]


def test_near_orders_by_distance(client):
    make_service(name="Ankara", latitude=39.93, longitude=32.86)
    make_service(name="Antep", latitude=37.07, longitude=37.38)
    results = client.get(URL, {"near": "37.06,37.38"}).json()["results"]
    assert [r["name"] for r in results] == ["Antep", "Ankara"]
    assert results[0]["distance_km"] < results[1]["distance_km"]


def test_names_in_the_requested_language(client):
    make_service(name="Help centre")
    result = client.get(URL, {"lang": "ar"}).json()["results"][0]
    assert result["lang"] == "ar" and result["name"].startswith("مركز")
    assert result["province"] == "غازي عنتاب"
    assert result["url"].startswith("/ar/services/")


def test_pages(client):
    for _n in range(25):
        make_service()
    first = client.get(URL).json()
    second = client.get(URL, {"page": 2}).json()
    assert first["count"] == 25 and first["pages"] == 2
    assert len(first["results"]) == 20 and len(second["results"]) == 5
    assert not {r["id"] for r in first["results"]} & {r["id"] for r in second["results"]}


@pytest.mark.parametrize(
    ("params", "field", "words"),
    [
        ({"near": "abc"}, "near", "latitude,longitude"),
        ({"near": "91,10"}, "near", "-90 to 90"),
        ({"near": "10,200"}, "near", "-180 to 180"),
        ({"category": "spa"}, "category", "legal_aid"),
        ({"status": "tourist"}, "status", "temporary_protection"),
        ({"province": "99"}, "province", "81"),
        ({"open_now": "perhaps"}, "open_now", "boolean"),
        ({"lang": "de"}, "lang", "ar, tr, en, fa"),
        ({"page": "9"}, "page", "1 pages"),
        ({"lang_spoken": "ARABIC"}, "lang_spoken", "pattern"),
    ],
)
def test_bad_parameters_answer_422_with_a_clear_message(client, params, field, words):
    make_service()
    response = client.get(URL, params)
    assert response.status_code == 422
    detail = response.json()["detail"][0]
    assert detail["loc"][-1] == field
    assert words in detail["msg"]


def test_detail(client):
    service = make_service(
        name="Help centre", phone="157", sources=[{"title": "Goc", "url": "https://goc.gov.tr"}]
    )
    body = client.get(f"{URL}/{service.pk}", {"lang": "en"}).json()
    assert body["id"] == service.pk and body["phone"] == "157"
    assert body["open_now"] is True
    assert len(body["week"]) == 7
    assert body["week"][0]["intervals"] == [{"opens": "00:00", "closes": "00:00"}]
    assert body["sources"] == [{"title": "Goc", "url": "https://goc.gov.tr"}]
    assert client.get(f"{URL}/999999").status_code == 404
    assert client.get(f"{URL}/abc").status_code == 422


def test_openapi_describes_the_services_routes(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/services" in paths and "/api/v1/services/{service_id}" in paths
    names = {p["name"] for p in paths["/api/v1/services"]["get"]["parameters"]}
    assert {"category", "province", "lang_spoken", "open_now", "status", "near"} <= names


def test_services_are_found_by_search_in_their_languages(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        service = make_service(name="Help centre", category="legal_aid")
    body = client.get("/api/v1/search", {"q": "legal aid", "lang": "en", "kind": "service"}).json()
    assert [r["url"] for r in body["results"]] == [f"/en/services/{service.pk}/"]
    assert body["results"][0]["kind"] == "service"
    # Arabic: found by the place's Arabic name, also after a full rebuild of the kind.
    search_reindex(kinds=["service"])
    body = client.get("/api/v1/search", {"q": "مركز", "lang": "ar", "kind": "service"}).json()
    assert body["results"] and body["results"][0]["lang"] == "ar"
