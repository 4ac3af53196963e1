"""Readers filter by the eligibility services hold beyond legal status: age and gender."""

import pytest

from rehber.directory.tests.factories import make_service

pytestmark = pytest.mark.django_db

URL = "/api/v1/services"


@pytest.fixture
def services():
    return {
        "everyone": make_service(name="Everyone"),
        "children": make_service(name="Children", min_age=0, max_age=17),
        "adults": make_service(name="Adults", min_age=18),
        "women": make_service(name="Women", gender="women"),
        "men": make_service(name="Men", gender="men", max_age=25),
    }


def names(body):
    return sorted(row["name"] for row in body["results"])


def test_api_age_keeps_services_whose_range_holds_it(client, services):
    assert names(client.get(URL, {"age": 12}).json()) == ["Children", "Everyone", "Men", "Women"]
    assert names(client.get(URL, {"age": 17}).json()) == ["Children", "Everyone", "Men", "Women"]
    assert names(client.get(URL, {"age": 18}).json()) == ["Adults", "Everyone", "Men", "Women"]
    assert names(client.get(URL, {"age": 40}).json()) == ["Adults", "Everyone", "Women"]


def test_api_gender_keeps_services_for_them_and_for_everyone(client, services):
    assert names(client.get(URL, {"gender": "women"}).json()) == [
        "Adults",
        "Children",
        "Everyone",
        "Women",
    ]
    assert "Women" not in names(client.get(URL, {"gender": "men"}).json())
    assert len(client.get(URL, {"gender": "any"}).json()["results"]) == 5
    assert names(client.get(URL, {"gender": "men", "age": 30}).json()) == ["Adults", "Everyone"]


@pytest.mark.parametrize("query", [{"age": -1}, {"age": 200}, {"age": "old"}, {"gender": "x"}])
def test_api_bad_age_or_gender_is_a_clear_4xx(client, services, query):
    response = client.get(URL, query)
    assert response.status_code == 422
    assert response.json()["detail"]


def test_list_page_filters_by_my_age_and_gender(client, services):
    page = client.get("/en/services/", {"age": "10", "gender": "men"}).content.decode()
    assert ">Children<" in page and ">Men<" in page and ">Everyone<" in page
    assert ">Women<" not in page and ">Adults<" not in page
    assert 'value="10"' in page


def test_list_page_bad_age_answers_with_a_message(client, services):
    response = client.get("/en/services/", {"age": "-3"})
    assert response.status_code == 200
    assert "greater than or equal to 0" in response.content.decode()


def test_openapi_lists_the_new_filters(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    names_ = {p["name"] for p in paths["/api/v1/services"]["get"]["parameters"]}
    assert {"age", "gender"} <= names_
