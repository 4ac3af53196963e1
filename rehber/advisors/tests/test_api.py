"""The advisors API as DESIGN §4 and issue 4 fix it: partner tools rely on these shapes."""

import pytest
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rehber.advisors import rulebook
from rehber.advisors.answers import ERROR_MESSAGES

pytestmark = pytest.mark.django_db

ADVISORS = ["residence-permit", "turquoise-card", "family-reunification", "bank-account"]

#: The answer ids issue 4 names, with a plausible value each.
ISSUE_ANSWERS = {
    "residence-permit": {
        "status": "student",
        "purpose": "stay_long_term",
        "age": 30,
        "years_on_permits": 6,
        "years_as_student": 4,
        "years_humanitarian": 0,
        "social_assistance_last_3_years": False,
        "health_insurance": True,
        "sufficient_income": True,
        "has_accommodation": True,
        "entry_ban": False,
        "sponsor": "permit_holder",
        "relation": "spouse",
        "sponsor_sufficient_income": True,
        "sponsor_has_housing": True,
        "sponsor_years_on_permit": 2,
        "sponsor_family_crime_last_5_years": False,
        "admitted_to_higher_education": True,
        "months_since_graduation": 2,
    },
    "family-reunification": {
        "sponsor_status": "recognised_refugee",
        "relation": "spouse",
        "applicant_age": 29,
        "sponsor_age": 31,
        "sponsor_minor_at_asylum_application": False,
        "months_since_recognition": 2,
        "married_before_sponsor_entry": True,
        "has_a1_german": False,
        "other_parent_in_germany": False,
        "application_date": "2026-11-30",
    },
    "turquoise-card": {
        "category": "qualified_labour",
        "education": "doctorate",
        "annual_gross_salary_try": 4000000,
        "years_experience": 12,
        "management_or_rnd_role": True,
        "languages": 3,
    },
    "bank-account": {
        "status": "temporary_protection",
        "has_passport": False,
        "has_tax_number": False,
        "has_foreigner_id_99": True,
        "has_residence_permit": False,
        "has_address_proof": True,
        "has_turkish_phone": True,
    },
}


def _evaluate(client, advisor, answers, lang="en"):
    return client.post(
        f"/api/v1/advisors/{advisor}/evaluate",
        {"answers": answers, "lang": lang},
        content_type="application/json",
    )


def _usable(advisor: str) -> dict:
    """The issue's answers that this rule set asks (the pages may ask more; the API too)."""
    rule_set = rulebook.rule_set_get(advisor)
    answers = {}
    for key, value in ISSUE_ANSWERS[advisor].items():
        question = rule_set.question(key)
        if question is None:
            continue
        if question.type == "choice" and value not in question.choice_values:
            value = question.choices[0].value
        answers[key] = value
    return answers


def test_advisor_list(client):
    response = client.get("/api/v1/advisors?lang=ar")
    assert response.status_code == 200
    body = response.json()
    assert [item["slug"] for item in body] == ADVISORS
    for item in body:
        rule_set = rulebook.rule_set_get(item["slug"])
        assert item["title"] == rule_set.title.ar
        assert item["version"] == rule_set.version
        assert item["checked_on"] == rule_set.checked_on.isoformat()
        assert item["url"] == f"/ar/advisors/{item['slug']}/"


@pytest.mark.parametrize("advisor", ADVISORS)
def test_advisor_detail_gives_questions_choices_conditions_and_defaults(client, advisor):
    rule_set = rulebook.rule_set_get(advisor)
    response = client.get(f"/api/v1/advisors/{advisor}?lang=fa")
    assert response.status_code == 200
    body = response.json()
    assert body["slug"] == advisor
    assert body["version"] == rule_set.version
    assert [q["id"] for q in body["questions"]] == [q.id for q in rule_set.questions]
    for out, question in zip(body["questions"], rule_set.questions, strict=True):
        assert out["type"] == question.type
        assert out["text"] == question.text.fa
        assert [c["value"] for c in out["choices"]] == question.choice_values
        assert out["ask_if"] == question.ask_if
        assert out["default"] == question.default
    assert body["outcomes"] == [o.code for o in rule_set.outcomes]


