import re

import pytest
from django.urls import reverse

from rehber.accounts.tests.factories import UserFactory
from rehber.conftest import sign_in_verified
from rehber.core.models import District, Province
from rehber.core.search.services import search_reindex
from rehber.listings.models import Listing, ListingStatus, Report
from rehber.listings.tests.factories import ListingFactory
from rehber.listings.views import posters as views

pytestmark = pytest.mark.django_db


def form_data(**changes):
    province = Province.objects.get(code=27)
    data = {
        "kind": "housing",
        "language": "tr",
        "title": "Şahinbey eşyalı 2+1 daire",
        "description": "Tramvaya yakın, okul ve pazar yanında temiz bir daire.\nAileler için.",
        "province": province.pk,
        "district": District.objects.filter(province=province).first().pk,
        "monthly_rent": "9000",
        "deposit": "9000",
        "rooms": "2",
        "furnished": "on",
        "action": "preview",
    }
    data.update(changes)
    return data


@pytest.fixture
def poster_client(client):
    user = UserFactory()
    client.force_login(user)
    return client, user


def test_posting_needs_an_account(client):
    response = client.get("/en/listings/new/?kind=housing")
    assert response.status_code == 302 and "sign-in" in response["Location"]


def test_post_preview_then_publish(poster_client):
    client, user = poster_client
    response = client.get("/tr/listings/new/?kind=housing")
    assert response.status_code == 200 and 'name="monthly_rent"' in response.content.decode()
    response = client.post(
        "/tr/listings/new/", form_data(description="Temiz daire. Ara 0532 123 45 67")
    )
    html = response.content.decode()
    assert "notice warning" in html and "☎ ···" in html and "0532 123" not in html.split("<form")[0]
    assert not Listing.objects.exists()
    response = client.post("/tr/listings/new/", form_data(action="publish"))
    assert response.status_code == 302 and response["Location"] == "/tr/listings/mine/"
    listing = Listing.objects.get()
    assert listing.poster == user and listing.status == ListingStatus.PENDING
    html = client.get("/tr/listings/mine/").content.decode()
    assert listing.title in html and listing.get_status_display() in html


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("description", "Nice flat <script>alert('x')</script>"),
        ("title", '<img src=x onerror="alert(1)">Flat'),
    ],
)
def test_html_is_refused_with_a_message_and_nothing_is_lost(poster_client, field, value):
    client, _user = poster_client
    response = client.post("/en/listings/new/", form_data(**{field: value, "action": "publish"}))
    assert response.status_code == 200
    html = response.content.decode()
    assert "plain text only" in html
    assert "&lt;script&gt;" in html or "&lt;img" in html  # what was typed, escaped
    assert "Tramvaya yakın" in html or field == "description"
    assert not Listing.objects.exists()


def test_oversized_text_is_refused_with_a_message(poster_client):
    client, _user = poster_client
    long_text = "Çok güzel bir daire. " * 300
    response = client.post("/en/listings/new/", form_data(description=long_text, action="publish"))
    html = response.content.decode()
    assert "at most 4000 characters" in html
    assert "Çok güzel bir daire." in html
    assert not Listing.objects.exists()


def test_posting_is_rate_limited_per_account(poster_client, monkeypatch):
    client, _user = poster_client
    monkeypatch.setattr(views, "POSTS_PER_ACCOUNT_PER_DAY", 2)
    for _ in range(2):
        assert client.post("/en/listings/new/", form_data(action="publish")).status_code == 302
    response = client.post("/en/listings/new/", form_data(action="publish"))
    assert response.status_code == 200 and "try again tomorrow" in response.content.decode()
    assert Listing.objects.count() == 2


def test_seeker_finds_listings_by_filters_and_words(client):
    cheap = ListingFactory(monthly_rent=6000, title="Cheap flat with a garden", language="en")
    dear = ListingFactory(monthly_rent=20000, title="Large villa", language="en")
    job = ListingFactory(job=True, title="Dikiş makinesi operatörü", language="tr")
    ListingFactory(status=ListingStatus.PENDING, title="Waiting flat")
    ListingFactory(hidden_by_reports=True, title="Hidden flat")
    search_reindex(kinds=["listing"])
    html = client.get("/en/listings/").content.decode()
    for listing in (cheap, dear, job):
        assert listing.title in html
    assert "Waiting flat" not in html and "Hidden flat" not in html
    html = client.get("/en/listings/?kind=housing&rent_max=10000").content.decode()
    assert cheap.title in html and dear.title not in html and job.title not in html
    html = client.get("/en/listings/?q=dikis+makinesi").content.decode()
    assert job.title in html and cheap.title not in html
    html = client.get("/en/listings/?kind=job&sgk_registration=on").content.decode()
    assert job.title in html
    # Bad filter values are ignored, not an error.
    assert client.get("/en/listings/?province=abc&rooms=-4&page=99").status_code == 200


