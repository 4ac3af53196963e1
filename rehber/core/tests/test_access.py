"""The role × view table: every URL is classified, and staff pages open only for their roles.

When an app adds a URL, add it to one of the tables below, or this test fails.
"""

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from rehber.accounts.roles import Role
from rehber.core.models import Language, Province
from rehber.core.throttle import client_address

ALL_ROLES = list(Role)
#: The id of the published listing ``sample_content`` makes.
SAMPLE_LISTING_ID = 4242

#: Open to everyone, signed in or not.
PUBLIC = {
    "core:home",
    "core:visitor_profile",
    "accounts:login",
    "accounts:logout",
    "api:api-root",
    "api:openapi-json",
    "api:language_list",
    "api:province_list",
    "api:province_detail",
    "api:search",
    "core:search",
    "api:guide_detail",
    "service_worker",
    "guides:index",
    "guides:saved",
    "guides:detail",
    "guides:law_index",
    "guides:law_detail",
    "directory:list",
    "directory:detail",
    "directory:feedback",
    "api:service_list",
    "api:service_detail",
    "advisors:index",
    "advisors:start",
    "advisors:question",
    "advisors:result",
    "api:advisor_list",
    "api:advisor_detail",
    "api:advisor_evaluate",
    "surveys:public_list",
    "surveys:public_detail",
    "api:published_list",
    "api:published_detail",
    "accounts:sign_up",
    "accounts:sign_up_sent",
    "accounts:sign_up_confirm",
    "accounts:password_reset",
    "accounts:password_reset_sent",
    "accounts:password_reset_confirm",
    "accounts:password_reset_done",
    "listings:list",
    "listings:detail",
    "api:listing_list",
    "listings:photo",
    "api:listing_detail",
    # Same paths as the two above; POST and PUT need a poster's API key (see test_api.py).
    "api:listing_create",
    "api:listing_update",
}

#: Any signed-in person, about their own account only.
SIGNED_IN = {
    "accounts:account",
    "accounts:two_factor",
    "accounts:two_factor_setup",
    "accounts:my_data",
    "directory:provider_home",
    "directory:provider_propose",
    "listings:create",
    "listings:mine",
    "listings:edit",
    "listings:renew",
    "listings:report",
    "listings:contact",
    "listings:conversations",
    "listings:api_keys",
    "listings:photos",
    "listings:conversation",
}

#: Staff pages and the roles that may open them.
STAFF = {
    "core:staff_dashboard": set(Role),
    "core:audit_log": {Role.ADMIN},
    "guides:staff_index": {Role.EDITOR, Role.TRANSLATOR},
    "guides:staff_review_queue": {Role.EDITOR, Role.TRANSLATOR},
    "guides:staff_stale": {Role.EDITOR},
    "guides:staff_verified": {Role.EDITOR},
    "guides:staff_edit": {Role.EDITOR, Role.TRANSLATOR},
    "guides:staff_review": {Role.EDITOR, Role.TRANSLATOR},
    "guides:staff_history": {Role.EDITOR, Role.TRANSLATOR},
    "guides:staff_law_amend": {Role.EDITOR},
    "guides:staff_law_translate": {Role.EDITOR, Role.TRANSLATOR},
    "directory:staff_services": {Role.EDITOR},
    "directory:staff_service_edit": {Role.EDITOR},
    "directory:staff_verification_due": {Role.EDITOR},
    "directory:staff_verified": {Role.EDITOR},
    "directory:staff_proposals": {Role.EDITOR},
    "directory:staff_proposal_decide": {Role.EDITOR},
    "directory:staff_feedback": {Role.MODERATOR},
    "directory:staff_feedback_decide": {Role.MODERATOR},
    "directory:staff_organizations": {Role.EDITOR},
    "directory:staff_organization_create": {Role.EDITOR},
    "directory:staff_organization_edit": {Role.EDITOR},
    "directory:staff_point_create": {Role.EDITOR},
    "directory:staff_point_edit": {Role.EDITOR},
    "directory:staff_exception_add": {Role.EDITOR},
    "directory:staff_exception_remove": {Role.EDITOR},
    "directory:staff_service_create": {Role.EDITOR},
    "directory:staff_service_record": {Role.EDITOR},
    "advisors:staff_index": {Role.EDITOR, Role.ADMIN},
    "advisors:staff_versions": {Role.EDITOR, Role.ADMIN},
    "advisors:staff_explain": {Role.EDITOR, Role.ADMIN},
    "advisors:staff_value_edit": {Role.ADMIN},
    "surveys:staff_forms": {Role.ANALYST},
    "surveys:staff_form": {Role.ANALYST},
    "surveys:staff_submissions": {Role.ANALYST},
    "surveys:staff_import": {Role.ANALYST},
    "surveys:staff_submission": {Role.ANALYST},
    "surveys:entry_home": {Role.ENUMERATOR},
    "surveys:entry": {Role.ENUMERATOR},
    "surveys:analysis": {Role.ANALYST},
    "surveys:analysis_export": {Role.ANALYST},
    "surveys:analysis_publish": {Role.ANALYST},
    "surveys:published_withdraw": {Role.ANALYST},
    "surveys:microdata": {Role.ANALYST},
    "listings:staff_queue": {Role.MODERATOR},
    "listings:staff_verify": {Role.MODERATOR},
}

