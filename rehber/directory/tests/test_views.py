"""The directory pages, as a reader sees them."""

import datetime

import pytest
from django.urls import reverse

from rehber.core.models import District
from rehber.directory.tests.factories import NEVER_OPEN, make_service

pytestmark = pytest.mark.django_db


def set_status(client, status):
    client.post(reverse("core:visitor_profile"), {"legal_status": status, "province": ""})


def test_list_shows_services_with_open_badge_and_demo_mark(client):
    make_service(name="Open centre")
    make_service(name="Closed centre", weekly_hours=NEVER_OPEN, is_demo=True)
    response = client.get("/en/services/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Open centre" in html and "Closed centre" in html
    assert "Open now" in html and "Closed now" in html and "Demo data" in html
    assert "2 services" in html


def test_open_now_filter_on_the_page(client):
    make_service(name="Open centre")
    make_service(name="Closed centre", weekly_hours=NEVER_OPEN)
    html = client.get("/en/services/", {"open_now": "on"}).content.decode()
    assert "Open centre" in html and "Closed centre" not in html


def test_for_my_status_uses_the_visitor_profile(client):
    make_service(name="TP centre", legal_statuses=["temporary_protection"])
    make_service(name="Residents centre", legal_statuses=["residence_permit"])
    set_status(client, "temporary_protection")
    html = client.get("/en/services/", {"for_me": "on"}).content.decode()
    assert "TP centre" in html and "Residents centre" not in html


def test_for_my_status_without_a_status_says_so_and_shows_everything(client):
    make_service(name="TP centre", legal_statuses=["temporary_protection"])
    html = client.get("/en/services/", {"for_me": "on"}).content.decode()
    assert "We do not know your legal status" in html
    assert "TP centre" in html


def test_picking_a_district_puts_the_nearest_first(client):
    districts = list(District.objects.filter(province__code=27).order_by("name"))
    make_service(name="Alpha centre", district=districts[0])
    make_service(name="Omega centre", district=districts[-1])
    html = client.get(
        "/en/services/", {"province": 27, "district": districts[-1].pk}
    ).content.decode()
    assert "Nearest first" in html
    assert html.index("Omega centre") < html.index("Alpha centre")
    # The district list holds only the districts of the chosen province.
    assert f'value="{districts[0].pk}"' in html


def test_shared_location_sorts_by_distance(client):
    make_service(name="Ankara centre", latitude=39.93, longitude=32.86)
    make_service(name="Antep centre", latitude=37.07, longitude=37.38)
    html = client.get("/en/services/", {"lat": "37.06", "lon": "37.38"}).content.decode()
    assert html.index("Antep centre") < html.index("Ankara centre")
    assert "km" in html


@pytest.mark.parametrize(
    "query",
    [
        {"province": "abc"},
        {"category": "nonsense"},
        {"lat": "91", "lon": "0"},
        {"lat": "37"},
        {"district": "x"},
        {"page": "zz"},
        {"lang": "<script>"},
    ],
)
def test_bad_filters_answer_with_a_message_not_an_error(client, query):
    make_service()
    response = client.get("/en/services/", query)
    assert response.status_code == 200
    if "page" not in query:
        assert "Please check these filters" in response.content.decode()


def test_list_is_paginated(client):
    for number in range(23):
        make_service(name=f"Centre {number:02d}")
    first = client.get("/en/services/").content.decode()
    assert "Page 1 of 2" in first and 'rel="next"' in first
    second = client.get("/en/services/", {"page": 2}).content.decode()
    assert second.count('class="service-list"') == 1
    assert "Page 2 of 2" in second


def test_list_page_queries_stay_bounded(client, django_assert_max_num_queries):
    for _n in range(3):
        make_service()
    client.get("/en/services/")  # warm the session and content type caches
    with django_assert_max_num_queries(12) as few:
        client.get("/en/services/")
    for _n in range(30):
        make_service()
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/en/services/")


def test_service_page_shows_hours_call_link_eligibility_and_checks(client):
    service = make_service(
        name="Help centre",
        phone="0342 000 00 00",
        legal_statuses=["temporary_protection"],
        last_verified=datetime.date(2026, 11, 1),
        sources=[{"title": "Official page", "url": "https://www.example.gov.tr"}],
        weekly_hours={str(day): [["00:00", "24:00"]] for day in range(7)},
    )
    response = client.get(f"/en/services/{service.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Help centre" in html
    assert 'href="tel:03420000000"' in html
    assert "Open now" in html and "Open day and night" in html
    assert "00:00–24:00" in html
    assert "Temporary protection (Syrians)" in html
    assert "Last verified on 1 November 2026" in html
    assert "https://www.example.gov.tr" in html


def test_service_page_is_arabic_with_blocks_marked(client):
    service = make_service(name="Help centre", is_demo=True)
    html = client.get(f"/ar/services/{service.pk}/").content.decode()
    assert 'lang="ar" dir="rtl"' in html  # the Arabic name of the place
    assert 'lang="en" dir="ltr"' in html  # the description exists only in English


def test_service_page_marks_demo_data_and_fit_for_status(client):
    service = make_service(name="Demo centre", is_demo=True, legal_statuses=["residence_permit"])
    set_status(client, "temporary_protection")
    html = client.get(f"/en/services/{service.pk}/").content.decode()
    assert "Demo data" in html
    assert "Not for your legal status" in html


def test_unknown_service_is_404(client):
    assert client.get("/en/services/999999/").status_code == 404


def test_service_page_shows_a_closed_day_from_a_date_exception(client):
    from django.utils import timezone

    from rehber.directory import services

    service = make_service(name="Help centre")
    services.hours_exception_set(
        point=service.point, date=timezone.localdate(), intervals=[], actor=None
    )
    html = client.get(f"/en/services/{service.pk}/").content.decode()
    assert "Closed now" in html
    assert "special hours" in html


def test_admin_refuses_an_exception_with_bad_hours(staff_client):
    service = make_service()
    client, _admin = staff_client("admin")
    response = client.post(
        "/en/admin/directory/hoursexception/add/",
        {
            "point": service.point.pk,
            "date": "2026-12-24",
            "intervals": '[["9", "12"]]',
            "note": "{}",
        },
    )
    assert response.status_code == 200
    assert "HH:MM" in response.content.decode()
    response = client.post(
        "/en/admin/directory/hoursexception/add/",
        {
            "point": service.point.pk,
            "date": "2026-12-24",
            "intervals": '[["09:00", "12:00"]]',
            "note": "{}",
        },
    )
    assert response.status_code == 302
    assert service.point.exceptions.get().intervals == [["09:00", "12:00"]]
