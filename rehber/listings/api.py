"""GET /api/v1/listings (DESIGN §4) and a listing's details; posters create and change
listings with an API key (``Authorization: Bearer rhb_...``), made at /<lang>/listings/api-keys/.

Contact details never appear here: seekers write through the relay on the site.
"""

from __future__ import annotations

import datetime
from typing import Literal

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.security import HttpBearer

from rehber.core.models import District, Language, Province
from rehber.core.throttle import throttle_hit
from rehber.listings import selectors, services
from rehber.listings.models import (
    EmploymentType,
    Listing,
    ListingKind,
    Sector,
    WagePeriod,
)
from rehber.listings.plain_text import plain_text_has_markup
from rehber.listings.tokens import api_token_user

router = Router(tags=["listings"])

PAGE_SIZE = 20
POSTS_PER_ACCOUNT_PER_DAY = 10


class ApiKey(HttpBearer):
    def authenticate(self, request, token):
        return api_token_user(key=token)


class ListingOut(Schema):
    id: int
    kind: str = Field(description="housing or job")
    title: str
    province: int = Field(description="Plate code of the province")
    province_name: str
    district: str | None
    lang: str = Field(description="Language the listing is written in")
    url: str
    published_at: datetime.datetime | None
    expires_on: datetime.date | None
    monthly_rent: int | None
    rooms: int | None
    sector: str
    wage: int | None
    wage_period: str
    sgk_registration: bool


class ListingDetailOut(ListingOut):
    description: str
    organization_name: str
    status: str
    deposit: int | None
    furnished: bool
    floor: int | None
    women_only: bool
    families_only: bool
    bills_included: bool
    employment_type: str
    hours_per_week: int | None
    work_permit_provided: bool
    languages_required: str
    accommodation_provided: bool


class ListingPageOut(Schema):
    count: int
    page: int
    pages: int
    results: list[ListingOut]


class ListingQuery(Schema):
    kind: Literal["housing", "job"] | None = None
    province: int | None = Field(None, ge=1, le=81, description="Plate code")
    district: int | None = Field(None, ge=1, description="District id (see /provinces/{code})")
    q: str = Field("", max_length=200)
    rent_min: int | None = Field(None, ge=0)
    rent_max: int | None = Field(None, ge=0)
    sector: Sector | None = None
    sgk_registration: bool | None = None
    lang: str = Field("en", pattern=r"^[a-z]{2,3}$", description="Language of the query words")
    page: int = Field(1, ge=1)


def _out(listing: Listing, schema=ListingOut):
    fields = {
        name: getattr(listing, name) for name in schema.model_fields if hasattr(listing, name)
    }
    fields.update(
        province=listing.province.code,
        province_name=listing.province.name_tr,
        district=listing.district.name if listing.district else None,
        lang=listing.language,
        url=f"/{listing.language}/listings/{listing.pk}/",
    )
    return schema(**fields)


@router.get("", response=ListingPageOut, summary="Published listings, filtered")
def listing_list(request, query: Query[ListingQuery]):
    filters = {
        "kind": query.kind,
        "district": query.district,
        "rent_min": query.rent_min,
        "rent_max": query.rent_max,
        "sector": query.sector.value if query.sector else None,
        "sgk_registration": query.sgk_registration,
    }
    if query.province:
        filters["province"] = Province.objects.filter(code=query.province).first() or -1
    listings = selectors.listing_search(
        query=query.q,
        filters={key: value for key, value in filters.items() if value is not None},
        sort=selectors.Sort.RELEVANCE if query.q else selectors.Sort.NEWEST,
        language=query.lang,
        page_size=PAGE_SIZE,
    )
    paginator = Paginator(listings, PAGE_SIZE)
    page = paginator.get_page(query.page)
    return {
        "count": paginator.count,
        "page": page.number,
        "pages": paginator.num_pages,
        "results": [_out(listing) for listing in page.object_list],
    }


