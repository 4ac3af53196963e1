import datetime

import factory
from django.utils import timezone

from rehber.accounts.tests.factories import UserFactory
from rehber.core.models import District, Province
from rehber.listings.models import (
    EmploymentType,
    Listing,
    ListingKind,
    ListingStatus,
    Sector,
)


def _province(code=27):
    return Province.objects.get(code=code)


class ListingFactory(factory.django.DjangoModelFactory):
    """A published housing listing in Gaziantep, Şahinbey, unless told otherwise."""

    class Meta:
        model = Listing

    kind = ListingKind.HOUSING
    language = "en"
    title = factory.Sequence(lambda n: f"Two-room flat near the tram, number {n}")
    description = factory.Sequence(
        lambda n: f"Clean flat {n} with a balcony, close to a school and a market."
    )
    province = factory.LazyFunction(_province)
    district = factory.LazyAttribute(
        lambda listing: District.objects.filter(province=listing.province).order_by("name").first()
    )
    status = ListingStatus.PUBLISHED
    poster = factory.SubFactory(UserFactory)
    published_at = factory.LazyFunction(timezone.now)
    expires_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
    monthly_rent = 9000
    rooms = 2

    class Params:
        job = factory.Trait(
            kind=ListingKind.JOB,
            title=factory.Sequence(lambda n: f"Sewing machine operator {n}"),
            description="Textile workshop needs an experienced operator. SGK from day one.",
            monthly_rent=None,
            rooms=None,
            sector=Sector.TEXTILE,
            employment_type=EmploymentType.FULL_TIME,
            wage=28000,
            wage_period="month",
            sgk_registration=True,
        )
