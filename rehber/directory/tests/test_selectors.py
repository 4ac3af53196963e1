"""Finding services: filters, eligibility, open now and nearest first."""

import datetime

import pytest

from rehber.core.models import District
from rehber.directory import hours, services
from rehber.directory.selectors import ServiceFilters, near_point, service_search
from rehber.directory.tests.factories import NEVER_OPEN, make_service

pytestmark = pytest.mark.django_db

OFFICE = {str(day): [["09:00", "17:00"]] for day in range(5)}
# A Monday morning and a Sunday morning, Istanbul time.
MONDAY_10 = datetime.datetime(2026, 12, 7, 10, 0, tzinfo=hours.ISTANBUL)
SUNDAY_10 = datetime.datetime(2026, 12, 6, 10, 0, tzinfo=hours.ISTANBUL)


def names(rows):
    return [row.name.text for row in rows]


def search(now=MONDAY_10, origin=None, **filters):
    return service_search(filters=ServiceFilters(**filters), now=now, language="en", origin=origin)


def test_for_my_status_keeps_services_for_that_status_and_for_everyone():
    make_service(name="Everyone", legal_statuses=[])
    make_service(name="TP only", legal_statuses=["temporary_protection"])
    make_service(name="Applicants", legal_statuses=["protection_applicant", "no_status"])
    assert sorted(names(search(legal_status="temporary_protection"))) == ["Everyone", "TP only"]
    assert sorted(names(search(legal_status="no_status"))) == ["Applicants", "Everyone"]
    assert len(search()) == 3


def test_status_filter_does_not_confuse_statuses_that_share_words():
    make_service(name="Protection", legal_statuses=["international_protection"])
    assert names(search(legal_status="temporary_protection")) == []


def test_open_now_follows_the_moment_given():
    make_service(name="Office", weekly_hours=OFFICE)
    make_service(name="Closed", weekly_hours=NEVER_OPEN)
    make_service(name="Always")
    assert sorted(names(search(open_now=True, now=MONDAY_10))) == ["Always", "Office"]
    assert names(search(open_now=True, now=SUNDAY_10)) == ["Always"]
    rows = {row.name.text: row.open_now for row in search(now=SUNDAY_10)}
    assert rows == {"Office": False, "Closed": False, "Always": True}


def test_a_holiday_closes_an_office_on_the_list():
    make_service(name="Office", weekly_hours=OFFICE)
    services.public_holiday_set(date=MONDAY_10.date(), name={"en": "A holiday"})
    assert names(search(open_now=True, now=MONDAY_10)) == []


def test_category_province_language_and_free_filters():
    make_service(name="Legal Gaziantep", category="legal_aid", province_code=27)
    make_service(name="Legal Istanbul", category="legal_aid", province_code=34)
    make_service(name="Health Gaziantep", category="health", languages_spoken=["ar", "tr"])
    make_service(name="Paid course", category="turkish_courses", free=False)
    assert sorted(names(search(category="legal_aid"))) == ["Legal Gaziantep", "Legal Istanbul"]
    assert sorted(names(search(province_code=34))) == ["Legal Istanbul"]
    assert names(search(lang_spoken="ar")) == ["Health Gaziantep"]
    assert "Paid course" not in names(search(free=True))
    assert len(search(free=True)) == 3


def test_nearest_first_from_a_shared_location():
    gaziantep = (37.066, 37.383)
    make_service(name="Far", latitude=39.93, longitude=32.86)  # Ankara
    make_service(name="Near", latitude=37.07, longitude=37.38)
    make_service(name="Middle", latitude=36.99, longitude=35.33)  # Adana
    make_service(name="Nowhere")  # no coordinates: last
    rows = search(origin=gaziantep, near=gaziantep)
    assert names(rows) == ["Near", "Middle", "Far", "Nowhere"]
    assert rows[0].distance_km < 1
    assert 180 < rows[1].distance_km < 200


def test_picking_a_district_measures_from_its_centre():
    districts = list(District.objects.filter(province__code=27).order_by("name"))
    first, last = districts[0], districts[-1]
    make_service(name="In first", district=first)
    make_service(name="In last", district=last)
    filters = ServiceFilters(district_id=last.pk)
    origin = near_point(filters)
    assert origin == (last.latitude, last.longitude)
    assert names(search(origin=origin, district_id=last.pk)) == ["In last", "In first"]


def test_the_list_makes_the_same_few_queries_whatever_the_number(django_assert_max_num_queries):
    for _n in range(3):
        make_service()
    with django_assert_max_num_queries(4):
        assert len(search()) == 3
    for _n in range(20):
        make_service()
    with django_assert_max_num_queries(4):
        assert len(search()) == 23