def test_issue_answer_ids_are_questions(client):
    """Every answer id issue 4 lists for residence, family reunification and bank is asked."""
    for advisor in ("residence-permit", "family-reunification", "bank-account"):
        ids = {q["id"] for q in client.get(f"/api/v1/advisors/{advisor}").json()["questions"]}
        assert set(ISSUE_ANSWERS[advisor]) <= ids, advisor


def test_unknown_advisor_is_404(client):
    assert client.get("/api/v1/advisors/nope").status_code == 404
    assert _evaluate(client, "nope", {}).status_code == 404


@pytest.mark.parametrize("advisor", ADVISORS)
def test_evaluate_has_the_design_shape(client, advisor):
    response = _evaluate(client, advisor, _usable(advisor), lang="tr")
    assert response.status_code == 200, response.json()
    body = response.json()
    rule_set = rulebook.rule_set_get(advisor)
    assert set(body) >= {
        "outcomes",
        "documents",
        "legal_basis",
        "assumptions",
        "rules_version",
        "checked_on",
    }
    assert body["rules_version"] == rule_set.version
    assert body["checked_on"] == rule_set.checked_on.isoformat()
    assert [o["code"] for o in body["outcomes"]] == [o.code for o in rule_set.outcomes]
    for outcome in body["outcomes"]:
        assert outcome["eligible"] in (True, False, None)
        assert isinstance(outcome["reasons"], list)
        assert outcome["title"] == rule_set.outcome(outcome["code"]).title.tr
        assert all(isinstance(reason, str) and reason for reason in outcome["reasons"])
    for document in body["documents"]:
        assert set(document) >= {"code", "text", "how_to_get"}
        assert document["text"] == rule_set.documents[document["code"]].text.tr
    for basis in body["legal_basis"]:
        assert basis["url"].startswith("http")


def test_no_answers_gives_null_never_a_guess(client):
    for advisor in ADVISORS:
        body = _evaluate(client, advisor, {}).json()
        assert all(outcome["eligible"] is not True for outcome in body["outcomes"]), advisor
    bank = _evaluate(client, "bank-account", {}).json()
    assert bank["outcomes"][0]["eligible"] is None
    assert "has_address_proof" in bank["outcomes"][0]["missing"]


def test_bank_account_lists_what_is_missing_and_how_to_get_it(client):
    answers = {
        "status": "visa_or_visa_free",
        "has_passport": True,
        "has_tax_number": False,
        "has_foreigner_id_99": False,
        "has_residence_permit": False,
        "has_address_proof": True,
        "has_turkish_phone": False,
    }
    body = _evaluate(client, "bank-account", answers, lang="ar").json()
    assert body["outcomes"][0]["code"] == "bank_account"
    assert body["outcomes"][0]["eligible"] is False
    codes = {document["code"] for document in body["documents"]}
    assert {"tax_number", "residence_permit", "turkish_phone"} <= codes
    assert "passport" not in codes and "address_proof" not in codes
    assert all(document["how_to_get"] for document in body["documents"])


def test_temporary_protection_never_leads_to_long_term_residence(client):
    answers = {**_usable("residence-permit"), "status": "temporary_protection"}
    answers["years_on_permits"] = 12
    body = _evaluate(client, "residence-permit", answers).json()
    long_term = next(o for o in body["outcomes"] if o["code"] == "long_term")
    assert long_term["eligible"] is False
    assert long_term["reasons"]


def test_turquoise_card_shows_points_per_factor(client):
    body = _evaluate(client, "turquoise-card", _usable("turquoise-card"), lang="ar").json()
    card = body["outcomes"][0]
    assert card["code"] == "turquoise_card"
    points = card["points"]
    assert points["factors"]
    assert {"id", "text", "points", "max_points"} <= set(points["factors"][0])
    assert points["low"] <= points["high"]
    with translation.override("ar"):
        assert "الوزارة" in points["note"]