@router.get("/{listing_id}", response=ListingDetailOut, summary="One published listing")
def listing_detail(request, listing_id: int):
    listing = (
        Listing.objects.visible()
        .select_related("province", "district")
        .filter(pk=listing_id)
        .first()
    )
    if listing is None:
        raise HttpError(404, "No published listing has this id.")
    return _out(listing, ListingDetailOut)


class ListingIn(Schema):
    language: str = Field(pattern=r"^[a-z]{2,3}$")
    title: str = Field(min_length=1, max_length=120)
    description: str = Field(min_length=1, max_length=4000)
    province: int = Field(ge=1, le=81, description="Plate code")
    district: int | None = Field(None, description="District id in that province")
    organization_name: str = Field("", max_length=120)
    monthly_rent: int | None = Field(None, ge=0, le=10_000_000)
    deposit: int | None = Field(None, ge=0, le=10_000_000)
    rooms: int | None = Field(None, ge=0, le=50)
    furnished: bool = False
    floor: int | None = Field(None, ge=-5, le=100)
    women_only: bool = False
    families_only: bool = False
    bills_included: bool = False
    sector: Sector | None = None
    employment_type: EmploymentType | None = None
    wage: int | None = Field(None, ge=0, le=10_000_000)
    wage_period: WagePeriod | None = None
    hours_per_week: int | None = Field(None, ge=1, le=84)
    sgk_registration: bool = False
    work_permit_provided: bool = False
    languages_required: str = Field("", max_length=100)
    accommodation_provided: bool = False


class ListingCreateIn(ListingIn):
    kind: ListingKind


class ListingCreatedOut(Schema):
    id: int
    status: str = Field(description="published for verified posters, else pending")
    url: str


def _data(payload: ListingIn) -> dict:
    data = payload.dict(exclude={"kind"})
    for name in ("title", "description", "organization_name", "languages_required"):
        if plain_text_has_markup(data[name]):
            raise HttpError(400, f"{name}: plain text only, without HTML.")
    if not Language.objects.enabled().filter(code=data["language"]).exists():
        raise HttpError(400, "language: not a content language of Rehber.")
    province = Province.objects.filter(code=data["province"]).first()
    data["province"] = province
    if data["district"] is not None:
        district = District.objects.filter(pk=data["district"], province=province).first()
        if district is None:
            raise HttpError(400, "district: not a district of this province.")
        data["district"] = district
    for name in ("sector", "employment_type", "wage_period"):
        data[name] = data[name].value if data[name] else ""
    return data


@router.post(
    "",
    response={201: ListingCreatedOut},
    auth=ApiKey(),
    summary="Post a listing (API key of a poster)",
)
def listing_create(request, payload: ListingCreateIn):
    if not throttle_hit(
        scope="listing-post-account",
        who=str(request.auth.pk),
        limit=POSTS_PER_ACCOUNT_PER_DAY,
        window_seconds=24 * 60 * 60,
    ):
        raise HttpError(429, "Too many listings today. Try again tomorrow.")
    try:
        listing = services.listing_create(
            poster=request.auth, kind=payload.kind.value, data=_data(payload), actor=request.auth
        )
    except ValidationError as error:
        raise HttpError(400, " ".join(error.messages)) from None
    return Status(
        201,
        {
            "id": listing.pk,
            "status": listing.status,
            "url": f"/{listing.language}/listings/{listing.pk}/",
        },
    )


@router.put(
    "/{listing_id}",
    response=ListingCreatedOut,
    auth=ApiKey(),
    summary="Change one of your listings (API key of its poster)",
)
def listing_update(request, listing_id: int, payload: ListingIn):
    listing = Listing.objects.filter(pk=listing_id, poster=request.auth).first()
    if listing is None:
        raise HttpError(404, "You have no listing with this id.")
    try:
        listing = services.listing_update(listing=listing, data=_data(payload), actor=request.auth)
    except ValidationError as error:
        raise HttpError(400, " ".join(error.messages)) from None
    return {
        "id": listing.pk,
        "status": listing.status,
        "url": f"/{listing.language}/listings/{listing.pk}/",
    }