#: Endpoints for ODK Collect and other OpenRosa clients: HTTP Basic sign-in, enumerators only
#: (rehber/surveys/tests/test_openrosa.py checks the roles).
HTTP_AUTH = {"openrosa:form_list", "openrosa:form_xml", "openrosa:submission"}

#: Staff actions that take a POST; the table checks them with a POST.
POST_ONLY = {
    "guides:staff_verified",
    "guides:staff_review",
    "directory:staff_verified",
    "directory:staff_proposal_decide",
    "directory:staff_feedback_decide",
    "surveys:analysis_export",
    "surveys:analysis_publish",
    "surveys:published_withdraw",
    "directory:staff_exception_remove",
}

#: Public URLs that answer something other than 200 on purpose.
PUBLIC_STATUS = {
    "api:api-root": 404,  # no page of its own; /api/v1/openapi.json describes the API
    "api:advisor_evaluate": 405,  # answers are POSTed
    "accounts:sign_up_confirm": 302,  # a wrong link goes back to the sign-up page, with a message
}

#: The id of the sample records of apps keyed by number (see ``sample_content``).
SAMPLE_PK = 9001

#: Keyword arguments for URLs that need them.
URL_KWARGS = {
    "api:province_detail": {"code": 34},
    "api:guide_detail": {"slug": "work-permit"},
    "guides:detail": {"slug": "work-permit"},
    "guides:law_detail": {"slug": "law-6458"},
    "guides:staff_verified": {"slug": "work-permit"},
    "guides:staff_edit": {"slug": "work-permit", "language": "ar"},
    "guides:staff_review": {"slug": "work-permit", "language": "ar"},
    "guides:staff_history": {"slug": "work-permit", "language": "ar"},
    "guides:staff_law_amend": {"slug": "law-6458", "number": "35"},
    "guides:staff_law_translate": {"slug": "law-6458", "number": "35", "language": "fa"},
    "directory:detail": {"pk": SAMPLE_PK},
    "api:service_detail": {"service_id": SAMPLE_PK},
    "directory:feedback": {"pk": SAMPLE_PK},
    "directory:provider_propose": {"pk": SAMPLE_PK},
    "directory:staff_service_edit": {"pk": SAMPLE_PK},
    "directory:staff_verified": {"pk": SAMPLE_PK},
    "directory:staff_proposal_decide": {"pk": SAMPLE_PK},
    "directory:staff_feedback_decide": {"pk": SAMPLE_PK},
    "directory:staff_organization_edit": {"pk": SAMPLE_PK},
    "directory:staff_point_create": {"pk": SAMPLE_PK},
    "directory:staff_point_edit": {"pk": SAMPLE_PK},
    "directory:staff_exception_add": {"pk": SAMPLE_PK},
    "directory:staff_exception_remove": {"pk": SAMPLE_PK},
    "directory:staff_service_create": {"pk": SAMPLE_PK},
    "directory:staff_service_record": {"pk": SAMPLE_PK},
    "api:advisor_detail": {"advisor": "residence-permit"},
    "api:advisor_evaluate": {"advisor": "bank-account"},
    "advisors:start": {"advisor": "residence-permit"},
    "advisors:question": {"advisor": "family-reunification"},
    "advisors:result": {"advisor": "turquoise-card"},
    "advisors:staff_versions": {"advisor": "residence-permit"},
    "advisors:staff_explain": {"advisor": "family-reunification"},
    "advisors:staff_value_edit": {"key": "residence.long_term_min_years"},
    "surveys:staff_form": {"form_id": "sample"},
    "surveys:staff_submissions": {"form_id": "sample"},
    "surveys:staff_import": {"form_id": "sample"},
    "surveys:staff_submission": {"pk": 990001},
    "surveys:entry": {"form_id": "sample"},
    "openrosa:form_xml": {"form_id": "sample"},
    "surveys:analysis": {"form_id": "sample"},
    "surveys:analysis_export": {"form_id": "sample"},
    "surveys:analysis_publish": {"form_id": "sample"},
    "surveys:microdata": {"form_id": "sample"},
    "surveys:published_withdraw": {"pk": 990002},
    "surveys:public_detail": {"pk": 990002},
    "api:published_detail": {"table_id": 990002},
    "accounts:sign_up_confirm": {"token": "not-a-token"},
    # A link that matches no account: the page says so and offers a new link (200).
    "accounts:password_reset_confirm": {"uidb64": "MTIzNDU2Nzg5", "token": "not-a-token"},
    "listings:detail": {"pk": SAMPLE_LISTING_ID},
    "listings:edit": {"pk": SAMPLE_LISTING_ID},
    "listings:renew": {"pk": SAMPLE_LISTING_ID},
    "listings:report": {"pk": SAMPLE_LISTING_ID},
    "listings:contact": {"pk": SAMPLE_LISTING_ID},
    "listings:photos": {"pk": SAMPLE_LISTING_ID},
    "listings:photo": {"pk": SAMPLE_LISTING_ID, "size": "thumb"},
    "api:listing_detail": {"listing_id": SAMPLE_LISTING_ID},
    "api:listing_update": {"listing_id": SAMPLE_LISTING_ID},
    "listings:conversation": {"pk": 1},
}


