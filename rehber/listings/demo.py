"""Demo listings for ``rehber demo_load``: a few hundred, generated deterministically
from the phrase banks in content/demo_phrases.yaml. Idempotent: once the demo
posters have listings, running it again changes nothing.
"""

from __future__ import annotations

import datetime
import random
from pathlib import Path

import yaml
from django.db import transaction
from django.utils import timezone

from rehber.accounts.models import User
from rehber.core.models import District, Province
from rehber.core.search.services import search_reindex
from rehber.listings import services
from rehber.listings.models import (
    LISTING_LIFETIME_DAYS,
    Listing,
    ListingKind,
    ListingStatus,
    VerificationKind,
)
from rehber.listings.tax_number import vkn_check_digit

PHRASES = Path(__file__).parent / "content" / "demo_phrases.yaml"
DEMO_DOMAIN = "demo.rehber.test"
#: Listings per province; with 12 provinces, 336 listings.
PER_PROVINCE = 28
SEED = 2026


def _phrases() -> dict:
    return yaml.safe_load(PHRASES.read_text(encoding="utf-8"))


def _account(email: str, password: str, language: str = "") -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=password, preferred_language=language)
    return user


def _posters(password: str) -> tuple[list[User], list[User]]:
    """Verified posters (an aid organization, an employer) and unverified private posters."""
    organization = _account(f"housing-association@{DEMO_DOMAIN}", password, "tr")
    employer = _account(f"employer@{DEMO_DOMAIN}", password, "tr")
    services.poster_verify(
        user=organization,
        kind=VerificationKind.ORGANIZATION,
        organization_name="Umut Dayanışma Derneği (demo)",
        actor=None,
    )
    services.poster_verify(
        user=employer,
        kind=VerificationKind.EMPLOYER,
        organization_name="Güneş Tekstil Atölyesi (demo)",
        tax_number="482019375" + str(vkn_check_digit("482019375")),
        actor=None,
    )
    private = [
        _account(f"poster-{language}-{n}@{DEMO_DOMAIN}", password, language)
        for n in (1, 2)
        for language in ("ar", "tr", "en", "fa")
    ]
    return [organization, employer], private


def _housing(rng, bank, language, district, base_rent):
    texts = bank["housing"][language]
    template = rng.randrange(len(texts["titles"]))
    rooms = 1 if template == 3 else rng.choice([2, 2, 3, 3, 4])
    rent = base_rent * {1: 0.6, 2: 1.0, 3: 1.3, 4: 1.6}[rooms] * rng.uniform(0.8, 1.2)
    features = rng.sample(texts["features"], 3)
    description = "\n\n".join(
        [rng.choice(texts["openings"]), " ".join(features), rng.choice(texts["closings"])]
    )
    women_only = template == 3 and rng.random() < 0.5
    return {
        "kind": ListingKind.HOUSING,
        "title": texts["titles"][template].format(rooms=rooms, district=district.name),
        "description": description,
        "monthly_rent": int(round(rent, -2)),
        "deposit": int(round(rent, -2)) * rng.choice([1, 1, 2]),
        "rooms": rooms,
        "furnished": rng.random() < 0.4,
        "floor": rng.choice([0, 1, 2, 3, 4, 5]),
        "women_only": women_only,
        "families_only": not women_only and template in (2, 5) and rng.random() < 0.6,
        "bills_included": rng.random() < 0.2,
    }


def _job(rng, bank, language, rural: bool):
    jobs = bank["jobs"]
    texts = jobs[language]
    sectors = sorted(jobs["sectors"])
    if not rural:
        sectors.remove("agriculture")
    sector = rng.choice(sectors)
    terms = jobs["sectors"][sector]
    closing = rng.choice(texts["closings"])
    sgk = closing == texts["closings"][0] or rng.random() < 0.5
    description = "\n\n".join([" ".join(rng.sample(texts["descriptions"], 2)), closing])
    return {
        "kind": ListingKind.JOB,
        "title": rng.choice(texts["titles"][sector]),
        "description": description,
        "sector": sector,
        "employment_type": terms["type"],
        "wage": int(round(terms["wage"] * rng.uniform(0.9, 1.15), -1)),
        "wage_period": terms["period"],
        "hours_per_week": terms["hours"],
        "sgk_registration": sgk,
        "work_permit_provided": closing == texts["closings"][1],
        "languages_required": rng.choice(jobs["languages_required"][language]),
        "accommodation_provided": sector == "agriculture" and rng.random() < 0.7,
    }


@transaction.atomic
def demo_listings_load(*, password: str) -> int:
    """Make the demo posters and their listings; returns how many listings were made."""
    if Listing.objects.filter(poster__email__endswith=f"@{DEMO_DOMAIN}").exists():
        return 0
    bank = _phrases()
    rng = random.Random(SEED)  # noqa: S311 (the same demo data every time, not a secret)
    verified, private = _posters(password)
    seekers = [_account(f"seeker-{n}@{DEMO_DOMAIN}", password, "ar") for n in (1, 2, 3)]
    now = timezone.now()
    cycle = bank["language_cycle"]
    made: list[Listing] = []
    number = 0
    for code, place in bank["provinces"].items():
        province = Province.objects.get(code=code)
        districts = list(District.objects.filter(province=province, name__in=place["districts"]))
        for _n in range(PER_PROVINCE):
            language = cycle[number % len(cycle)]
            number += 1
            district = rng.choice(districts)
            if rng.random() < 0.6:
                fields = _housing(rng, bank, language, district, place["rent"])
                poster = verified[0] if rng.random() < 0.15 else rng.choice(private)
            else:
                fields = _job(rng, bank, language, rural=place.get("farming", False))
                poster = verified[1] if rng.random() < 0.3 else rng.choice(private)
            age = rng.randrange(0, 40)
            published = now - datetime.timedelta(days=age, hours=rng.randrange(24))
            roll = rng.random()
            if roll < 0.08:
                status, published = ListingStatus.PENDING, None
            elif age >= LISTING_LIFETIME_DAYS:
                status = ListingStatus.EXPIRED
            else:
                status = ListingStatus.PUBLISHED
            for name in ("title", "description", "languages_required"):
                if name in fields:
                    fields[name] = services.listing_text_prepare(fields[name])
            listing = Listing(
                language=language,
                province=province,
                district=district,
                poster=poster,
                status=status,
                published_at=published,
                expires_on=(
                    (timezone.localdate(published) + datetime.timedelta(days=LISTING_LIFETIME_DAYS))
                    if published
                    else None
                ),
                **fields,
            )
            listing.full_clean()
            made.append(listing)
    # A few bait prices waiting for a moderator, for the rent flag.
    for listing in made:
        if listing.status == ListingStatus.PENDING and listing.kind == ListingKind.HOUSING:
            listing.monthly_rent = max(1000, listing.monthly_rent // 4)
            break
    Listing.objects.bulk_create(made)
    published = list(
        Listing.objects.filter(
            poster__email__endswith=f"@{DEMO_DOMAIN}", status=ListingStatus.PUBLISHED
        ).order_by("pk")
    )
    # Reports: three listings hidden after three reports, five more with one report.
    reasons = bank["reports"]
    for index, listing in enumerate(published[5:13]):
        for seeker in seekers[: 3 if index < 3 else 1]:
            reason = list(reasons)[index % len(reasons)]
            services.report_create(
                listing=listing, reporter=seeker, reason=reason, text=reasons[reason]
            )
    search_reindex(kinds=["listing"])
    return len(made)
