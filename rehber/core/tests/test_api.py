import pytest

pytestmark = pytest.mark.django_db


def test_openapi_document_describes_the_api(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "Rehber API"
    assert {"/api/v1/languages", "/api/v1/provinces", "/api/v1/provinces/{code}"} <= set(
        schema["paths"]
    )


def test_provinces_and_districts(client):
    provinces = client.get("/api/v1/provinces").json()
    assert len(provinces) == 81
    assert provinces[0]["code"] == 1
    kilis = client.get("/api/v1/provinces/79").json()
    assert kilis["name_tr"] == "Kilis"
    assert len(kilis["districts"]) == 4


@pytest.mark.parametrize("code", ["0", "82", "abc"])
def test_unknown_province_is_a_clear_client_error(client, code):
    response = client.get(f"/api/v1/provinces/{code}")
    assert response.status_code in {404, 422}


def test_languages_list_the_content_languages(client):
    codes = [language["code"] for language in client.get("/api/v1/languages").json()]
    assert codes == ["ar", "tr", "en", "fa", "ku", "ps"]