@pytest.fixture
def sample_content(db):
    """A guide in English and Arabic, a law article, a service, a survey form with one
    submission and a published table of it, and a listing with a photo."""
    from rehber.directory.tests.factories import make_sample_directory
    from rehber.guides.tests.factories import make_guide, make_law_article
    from rehber.listings.models import ListingPhoto
    from rehber.listings.photo_processing import photo_process
    from rehber.listings.tests.factories import ListingFactory
    from rehber.listings.tests.test_photos import image_bytes
    from rehber.surveys.tests.analysis_factories import make_published_table
    from rehber.surveys.tests.factories import make_sample_submission

    make_guide("work-permit", languages=("en", "ar"))
    make_law_article("law-6458", "35")
    make_sample_directory(pk=SAMPLE_PK)
    submission = make_sample_submission(form_id="sample", pk=990001)
    make_published_table(form=submission.form, pk=990002)
    listing = ListingFactory(pk=SAMPLE_LISTING_ID)
    processed = photo_process(image_bytes(size=(40, 30), gps=False))
    ListingPhoto.objects.create(
        pk=SAMPLE_LISTING_ID,
        listing=listing,
        photo=processed.photo,
        thumbnail=processed.thumbnail,
        width=processed.width,
        height=processed.height,
    )


def _walk(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name or '<unnamed>'}", pattern


