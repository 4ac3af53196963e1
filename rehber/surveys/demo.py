"""Demo data: the Flow Monitoring Survey and 300 synthetic submissions.

The integrator calls ``demo_surveys_load()`` from ``demo_load``. The answers
are made up by a seeded random generator (the same every run) and go in
through the ordinary import, as a Kobo export would.
"""

import csv
import datetime
import io
import random

from rehber.surveys import services
from rehber.surveys.models import FormVersion

DEMO_SUBMISSIONS = 300
DEMO_SEED = 20261130

_PROXIES = ("worked_unpaid", "forced_work", "held", "documents_taken", "marriage_offer")


def _pick(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _demo_row(rng: random.Random, number: int) -> dict[str, str]:
    fmp = _pick(
        rng,
        {
            "van_kapikoy": 3,
            "agri_dogubayazit": 2,
            "hatay_reyhanli": 2,
            "istanbul_esenler": 3,
            "izmir_basmane": 1,
            "edirne_centre": 1,
        },
    )
    nationality = _pick(
        rng, {"syria": 4, "afghanistan": 3, "iran": 1.5, "iraq": 1, "pakistan": 0.7, "other": 0.3}
    )
    wants_turkey = {"syria": 0.86, "iran": 0.29}.get(nationality, 0.4)
    destination = (
        "turkey"
        if rng.random() < wants_turkey
        else _pick(rng, {"germany": 4, "other_eu": 3, "uk": 1, "dont_know": 1.5, "refused": 0.5})
    )
    row = {
        "meta/instanceID": f"uuid:demo-{number:05d}",
        "survey_date": (
            datetime.date(2026, 6, 1) + datetime.timedelta(days=rng.randrange(150))
        ).isoformat(),
        "fmp": fmp,
        "site_id": f"{fmp[:3].upper()}-{rng.randrange(1, 6):02d}",
        "weight": f"{rng.uniform(0.6, 2.4):.3f}",
        "consent": "yes",
        "respondent/nationality": nationality,
        "respondent/origin_country": nationality,
        "respondent/origin_province": "",
        "respondent/sex": _pick(rng, {"male": 6, "female": 3.8, "refused": 0.2}),
        "respondent/age": str(rng.randrange(16, 66)),
        "respondent/education": _pick(
            rng, {"none": 2, "primary": 3, "secondary": 3, "vocational": 1, "university": 1.5}
        ),
        "respondent/employment_before": _pick(
            rng, {"employed": 3, "self_employed": 2, "looking": 3, "student": 1, "not_working": 1}
        ),
        "journey/reasons": " ".join(
            sorted(rng.sample(["conflict", "persecution", "economic", "services", "family"], k=2))
        ),
        "journey/destination_departure": destination,
        "journey/destination_now": destination if rng.random() < 0.8 else "dont_know",
        "journey/entry_route": {"syria": "land_syria", "iraq": "land_iraq"}.get(
            nationality, "land_iran"
        ),
        "journey/transit_provinces": " ".join(rng.sample(["65", "04", "06", "34", "63"], k=2)),
        "journey/journey_cost_usd": str(rng.randrange(300, 6000, 50))
        if rng.random() < 0.85
        else "",
        "journey/cost_paid_by": _pick(
            rng, {"savings": 3, "family": 2, "loan": 2, "sold_assets": 1, "pay_later": 1}
        ),
        "journey/registration": _pick(
            rng,
            {
                "temporary_protection": 3 if nationality == "syria" else 0.1,
                "international_protection": 1.5,
                "residence_permit": 0.5,
                "not_registered": 3,
                "refused": 0.3,
            },
        ),
    }
    exposed = rng.random() < 0.18
    for prefix, group in (("self", "self_exp"), ("fam", "family_exp")):
        for proxy in _PROXIES:
            value = _pick(
                rng,
                {"yes": 0.35 if exposed else 0.03, "no": 0.85, "dont_know": 0.06, "refused": 0.03},
            )
            row[f"{group}/{prefix}_{proxy}"] = value
    return row


def demo_export_csv(count: int = DEMO_SUBMISSIONS, seed: int = DEMO_SEED) -> bytes:
    """A Kobo-like CSV export of ``count`` synthetic interviews."""
    rng = random.Random(seed)  # noqa: S311 - synthetic demo data, not secrets
    rows = [_demo_row(rng, number) for number in range(1, count + 1)]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def demo_surveys_load() -> FormVersion:
    """Load the FMS form and its synthetic submissions; running it twice adds nothing."""
    version = services.fms_form_load(actor=None)
    if not version.submissions.exists():
        report = services.submissions_import(
            version=version, data=demo_export_csv(), filename="demo-fms.csv", actor=None
        )
        if report.problems:
            raise RuntimeError(f"demo survey data has problems: {report.problems[:3]}")
    return version