def test_listing_page_has_safety_advice_and_language_of_the_text(client):
    listing = ListingFactory(language="ar", title="شقة للإيجار")
    html = client.get(f"/fa/listings/{listing.pk}/").content.decode()
    assert '<article class="listing" lang="ar" dir="rtl">' in html
    assert "/fa/guides/renting-a-home/" in html
    assert f"/fa/account/sign-in/?next=/fa/listings/{listing.pk}/" in html
    job = ListingFactory(job=True)
    html = client.get(f"/en/listings/{job.pk}/").content.decode()
    assert "/en/guides/finding-a-job/" in html and "/en/guides/work-permit/" in html


def test_hidden_and_pending_listings_are_404_for_others(client):
    listing = ListingFactory(status=ListingStatus.PENDING)
    assert client.get(f"/en/listings/{listing.pk}/").status_code == 404
    client.force_login(listing.poster)
    assert client.get(f"/en/listings/{listing.pk}/").status_code == 200


def test_report_through_the_page(client):
    listing = ListingFactory()
    client.force_login(UserFactory())
    response = client.post(
        f"/en/listings/{listing.pk}/report/", {"reason": "scam", "text": "Asked for money"}
    )
    assert response.status_code == 302
    response = client.post(f"/en/listings/{listing.pk}/report/", {"reason": "scam"}, follow=True)
    assert "already reported" in response.content.decode()
    assert Report.objects.filter(listing=listing).count() == 1


def test_moderators_see_flags_and_act_in_bulk(staff_client):
    client, _moderator = staff_client("moderator")
    district = District.objects.filter(province__code=27).first()
    for rent in (9000, 10000, 11000, 9500, 10500):
        ListingFactory(district=district, monthly_rent=rent)
    bait = ListingFactory(
        district=district, monthly_rent=2000, status=ListingStatus.PENDING, title="Bait flat"
    )
    twin = ListingFactory(
        status=ListingStatus.PENDING,
        poster=bait.poster,
        title="Bait flat",
        description=bait.description,
        district=district,
    )
    html = client.get(reverse("listings:staff_queue")).content.decode()
    assert "far below the district median" in html
    assert f"#{bait.pk}</a>" in html and f"#{twin.pk}</a>" in html
    response = client.post(
        reverse("listings:staff_queue"),
        {"listings": [bait.pk, twin.pk], "action": "reject", "reason": "Bait price"},
    )
    assert response.status_code == 302
    assert set(
        Listing.objects.filter(pk__in=[bait.pk, twin.pk]).values_list("status", flat=True)
    ) == {ListingStatus.REJECTED}


def test_two_moderators_at_once(client, make_staff):
    from django.test import Client

    listing = ListingFactory(status=ListingStatus.PENDING)
    first, second = Client(), Client()
    sign_in_verified(first, make_staff("moderator"))
    sign_in_verified(second, make_staff("moderator"))
    url = reverse("listings:staff_queue")
    assert str(listing.pk) in first.get(url).content.decode()
    assert str(listing.pk) in second.get(url).content.decode()
    first.post(url, {"listings": [listing.pk], "action": "approve"})
    response = second.post(
        url, {"listings": [listing.pk], "action": "reject", "reason": "no"}, follow=True
    )
    assert "already decided" in response.content.decode()
    listing.refresh_from_db()
    assert listing.status == ListingStatus.PUBLISHED


