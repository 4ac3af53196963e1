"""The demo directory: enough places, four languages, honest about what is real."""

import pytest

from rehber.directory.demo import demo_directory_load
from rehber.directory.models import (
    Category,
    Organization,
    OrganizationKind,
    PublicHoliday,
    RamadanPeriod,
    Service,
    ServicePoint,
)

pytestmark = pytest.mark.django_db

LANGUAGES = {"ar", "tr", "en", "fa"}


def test_demo_directory_is_big_enough_and_loads_once():
    added = demo_directory_load()
    assert added >= 150
    assert ServicePoint.objects.count() == added
    assert ServicePoint.objects.values("province").distinct().count() >= 10
    assert set(Service.objects.values_list("category", flat=True)) == set(Category.values)
    assert PublicHoliday.objects.exists() and RamadanPeriod.objects.exists()
    counts = (ServicePoint.objects.count(), Service.objects.count())
    assert demo_directory_load() == 0
    assert (ServicePoint.objects.count(), Service.objects.count()) == counts


def test_every_text_is_in_four_languages():
    demo_directory_load()
    for point in ServicePoint.objects.all():
        assert set(point.name) == LANGUAGES, point.pk
        assert set(point.address) == LANGUAGES, point.pk
    for service in Service.objects.all():
        assert set(service.description) == LANGUAGES, service.pk


def test_real_kinds_of_public_body_are_city_level_and_the_rest_is_marked_demo():
    demo_directory_load()
    for organization in Organization.objects.all():
        if organization.kind == OrganizationKind.PUBLIC:
            assert not organization.is_demo
            for point in organization.points.all():
                assert point.address_is_approximate and point.district is None
                assert point.phone in {"", "112", "144", "157", "170", "183"}
        else:
            assert organization.is_demo and organization.kind == OrganizationKind.DEMO
            assert "demo" in organization.name["en"].lower()
            assert not organization.website
            assert not organization.points.exclude(phone="").exists()
