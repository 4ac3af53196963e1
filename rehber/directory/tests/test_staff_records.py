"""Editors keep the records themselves: organizations, places and services, through the pages."""

import datetime

import pytest
from django.utils import timezone

from rehber.core.models import AuditEntry, District
from rehber.directory.models import HoursException, Organization, Service, ServicePoint
from rehber.directory.tests.factories import make_service

pytestmark = pytest.mark.django_db

NO_SOURCES = {
    "sources-TOTAL_FORMS": "2",
    "sources-INITIAL_FORMS": "0",
    "sources-MIN_NUM_FORMS": "0",
    "sources-MAX_NUM_FORMS": "20",
}


def point_data(place, **overrides):
    data = {
        "name_en": "Bridge Legal Centre",
        "name_ar": "مركز الجسر القانوني",
        "address_en": "12 Station Street",
        "directions_en": "Behind the bus station, blue door.",
        "province": str(place.province.code),
        "district": str(place.pk),
        "latitude": "",
        "longitude": "",
        "phone": "0342 555 11 22",
        "step_free": "on",
        "languages_spoken": ["ar", "tr"],
        "weekly_hours": "1 09:00-17:00\n2 09:00-17:00",
        "ramadan_hours": "1 10:00-15:00",
        "closed_on_public_holidays": "on",
    }
    data.update(overrides)
    return data