def test_moderator_verifies_an_employer(staff_client):
    from rehber.listings.tax_number import vkn_check_digit

    client, _moderator = staff_client("moderator")
    poster = UserFactory()
    url = reverse("listings:staff_verify")
    data = {
        "email": poster.email,
        "kind": "employer",
        "organization_name": "Atölye",
        "tax_number": "1234567891",
    }
    response = client.post(url, data)
    assert "not a valid 10-digit" in response.content.decode()
    data["tax_number"] = "123456789" + str(vkn_check_digit("123456789"))
    assert client.post(url, data).status_code == 302
    assert poster.poster_verification.tax_number == data["tax_number"]


def test_listing_pages_are_light_and_need_no_script(client, django_assert_max_num_queries):
    import re

    listings = [ListingFactory() for _ in range(25)] + [ListingFactory(job=True) for _ in range(5)]
    for url in (
        "/ar/listings/",
        f"/fa/listings/{listings[0].pk}/",
        f"/en/listings/{listings[-1].pk}/",
    ):
        with django_assert_max_num_queries(12):
            response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
        assert response.status_code == 200
        assert len(response.content) < 12_000, (url, len(response.content))  # compressed
        html = client.get(url).content.decode()
        assert "<script" not in html
        for attribute in re.findall(r'(?:src|href)="([^"]+)"', html):
            assert not attribute.startswith(("http:", "https:", "//")), (url, attribute)


def test_cached_listing_page_follows_every_change(client, django_capture_on_commit_callbacks):
    from rehber.listings import services
    from rehber.listings.services import ModerationAction

    listing = ListingFactory(title="First title")
    assert "First title" in client.get(f"/en/listings/{listing.pk}/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.listing_update(
            listing=listing,
            data={"title": "Second title", "description": listing.description},
            actor=listing.poster,
        )
    # Waiting for a moderator again: not shown, not even from the cache.
    assert client.get(f"/en/listings/{listing.pk}/").status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        services.listing_moderate(
            listing_ids=[listing.pk], action=ModerationAction.APPROVE, reason="", actor=None
        )
    assert "Second title" in client.get(f"/en/listings/{listing.pk}/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.listing_moderate(
            listing_ids=[listing.pk], action=ModerationAction.REMOVE, reason="Scam", actor=None
        )
    assert client.get(f"/en/listings/{listing.pk}/").status_code == 404


def test_poster_edits_and_renews_their_listing(client):
    import datetime

    from django.utils import timezone

    listing = ListingFactory(expires_on=timezone.localdate() + datetime.timedelta(days=3))
    client.force_login(listing.poster)
    html = client.get(f"/en/listings/{listing.pk}/edit/").content.decode()
    assert listing.title in html and 'value="9000"' in html
    data = form_data(title="A changed title", action="publish")
    assert client.post(f"/en/listings/{listing.pk}/edit/", data).status_code == 302
    listing.refresh_from_db()
    assert listing.title == "A changed title" and listing.status == ListingStatus.PENDING
    # Others cannot edit it.
    other = ListingFactory()
    assert client.get(f"/en/listings/{other.pk}/edit/").status_code == 404
    renewable = ListingFactory(
        poster=listing.poster, expires_on=timezone.localdate() + datetime.timedelta(days=2)
    )
    html = client.get("/en/listings/mine/").content.decode()
    assert f"/en/listings/{renewable.pk}/renew/" in html
    client.post(f"/en/listings/{renewable.pk}/renew/")
    renewable.refresh_from_db()
    assert renewable.expires_on == timezone.localdate() + datetime.timedelta(days=30)


def test_moderators_read_waiting_listings_only_after_their_second_factor(client, make_staff):
    listing = ListingFactory(status=ListingStatus.PENDING)
    moderator = make_staff("moderator")
    client.force_login(moderator)
    assert client.get(f"/en/listings/{listing.pk}/").status_code == 404
    sign_in_verified(client, moderator)
    assert client.get(f"/en/listings/{listing.pk}/").status_code == 200


def test_every_field_description_a_form_points_to_is_on_the_page(poster_client):
    """Screen readers read a field's help and errors through aria-describedby: each id it
    names must be on the page (Django names them <id>_helptext and <id>_error)."""
    client, _user = poster_client
    response = client.post("/ar/listings/new/", form_data(title="", monthly_rent="-5"))
    html = response.content.decode()
    described = re.findall(r'aria-describedby="([^"]+)"', html)
    assert any(name.endswith("_error") for value in described for name in value.split())
    for value in described:
        for name in value.split():
            assert f'id="{name}"' in html, name