def _url_names():
    return {name for name, _pattern in _walk(get_resolver().url_patterns)}


def test_every_url_is_in_the_access_table():
    own = {name for name in _url_names() if not name.startswith("admin:")}
    classified = PUBLIC | SIGNED_IN | set(STAFF) | HTTP_AUTH
    assert own - classified == set(), "add these URLs to the access table"
    assert classified - own == set(), "these table entries match no URL"


def test_staff_views_declare_the_roles_of_the_table():
    for name, pattern in _walk(get_resolver().url_patterns):
        if name in STAFF:
            assert pattern.callback.required_roles == STAFF[name], name


def _admin_urls():
    """The admin index and each registered model's list and one of its records."""
    yield reverse("admin:index")
    for model in admin.site._registry:
        info = (model._meta.app_label, model._meta.model_name)
        yield reverse("admin:{}_{}_changelist".format(*info))
    yield reverse("admin:core_language_change", args=[Language.objects.get(code="ar").pk])
    yield reverse("admin:core_province_change", args=[Province.objects.get(code=27).pk])


def _staff_cases():
    for name, allowed in STAFF.items():
        yield name, reverse(name, kwargs=URL_KWARGS.get(name)), allowed
    yield "admin", None, {Role.ADMIN}


def _urls(name, url):
    return list(_admin_urls()) if name == "admin" else [url]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "url", "allowed"), list(_staff_cases()))
def test_anonymous_visitors_are_sent_to_sign_in(client, name, url, allowed):
    for target in _urls(name, url):
        response = client.get(target)
        assert response.status_code == 302, target
        assert "sign-in" in response["Location"] or "login" in response["Location"], target


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "url", "allowed"), list(_staff_cases()))
@pytest.mark.parametrize("role", ALL_ROLES)
def test_staff_pages_open_only_for_their_roles(
    staff_client, sample_content, name, url, allowed, role
):
    client, _user = staff_client(role)
    for target in _urls(name, url):
        if name in POST_ONLY:
            response = client.post(target)
            expected = 302  # done, and back to the list
        else:
            response = client.get(target)
            expected = 200
        if role in allowed:
            assert response.status_code == expected, (target, role)
        else:
            assert response.status_code == 403, (target, role)


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "url", "allowed"), list(_staff_cases()))
def test_staff_without_second_factor_are_sent_to_it(client, make_staff, name, url, allowed):
    user = make_staff(*allowed)
    client.force_login(user)
    for target in _urls(name, url):
        response = client.get(target)
        assert response.status_code == 302, target
        assert reverse("accounts:two_factor") in response["Location"] or (
            "login" in response["Location"]
        ), target


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(HTTP_AUTH))
def test_openrosa_endpoints_ask_anonymous_clients_to_authenticate(client, sample_content, name):
    url = reverse(name, kwargs=URL_KWARGS.get(name))
    response = client.head(url) if name == "openrosa:submission" else client.get(url)
    assert response.status_code == 401, name
    assert response["WWW-Authenticate"].startswith("Basic"), name


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(SIGNED_IN))
def test_account_pages_need_sign_in(client, name):
    response = client.get(reverse(name, kwargs=URL_KWARGS.get(name)))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(PUBLIC - {"accounts:logout"}))
def test_public_pages_open_for_anonymous_visitors(client, sample_content, name):
    response = client.get(reverse(name, kwargs=URL_KWARGS.get(name)))
    assert response.status_code == PUBLIC_STATUS.get(name, 200), name


def test_client_address_is_the_peer_without_proxies(rf):
    request = rf.get("/", REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert client_address(request) == "203.0.113.7"


def test_client_address_behind_a_proxy_is_the_forwarded_one(rf, settings):
    settings.AXES_IPWARE_PROXY_COUNT = 1
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.1, 10.0.0.2")
    assert client_address(request) == "198.51.100.1"