def test_turquoise_card_lists_only_the_chosen_category_s_factors(client):
    answers = {"category": "qualified_investor", "investment_usd": 600000}
    body = _evaluate(client, "turquoise-card", answers).json()
    ids = [factor["id"] for factor in body["outcomes"][0]["points"]["factors"]]
    assert ids and all(code.startswith("investor_") for code in ids)


def test_turquoise_card_page_shows_only_the_chosen_category_s_factors(client):
    response = client.get(
        "/en/advisors/turquoise-card/result/?category=qualified_labour&education=doctorate"
    )
    assert b"Master&#x27;s degree or doctorate" in response.content
    assert b"Investment in Turkey" not in response.content


def test_family_reunification_document_codes(client):
    body = _evaluate(
        client, "family-reunification", _usable("family-reunification"), lang="fa"
    ).json()
    assert body["outcomes"][0]["code"] == "family_reunification"
    known = {
        "passport",
        "biometric_photos",
        "visa_application_form",
        "marriage_certificate",
        "birth_certificate",
        "sponsor_residence_permit",
        "bamf_decision",
        "a1_certificate",
        "proof_of_livelihood",
        "proof_of_housing",
        "custody_or_consent",
        "sworn_translations",
        "visa_fee",
    }
    codes = {document["code"] for document in body["documents"]}
    assert codes and codes <= set(rulebook.rule_set_get("family-reunification").documents)
    assert "passport" in codes
    assert known & codes


@pytest.mark.parametrize(
    ("answers", "problem"),
    [
        ({"status": "astronaut"}, "not_a_choice"),
        ({"has_passport": "maybe"}, "not_yes_no"),
        ({"favourite_colour": "blue"}, "unknown_question"),
    ],
)
def test_invalid_answers_are_422_with_a_message_in_the_language(client, answers, problem):
    response = _evaluate(client, "bank-account", answers, lang="ar")
    assert response.status_code == 422
    body = response.json()
    (error,) = body["errors"]
    assert error["answer"] == next(iter(answers))
    assert error["code"] == problem
    with translation.override("ar"):
        assert error["message"] == str(ERROR_MESSAGES[problem])
    assert error["message"] != str(ERROR_MESSAGES[problem])  # English is not what came back


def test_numbers_out_of_range_and_bad_dates_are_422(client):
    response = _evaluate(client, "residence-permit", {"age": -4}, lang="tr")
    assert response.status_code == 422
    assert response.json()["errors"][0]["code"] == "out_of_range"
    response = _evaluate(client, "family-reunification", {"application_date": "yesterday"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["code"] == "not_a_date"
    response = _evaluate(client, "residence-permit", {"age": "twelve"})
    assert response.json()["errors"][0]["code"] == "not_a_number"


@pytest.mark.parametrize(
    "body",
    [
        {"answers": [], "lang": "en"},
        {"answers": {}, "lang": "xx"},
        {"answers": {"status": ["a", "b"], "has_passport": {"x": 1}}},
        "not json at all",
    ],
)
def test_malformed_requests_never_give_500(client, body):
    if isinstance(body, str):
        response = client.post(
            "/api/v1/advisors/bank-account/evaluate", body, content_type="application/json"
        )
    else:
        response = client.post(
            "/api/v1/advisors/bank-account/evaluate", body, content_type="application/json"
        )
    assert 400 <= response.status_code < 500


def test_advisors_are_described_in_openapi(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/advisors" in paths
    assert "/api/v1/advisors/{advisor}" in paths
    assert "post" in paths["/api/v1/advisors/{advisor}/evaluate"]


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=5,
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    advisor=st.sampled_from(ADVISORS),
    answers=st.dictionaries(
        st.sampled_from(sorted({k for a in ISSUE_ANSWERS.values() for k in a} | {"x"})),
        JSON_VALUES,
        max_size=8,
    ),
    lang=st.sampled_from(["ar", "tr", "en", "fa"]),
)
def test_any_json_answers_give_200_or_422_never_500(client, advisor, answers, lang):
    response = _evaluate(client, advisor, answers, lang=lang)
    assert response.status_code in (200, 422)
    if response.status_code == 422:
        assert all(error["message"] for error in response.json()["errors"])