def service_data(**overrides):
    data = {
        **NO_SOURCES,
        "category": "legal_aid",
        "legal_statuses": ["temporary_protection"],
        "nationalities": "sy iq",
        "min_age": "18",
        "max_age": "60",
        "gender": "women",
        "free": "on",
        "description_en": "Free advice on residence papers.",
        "sources-0-title": "Phone call with the centre, 2026-11-30",
        "sources-0-url": "",
        "sources-1-title": "",
        "sources-1-url": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def gaziantep():
    return District.objects.filter(province__code=27).order_by("name").first()


@pytest.fixture
def istanbul():
    return District.objects.filter(province__code=34).order_by("name").first()


def test_editor_creates_organization_place_and_service_and_readers_find_it(
    staff_client, gaziantep, client, django_capture_on_commit_callbacks
):
    staff, editor = staff_client("editor")
    response = staff.post(
        "/en/staff/services/organizations/new/",
        {"name_en": "Bridge Association", "name_tr": "Köprü Derneği", "kind": "ngo"},
    )
    organization = Organization.objects.get(slug="bridge-association")
    assert response["Location"].endswith(
        f"/staff/services/organizations/{organization.pk}/places/new/"
    )
    assert organization.name == {"en": "Bridge Association", "tr": "Köprü Derneği"}

    response = staff.post(
        f"/en/staff/services/organizations/{organization.pk}/places/new/", point_data(gaziantep)
    )
    point = ServicePoint.objects.get(organization=organization)
    assert response["Location"].endswith(f"/staff/services/places/{point.pk}/services/new/")
    # Without coordinates the place stands at its district's centre.
    assert (point.latitude, point.longitude) == (gaziantep.latitude, gaziantep.longitude)
    assert point.weekly_hours == {"0": [["09:00", "17:00"]], "1": [["09:00", "17:00"]]}
    assert point.ramadan_hours == {"0": [["10:00", "15:00"]]}
    assert point.languages_spoken == ["ar", "tr"] and point.step_free

    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(f"/en/staff/services/places/{point.pk}/services/new/", service_data())
    assert response.status_code == 302
    service = Service.objects.get(point=point)
    assert service.legal_statuses == ["temporary_protection"]
    assert service.nationalities == ["SY", "IQ"]
    assert (service.min_age, service.max_age, service.gender) == (18, 60, "women")
    assert service.sources == [{"title": "Phone call with the centre, 2026-11-30", "url": ""}]

    actions = set(AuditEntry.objects.filter(actor=editor).values_list("action", flat=True))
    assert {
        "directory.organization_created",
        "directory.point_created",
        "directory.service_created",
    } <= actions

    listing = client.get("/en/services/", {"province": 27, "category": "legal_aid"})
    assert "Bridge Legal Centre" in listing.content.decode()
    found = client.get("/api/v1/search", {"q": "Bridge", "lang": "en", "kind": "service"}).json()
    assert [r["url"] for r in found["results"]] == [f"/en/services/{service.pk}/"]
    page = client.get(f"/en/services/{service.pk}/").content.decode()
    assert "Behind the bus station" in page and "0342 555 11 22" in page


def test_editing_names_and_eligibility_changes_the_public_page(
    staff_client, gaziantep, client, django_capture_on_commit_callbacks
):
    service = make_service(name="Old Name", district=gaziantep)
    point = service.point
    staff, editor = staff_client("editor")
    assert "Old Name" in staff.get(f"/en/staff/services/places/{point.pk}/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(
            f"/en/staff/services/places/{point.pk}/",
            point_data(gaziantep, name_en="New Name", name_ar=""),
        )
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(
            f"/en/staff/services/{service.pk}/record/",
            service_data(legal_statuses=["protection_applicant"], min_age="", max_age="17"),
        )
    assert response.status_code == 302
    page = client.get(f"/en/services/{service.pk}/").content.decode()
    assert '<h1 lang="en" dir="ltr">New Name</h1>' in page
    assert "Applied for international protection" in page
    assert "0–17" in page and "Women and girls" in page
    found = client.get("/api/v1/search", {"q": "New Name", "lang": "en", "kind": "service"}).json()
    assert [r["url"] for r in found["results"]] == [f"/en/services/{service.pk}/"]
    point_entry = AuditEntry.objects.get(action="directory.point_updated", actor=editor)
    assert "name" in point_entry.data["fields"] and "phone" in point_entry.data["fields"]
    service_entry = AuditEntry.objects.get(action="directory.service_updated", actor=editor)
    assert {"legal_statuses", "max_age", "gender"} <= set(service_entry.data["fields"])


def test_organization_edit_changes_names_and_is_audited(staff_client):
    service = make_service(name="Helpers")
    organization = service.point.organization
    staff, editor = staff_client("editor")
    url = f"/en/staff/services/organizations/{organization.pk}/"
    assert "Helpers" in staff.get(url).content.decode()
    response = staff.post(
        url,
        {
            "name_en": "Helpers United",
            "name_fa": "یاری‌رسانان",
            "kind": "ngo",
            "website": "https://example.org",
        },
    )
    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.name == {"en": "Helpers United", "fa": "یاری‌رسانان"}
    assert organization.website == "https://example.org"
    entry = AuditEntry.objects.get(action="directory.organization_updated")
    assert entry.actor == editor and set(entry.data["fields"]) == {"name", "website"}
    # Saving again without changes writes nothing.
    staff.post(
        url,
        {
            "name_en": "Helpers United",
            "name_fa": "یاری‌رسانان",
            "kind": "ngo",
            "website": "https://example.org",
        },
    )
    assert AuditEntry.objects.filter(action="directory.organization_updated").count() == 1


@pytest.mark.parametrize(
    ("overrides", "typed", "message"),
    [
        ({"latitude": "95", "longitude": "37.3"}, "95", "less than or equal to 90"),
        ({"latitude": "37.1", "longitude": ""}, "37.1", "Give both latitude and longitude"),
        ({"latitude": "north", "longitude": "37.3"}, "north", "Enter a number"),
        ({"weekly_hours": "9 08:00-10:00"}, "9 08:00-10:00", "1 (Monday) to 7 (Sunday)"),
        ({"ramadan_hours": "1 8-10"}, "1 8-10", "HH:MM"),
        ({"phone": "call us"}, "call us", "digits, spaces"),
        ({"name_en": "", "name_ar": ""}, "Behind the bus station", "at least one language"),
    ],
)
def test_bad_place_input_keeps_what_was_typed(staff_client, gaziantep, overrides, typed, message):
    service = make_service(name="Kept", district=gaziantep)
    staff, _editor = staff_client("editor")
    data = point_data(gaziantep, **overrides)
    response = staff.post(f"/en/staff/services/places/{service.point_id}/", data)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page and typed in page
    assert "Nothing was lost" in page
    service.point.refresh_from_db()
    assert service.point.name["en"] == "Kept"
    assert not AuditEntry.objects.filter(action="directory.point_updated").exists()


def test_a_district_of_another_province_is_refused(staff_client, gaziantep, istanbul):
    organization = make_service(district=gaziantep).point.organization
    staff, _editor = staff_client("editor")
    data = point_data(gaziantep, district=str(istanbul.pk))
    response = staff.post(f"/en/staff/services/organizations/{organization.pk}/places/new/", data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "This district is in another province." in page
    # The province typed is kept, and the district list now offers its districts.
    assert '<option value="27" selected>' in page
    assert f'<option value="{gaziantep.pk}">' in page
    assert f'<option value="{istanbul.pk}"' not in page
    assert "Bridge Legal Centre" in page
    assert ServicePoint.objects.filter(organization=organization).count() == 1


def test_bad_age_range_keeps_the_form_with_a_message(staff_client):
    service = make_service(min_age=None)
    staff, _editor = staff_client("editor")
    response = staff.post(
        f"/en/staff/services/{service.pk}/record/",
        service_data(min_age="30", max_age="12", description_en="Typed text stays"),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "The oldest age is below the youngest." in page
    assert "Typed text stays" in page and 'value="30"' in page
    service.refresh_from_db()
    assert service.min_age is None


def test_bad_service_input_is_refused(staff_client):
    service = make_service()
    staff, _editor = staff_client("editor")
    for overrides, message in [
        ({"nationalities": "Syria"}, "two-letter country codes"),
        (
            {"sources-0-url": "https://example.org/x", "sources-0-title": ""},
            "Every source needs a title.",
        ),
        ({"category": "magic"}, "Select a valid choice"),
    ]:
        response = staff.post(f"/en/staff/services/{service.pk}/record/", service_data(**overrides))
        assert response.status_code == 200, overrides
        assert message in response.content.decode(), overrides
    assert not AuditEntry.objects.filter(action="directory.service_updated").exists()


def test_a_second_service_of_the_same_kind_at_a_place_is_refused(staff_client):
    service = make_service(category="legal_aid")
    staff, _editor = staff_client("editor")
    response = staff.post(
        f"/en/staff/services/places/{service.point_id}/services/new/", service_data()
    )
    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    assert Service.objects.filter(point=service.point).count() == 1


def test_editor_adds_and_removes_a_date_with_other_hours(staff_client, client):
    service = make_service()
    point = service.point
    staff, editor = staff_client("editor")
    day = timezone.localdate() + datetime.timedelta(days=2)
    response = staff.post(
        f"/en/staff/services/places/{point.pk}/exceptions/",
        {"date": day.isoformat(), "intervals": "", "note_en": "Staff training"},
    )
    assert response.status_code == 302
    exception = HoursException.objects.get(point=point)
    assert exception.intervals == [] and exception.note == {"en": "Staff training"}
    assert day.isoformat() in staff.get(f"/en/staff/services/places/{point.pk}/").content.decode()
    assert "special hours" in client.get(f"/en/services/{service.pk}/").content.decode()

    # Bad hours keep the form, with what was typed.
    response = staff.post(
        f"/en/staff/services/places/{point.pk}/exceptions/",
        {"date": day.isoformat(), "intervals": "10-13"},
    )
    assert response.status_code == 200
    assert "Write times as HH:MM" in response.content.decode()
    assert 'value="10-13"' in response.content.decode()

    response = staff.post(f"/en/staff/services/exceptions/{exception.pk}/remove/")
    assert response.status_code == 302
    assert not HoursException.objects.exists()
    actions = list(
        AuditEntry.objects.filter(actor=editor, target_id=str(point.pk)).values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == ["directory.hours_exception_removed", "directory.hours_exception_set"]


def test_messages_come_in_the_editors_language(staff_client, gaziantep, istanbul):
    service = make_service(district=gaziantep)
    staff, _editor = staff_client("editor")
    data = point_data(gaziantep, district=str(istanbul.pk), weekly_hours="9 08:00-10:00")
    page = staff.post(f"/ar/staff/services/places/{service.point_id}/", data).content.decode()
    assert "This district is in another province." not in page
    assert "1 (Monday)" not in page
    assert "9 08:00-10:00" in page


def test_only_editors_write_records(staff_client, gaziantep):
    service = make_service(district=gaziantep)
    staff, _user = staff_client("moderator")
    assert (
        staff.post(
            "/en/staff/services/organizations/new/", {"name_en": "X", "kind": "ngo"}
        ).status_code
        == 403
    )
    assert (
        staff.post(
            f"/en/staff/services/places/{service.point_id}/", point_data(gaziantep)
        ).status_code
        == 403
    )
    assert not Organization.objects.filter(slug="x").exists()
    service.point.refresh_from_db()
    assert service.point.phone == ""
