"""Data for the analysis, export and publication tests: a small form and submissions."""

import datetime
import random
import uuid

from rehber.surveys import services
from rehber.surveys.models import PublishedTable, Submission
from rehber.surveys.tests.factories import xlsx

SURVEY_ROWS = [
    ["type", "name", "label::English (en)", "label::Arabic (ar)"],
    ["date", "survey_date", "Date of the interview", "تاريخ المقابلة"],
    ["select_one nat", "nationality", "Nationality", "الجنسية"],
    ["select_one dest", "destination", "Intended destination", "الوجهة المقصودة"],
    ["select_one sex", "sex", "Sex", "الجنس"],
    ["integer", "age", "Age", "العمر"],
    ["decimal", "weight", "Sampling weight", "وزن العينة"],
    ["text", "stratum", "Province", "المحافظة"],
    ["text", "site", "Site", "الموقع"],
    ["text", "notes", "Notes", "ملاحظات"],
]
CHOICE_ROWS = [
    ["list_name", "name", "label::English (en)", "label::Arabic (ar)"],
    ["nat", "syria", "Syria", "سوريا"],
    ["nat", "afghanistan", "Afghanistan", "أفغانستان"],
    ["nat", "iran", "Iran", "إيران"],
    ["dest", "turkey", "Turkey", "تركيا"],
    ["dest", "germany", "Germany", "ألمانيا"],
    ["dest", "other", "Another country", "بلد آخر"],
    ["sex", "male", "Man", "رجل"],
    ["sex", "female", "Woman", "امرأة"],
]


def make_flows_form(form_id: str = "flows"):
    return services.form_version_upload(
        data=xlsx(
            SURVEY_ROWS,
            CHOICE_ROWS,
            [["form_id", "version", "form_title"], [form_id, "1", "Flows"]],
        ),
        filename="flows.xlsx",
        actor=None,
    )


def flows_answers(count: int, *, seed: int = 7) -> list[dict]:
    """Answers of ``count`` people: Syrians mostly stay, others mostly go on."""
    rng = random.Random(seed)
    rows = []
    for number in range(count):
        nationality = rng.choices(["syria", "afghanistan", "iran"], weights=[5, 4, 1])[0]
        stay = {"syria": 0.8, "afghanistan": 0.3, "iran": 0.3}[nationality]
        destination = (
            "turkey" if rng.random() < stay else rng.choice(["germany", "germany", "other"])
        )
        stratum = rng.choice(["van", "istanbul"])
        rows.append(
            {
                "survey_date": (
                    datetime.date(2026, 8, 1) + datetime.timedelta(days=rng.randrange(90))
                ).isoformat(),
                "nationality": nationality,
                "destination": destination,
                "sex": rng.choice(["male", "female"]),
                "age": rng.randrange(18, 60),
                "weight": round(rng.uniform(0.5, 3.0), 3),
                "stratum": stratum,
                "site": f"{stratum}-{rng.randrange(1, 4)}",
                "notes": f"note {number}",
            }
        )
    return rows


def add_submissions(version, answers: list[dict], *, state: str = "approved") -> list[Submission]:
    return [
        Submission.objects.create(
            form=version.form,
            version=version,
            instance_id=f"uuid:{uuid.uuid4()}",
            answers=item,
            source="import",
            state=state,
        )
        for item in answers
    ]


def make_published_table(*, form, pk: int | None = None) -> PublishedTable:
    """A published table with a tiny snapshot (no submissions needed)."""
    cell = {
        "group": None,
        "group_labels": {},
        "category": "turkey",
        "category_labels": {"en": "Turkey", "ar": "تركيا"},
        "estimate": 1.0,
        "se": 0.0,
        "ci_low": None,
        "ci_high": None,
        "n": 12,
        "n_base": 12,
        "df": 11,
        "suppressed": False,
    }
    return PublishedTable.objects.create(
        pk=pk,
        form=form,
        variable="destination",
        states=["approved"],
        k=5,
        titles={"en": "Intended destination"},
        snapshot={
            "variable": "destination",
            "variable_labels": {"en": "Intended destination"},
            "by": "",
            "by_labels": {},
            "design": {"weight": "", "strata": "", "cluster": ""},
            "representative": False,
            "states": ["approved"],
            "k": 5,
            "level": 0.95,
            "n_total": 12,
            "cells": [cell],
            "series": None,
        },
    )
