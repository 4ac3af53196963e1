import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from django.views.defaults import server_error

from rehber.core.models import LegalStatus

pytestmark = pytest.mark.django_db

UI_LANGUAGES = [("ar", "rtl"), ("tr", "ltr"), ("en", "ltr"), ("fa", "rtl")]


@pytest.mark.parametrize(("code", "direction"), UI_LANGUAGES)
def test_home_page_carries_language_and_direction(client, code, direction):
    response = client.get(f"/{code}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{code}" dir="{direction}">' in html
    assert '<a class="skip-link" href="#content">' in html
    assert '<main id="content"' in html


@pytest.mark.parametrize(("accept", "prefix"), [("ar", "/ar/"), ("fa-IR,fa;q=0.9", "/fa/")])
def test_root_redirects_to_the_browser_language(client, accept, prefix):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept)
    assert response.status_code == 302
    assert response["Location"] == prefix


def test_pages_are_translated(client):
    arabic = client.get("/ar/").content.decode()
    turkish = client.get("/tr/").content.decode()
    persian = client.get("/fa/").content.decode()
    english = client.get("/en/").content.decode()
    assert "Your situation" in english
    for html in (arabic, turkish, persian):
        assert "Your situation" not in html
        assert "Skip to main content" not in html


def test_language_switcher_keeps_the_page(client):
    html = client.get("/en/my-situation/?next=/en/").content.decode()
    for code in ("ar", "tr", "fa"):
        assert f'href="/{code}/my-situation/?next=/en/" hreflang="{code}"' in html


def test_language_switcher_links_every_language_on_a_missing_page(client):
    response = client.get("/tr/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="tr" dir="ltr">' in html
    assert 'href="/ar/no-such-page/"' in html


@pytest.mark.parametrize(("code", "direction"), UI_LANGUAGES)
def test_not_found_page_is_translated(client, code, direction):
    response = client.get(f"/{code}/no-such-page/")
    assert response.status_code == 404
    assert f'dir="{direction}"' in response.content.decode()


def test_forbidden_page_says_why(staff_client):
    client, _user = staff_client("editor")
    response = client.get("/en/staff/audit/")
    assert response.status_code == 403
    assert "Administrator" in response.content.decode()


@pytest.mark.parametrize(("code", "direction"), UI_LANGUAGES)
def test_server_error_page_renders_in_each_language(code, direction):
    request = RequestFactory().get(f"/{code}/")
    with translation.override(code):
        response = server_error(request)
    html = response.content.decode()
    assert response.status_code == 500
    assert f'<html lang="{code}" dir="{direction}">' in html
    if code != "en":
        assert "Something went wrong on our side" not in html


def test_security_headers(client):
    response = client.get("/en/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


def test_pages_make_no_third_party_requests_and_need_no_javascript(client):
    for url in ("/ar/", "/en/my-situation/", "/fa/account/sign-in/"):
        html = client.get(url).content.decode()
        assert "<script" not in html, url
        for attribute in re.findall(r'(?:src|href)="([^"]+)"', html):
            assert not attribute.startswith(("http:", "https:", "//")), (url, attribute)


def test_pages_are_compressed(client):
    response = client.get("/ar/", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"


def test_static_files_have_hashed_names_and_compressed_copies(client):
    url = staticfiles_storage.url("rehber/rehber.css")
    assert re.search(r"rehber\.[0-9a-f]{12}\.css$", url)
    response = client.get(url, HTTP_ACCEPT_ENCODING="br, gzip")
    assert response.status_code == 200
    assert response["Content-Encoding"] in {"br", "gzip"}
    assert "immutable" in response["Cache-Control"]


def test_stylesheets_use_logical_properties_only():
    physical = re.compile(
        r"(?<![-\w])(margin|padding|border)-(left|right)\b|(?<![-\w])(left|right)\s*:"
        r"|text-align\s*:\s*(left|right)|float\s*:\s*(left|right)"
    )
    for path in (Path(settings.PACKAGE_DIR)).rglob("static/**/*.css"):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            assert not physical.search(line), f"{path.name}:{number}: {line.strip()}"


def test_visitor_profile_is_kept_in_a_cookie_and_shown_first(client):
    response = client.post(
        "/en/my-situation/",
        {"legal_status": LegalStatus.TEMPORARY_PROTECTION, "province": "27", "next": "/en/"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/en/"
    assert settings.VISITOR_PROFILE_COOKIE in response.cookies
    html = client.get("/en/").content.decode()
    assert "Temporary protection (Syrians)" in html
    assert "Gaziantep" in html
    html = client.get("/ar/").content.decode()
    assert "غازي عنتاب" in html


def test_visitor_profile_rejects_bad_input_and_keeps_what_was_typed(client):
    response = client.post(
        "/tr/my-situation/",
        {"legal_status": "astronaut", "province": "27"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert '<option value="27" selected>' in html
    assert settings.VISITOR_PROFILE_COOKIE not in response.cookies


def test_visitor_profile_can_be_forgotten(client):
    client.post("/en/my-situation/", {"legal_status": LegalStatus.NO_STATUS, "province": ""})
    response = client.post("/en/my-situation/", {"forget": "1"})
    assert response.cookies[settings.VISITOR_PROFILE_COOKIE].value == ""
    assert "Not registered yet" not in client.get("/en/").content.decode()


def test_tampered_profile_cookie_is_ignored(client):
    client.cookies[settings.VISITOR_PROFILE_COOKIE] = '{"legal_status": "turkish_citizen"}'
    response = client.get("/en/")
    assert response.status_code == 200
    assert "Tell us your situation" in response.content.decode()


def test_profile_page_does_not_redirect_offsite(client):
    response = client.post(
        "/en/my-situation/", {"legal_status": "", "province": "", "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("core:visitor_profile")
