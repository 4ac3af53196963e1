"""Demo data of the directory, generated from ``demo_data.yaml``.

Deterministic: the same file gives the same places, districts and dates.
Idempotent: an organization already there is left as it is.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import yaml
from django.db import transaction

from rehber.core.models import Province
from rehber.directory import services
from rehber.directory.models import Organization, OrganizationKind

DATA_FILE = Path(__file__).with_name("demo_data.yaml")

#: Last verified dates: public bodies recently, demo places spread so some are due.
VERIFIED_PUBLIC = datetime.date(2026, 11, 2)
VERIFIED_DEMO = (datetime.date(2026, 10, 20), datetime.date(2026, 6, 15), None)


def demo_data() -> dict:
    with DATA_FILE.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _fill(templates: dict, province: Province, district: str = "") -> dict:
    names = {
        "tr": province.name_tr,
        "en": province.name_en,
        "ar": province.name_ar,
        "fa": province.name_fa,
    }
    return {
        code: text.format(district=district, **names)
        for code, text in templates.items()
        if code in names
    }


def _service_kwargs(spec: dict, *, last_verified, sources) -> dict:
    return {
        "category": spec["category"],
        "description": spec["description"],
        "legal_statuses": spec.get("statuses") or [],
        "min_age": spec.get("min_age"),
        "max_age": spec.get("max_age"),
        "gender": spec.get("gender", "any"),
        "free": not spec.get("paid", False),
        "referral_needed": spec.get("referral", False),
        "last_verified": last_verified,
        "sources": sources,
    }


def _calendar_load(data: dict) -> None:
    for start, end in data["ramadan"]:
        services.ramadan_period_set(start=start, end=end)
    for date, name in data["holidays"]:
        services.public_holiday_set(date=date, name=name)


@transaction.atomic
def demo_directory_load() -> int:
    """Load the demo directory; returns the number of service points added."""
    data = demo_data()
    _calendar_load(data)
    provinces = {p.code: p for p in Province.objects.filter(code__in=data["provinces"])}
    added = 0
    for spec in data["public"]:
        for code in data["provinces"]:
            province = provinces[code]
            slug = f"{spec['key']}-{code}"
            if Organization.objects.filter(slug=slug).exists():
                continue
            name = _fill(spec["name"], province)
            organization = services.organization_create(
                slug=slug,
                name=name,
                kind=OrganizationKind.PUBLIC,
                website=spec.get("website", ""),
                verified=True,
                actor=None,
            )
            point = services.service_point_create(
                organization=organization,
                name=name,
                province=province,
                address=_fill(data["approximate_address"], province),
                address_is_approximate=True,
                latitude=province.latitude,
                longitude=province.longitude,
                phone=str(spec.get("phone", "")),
                languages_spoken=spec["languages"],
                weekly_hours=spec["hours"],
                closed_on_public_holidays=not spec.get("holidays_open", False),
                actor=None,
            )
            for service in spec["services"]:
                services.service_create(
                    point=point,
                    actor=None,
                    **_service_kwargs(
                        service, last_verified=VERIFIED_PUBLIC, sources=service.get("sources")
                    ),
                )
            added += 1
    for index, spec in enumerate(data["demo"]):
        slug = f"demo-{spec['key']}"
        if Organization.objects.filter(slug=slug).exists():
            continue
        organization = services.organization_create(
            slug=slug,
            name=_fill(spec["name"], provinces[data["provinces"][0]], ""),
            kind=OrganizationKind.DEMO,
            is_demo=True,
            actor=None,
        )
        for position, code in enumerate(data["provinces"]):
            province = provinces[code]
            districts = list(province.districts.order_by("name"))
            district = districts[(index * 7 + position * 3) % len(districts)]
            # A fixed offset of up to about 1 km from the district centre.
            shift = ((index * 13 + position * 5) % 11 - 5) / 500
            point = services.service_point_create(
                organization=organization,
                name=_fill(spec["name"], province),
                province=province,
                district=district,
                address=_fill(data["demo_address"], province, district.name),
                directions=data["demo_directions"],
                latitude=round(district.latitude + shift, 5),
                longitude=round(district.longitude - shift, 5),
                step_free=spec.get("step_free", False),
                languages_spoken=spec["languages"],
                weekly_hours=spec["hours"],
                ramadan_hours=spec.get("ramadan_hours"),
                closed_on_public_holidays=not spec.get("holidays_open", False),
                actor=None,
            )
            verified = VERIFIED_DEMO[(index + position) % len(VERIFIED_DEMO)]
            for service in spec["services"]:
                services.service_create(
                    point=point,
                    actor=None,
                    **_service_kwargs(service, last_verified=verified, sources=[]),
                )
            added += 1
    return added
