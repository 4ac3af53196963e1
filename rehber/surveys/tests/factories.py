"""Helpers for the surveys tests: each test builds its own data."""

import base64
import io
import uuid

from openpyxl import Workbook

from rehber.surveys import services


def make_sample_submission(*, form_id: str = "sample", pk: int | None = None):
    """A one-question form and one submission, quicker to build than the FMS."""
    from rehber.surveys.models import Submission

    version = services.form_version_upload(
        data=xlsx(
            [["type", "name", "label::English (en)"], ["integer", "age", "Age"]],
            settings_rows=[["form_id", "version", "form_title"], [form_id, "1", "Sample"]],
        ),
        filename="sample.xlsx",
        actor=None,
    )
    return Submission.objects.create(
        pk=pk,
        form=version.form,
        version=version,
        instance_id=f"uuid:{uuid.uuid4()}",
        answers={"age": 30},
        source="web",
    )


def fms_load():
    return services.fms_form_load(actor=None)


def xlsx(survey_rows, choices_rows=None, settings_rows=None) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "survey"
    for row in survey_rows:
        sheet.append(row)
    for title, rows in (("choices", choices_rows), ("settings", settings_rows)):
        if rows:
            extra = book.create_sheet(title)
            for row in rows:
                extra.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def basic_auth(email: str, password: str) -> dict:
    token = base64.b64encode(f"{email}:{password}".encode()).decode()
    return {"HTTP_AUTHORIZATION": f"Basic {token}"}


def fms_answers(**overrides) -> dict:
    """A complete, valid set of FMS answers."""
    answers = {
        "survey_date": "2026-11-02",
        "fmp": "van_kapikoy",
        "site_id": "VAN-01",
        "consent": "yes",
        "nationality": "afghanistan",
        "origin_country": "afghanistan",
        "sex": "male",
        "age": "24",
        "education": "primary",
        "employment_before": "looking",
        "reasons": ["economic", "conflict"],
        "destination_departure": "turkey",
        "destination_now": "germany",
        "entry_route": "land_iran",
        "cost_paid_by": ["loan"],
        "registration": "not_registered",
    }
    for prefix in ("self", "fam"):
        for proxy in ("worked_unpaid", "forced_work", "held", "documents_taken", "marriage_offer"):
            answers[f"{prefix}_{proxy}"] = "no"
    answers.update(overrides)
    return answers


def instance_xml(
    *, instance_id: str | None = None, form_id="fms_turkey", version="2026.11.1", **overrides
) -> bytes:
    answers = fms_answers(**overrides)
    groups = {
        "respondent": [
            "nationality",
            "origin_country",
            "sex",
            "age",
            "education",
            "employment_before",
        ],
        "journey": [
            "reasons",
            "destination_departure",
            "destination_now",
            "entry_route",
            "cost_paid_by",
            "registration",
        ],
    }
    grouped = {name for names in groups.values() for name in names}

    def value(name):
        v = answers[name]
        return " ".join(v) if isinstance(v, list) else v

    parts = [f"<{n}>{value(n)}</{n}>" for n in answers if n not in grouped]
    for group, names in groups.items():
        parts.append(
            f"<{group}>" + "".join(f"<{n}>{value(n)}</{n}>" for n in names) + f"</{group}>"
        )
    instance_id = instance_id or f"uuid:{uuid.uuid4()}"
    return (
        f'<?xml version="1.0"?><data id="{form_id}" version="{version}">'
        + "".join(parts)
        + f"<meta><instanceID>{instance_id}</instanceID></meta></data>"
    ).encode()
