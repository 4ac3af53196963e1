"""The residence-permit rules against the sourced facts (Law 6458; fact check of 2026-11-25)."""

import pytest

from rehber.advisors.engine import coerce_answers, next_question

from .rules_support import TODAY, failed, result, shipped

ADVISOR = "residence-permit"

PROTECTION = [
    "temporary_protection",
    "international_protection_applicant",
    "conditional_refugee",
    "refugee",
    "subsidiary_protection",
]
LONG_TERM_READY = {
    "status": "short_term",
    "years_on_permits": 9,
    "years_as_student": 0,
    "years_humanitarian": 0,
    "social_assistance_last_3_years": "no",
    "sufficient_income": "yes",
    "health_insurance": "yes",
}
SHORT_TERM_READY = {
    "status": "visa_or_visa_free",
    "purpose": "tourism",
    "entry_ban": "no",
    "health_insurance": "yes",
    "sufficient_income": "yes",
    "has_accommodation": "yes",
}
FAMILY_READY = {
    "status": "visa_or_visa_free",
    "purpose": "join_family",
    "sponsor": "turkish_citizen",
    "relation": "spouse",
    "age": 30,
    "sponsor_sufficient_income": "yes",
    "sponsor_has_housing": "yes",
    "health_insurance": "yes",
    "sponsor_family_crime_last_5_years": "no",
}
STUDENT_READY = {
    "status": "visa_or_visa_free",
    "purpose": "study",
    "admitted_to_higher_education": "yes",
}


def eligible(raw: dict, code: str, values=None):
    return result(ADVISOR, raw, values=values).outcome(code).eligible


CASES = [
    # Long-term: eight years, student years half, humanitarian years not counted (cautious).
    ("long_term", LONG_TERM_READY, True, []),
    ("long_term", {**LONG_TERM_READY, "years_on_permits": 8}, True, []),
    ("long_term", {**LONG_TERM_READY, "years_on_permits": 7}, False, ["eight_years"]),
    ("long_term", {**LONG_TERM_READY, "years_on_permits": 6, "years_as_student": 4}, True, []),
    (
        "long_term",
        {**LONG_TERM_READY, "years_on_permits": 6, "years_as_student": 3},
        False,
        ["eight_years"],
    ),
    (
        "long_term",
        {**LONG_TERM_READY, "years_on_permits": 0, "years_as_student": 16},
        True,
        [],
    ),
    (
        "long_term",
        {**LONG_TERM_READY, "years_on_permits": 4, "years_humanitarian": 6},
        False,
        ["eight_years"],
    ),
    (
        "long_term",
        {**LONG_TERM_READY, "social_assistance_last_3_years": "yes"},
        False,
        ["no_social_assistance"],
    ),
    ("long_term", {**LONG_TERM_READY, "sufficient_income": "no"}, False, ["income"]),
    ("long_term", {**LONG_TERM_READY, "health_insurance": "no"}, False, ["health_insurance"]),
    *[
        ("long_term", {**LONG_TERM_READY, "status": status}, False, ["status_allows"])
        for status in [*PROTECTION, "humanitarian"]
    ],
    # Short-term: a ground of Art 31, no entry ban, housing, insurance and means.
    ("short_term", SHORT_TERM_READY, True, []),
    *[
        ("short_term", {**SHORT_TERM_READY, "purpose": purpose}, True, [])
        for purpose in ["own_property", "business", "medical_treatment", "investment"]
    ],
    *[
        ("short_term", {**SHORT_TERM_READY, "purpose": purpose}, False, ["ground"])
        for purpose in ["join_family", "study", "stay_long_term"]
    ],
    ("short_term", {**SHORT_TERM_READY, "entry_ban": "yes"}, False, ["no_entry_ban"]),
    ("short_term", {**SHORT_TERM_READY, "has_accommodation": "no"}, False, ["accommodation"]),
    ("short_term", {**SHORT_TERM_READY, "health_insurance": "no"}, False, ["health_insurance"]),
    ("short_term", {**SHORT_TERM_READY, "sufficient_income": "no"}, False, ["means"]),
    (
        "short_term",
        {**SHORT_TERM_READY, "status": "temporary_protection"},
        False,
        ["not_under_protection"],
    ),
    (
        "short_term",
        {**SHORT_TERM_READY, "purpose": "graduated_in_turkey", "months_since_graduation": 6},
        True,
        [],
    ),
    (
        "short_term",
        {**SHORT_TERM_READY, "purpose": "graduated_in_turkey", "months_since_graduation": 7},
        False,
        ["graduate_in_time"],
    ),
    # Family: spouse 18+, minor or dependent children only, sponsor conditions.
    ("family", FAMILY_READY, True, []),
    ("family", {**FAMILY_READY, "age": 18}, True, []),
    ("family", {**FAMILY_READY, "age": 17}, False, ["spouse_adult"]),
    ("family", {**FAMILY_READY, "relation": "parent", "age": 60}, False, ["covered_relation"]),
    ("family", {**FAMILY_READY, "relation": "other"}, False, ["covered_relation"]),
    ("family", {**FAMILY_READY, "relation": "minor_child", "age": 12}, True, []),
    ("family", {**FAMILY_READY, "relation": "minor_child", "age": 18}, False, ["child_is_minor"]),
    ("family", {**FAMILY_READY, "relation": "dependent_adult_child", "age": 25}, True, []),
    ("family", {**FAMILY_READY, "sponsor": "none"}, False, ["sponsor_can_sponsor"]),
    *[
        ("family", {**FAMILY_READY, "sponsor": sponsor}, True, [])
        for sponsor in ["refugee", "subsidiary_protection"]
    ],
    ("family", {**FAMILY_READY, "sponsor_sufficient_income": "no"}, False, ["sponsor_income"]),
    ("family", {**FAMILY_READY, "sponsor_has_housing": "no"}, False, ["sponsor_housing"]),
    ("family", {**FAMILY_READY, "health_insurance": "no"}, False, ["health_insurance"]),
    (
        "family",
        {**FAMILY_READY, "sponsor_family_crime_last_5_years": "yes"},
        False,
        ["sponsor_no_family_crime"],
    ),
    (
        "family",
        {**FAMILY_READY, "sponsor": "permit_holder", "sponsor_years_on_permit": 1},
        True,
        [],
    ),
    (
        "family",
        {**FAMILY_READY, "sponsor": "permit_holder", "sponsor_years_on_permit": 0},
        False,
        ["sponsor_one_year"],
    ),
    ("family", {**FAMILY_READY, "purpose": "tourism"}, False, ["joins_family"]),
    (
        "family",
        {**FAMILY_READY, "sponsor_address_registered": "no"},
        False,
        ["sponsor_address_registered"],
    ),
    # Student: admission to higher education.
    ("student", STUDENT_READY, True, []),
    ("student", {**STUDENT_READY, "admitted_to_higher_education": "no"}, False, ["admitted"]),
    ("student", {**STUDENT_READY, "purpose": "tourism"}, False, ["wants_to_study"]),
    # Humanitarian and trafficking: special grounds, other conditions waived.
    ("humanitarian", {"humanitarian_ground": "cannot_be_removed", "entry_ban": "yes"}, True, []),
    ("humanitarian", {"humanitarian_ground": "none"}, False, ["humanitarian_reason"]),
    ("humanitarian", {}, False, ["humanitarian_reason"]),  # the stated default
    ("trafficking_victim", {"trafficking_victim": "yes", "status": "refugee"}, True, []),
    ("trafficking_victim", {}, False, ["victim"]),
]


@pytest.mark.parametrize(("code", "raw", "expected", "failing"), CASES)
def test_residence_permit_rules(code, raw, expected, failing):
    assert eligible(raw, code) is expected
    assert failed(ADVISOR, raw, code) == failing


@pytest.mark.parametrize(
    ("code", "raw", "missing"),
    [
        # Eight years on other permits decide alone; fewer need the student years.
        ("long_term", {**LONG_TERM_READY, "years_as_student": None}, []),
        (
            "long_term",
            {**LONG_TERM_READY, "years_on_permits": 7, "years_as_student": None},
            ["years_as_student"],
        ),
        ("long_term", {**LONG_TERM_READY, "social_assistance_last_3_years": None}, None),
        # Humanitarian years count for nothing (by default), so they are never needed.
        (
            "long_term",
            {
                **LONG_TERM_READY,
                "years_on_permits": 6,
                "years_as_student": 4,
                "years_humanitarian": None,
            },
            [],
        ),
        ("family", {**FAMILY_READY, "age": None}, ["age"]),
        ("family", {**FAMILY_READY, "relation": None}, None),
        ("short_term", {**SHORT_TERM_READY, "entry_ban": None}, ["entry_ban"]),
        ("student", {**STUDENT_READY, "admitted_to_higher_education": None}, None),
    ],
)
def test_missing_answers_give_null_never_a_guess(code, raw, missing):
    answers = {key: value for key, value in raw.items() if value is not None}
    outcome = result(ADVISOR, answers).outcome(code)
    if missing == []:
        assert outcome.eligible is True
        return
    assert outcome.eligible is None
    assert outcome.missing
    if missing:
        assert outcome.missing == missing


def test_temporary_protection_never_leads_to_long_term_whatever_else_is_answered():
    for years in (0, 8, 30):
        raw = {**LONG_TERM_READY, "status": "temporary_protection", "years_on_permits": years}
        outcome = result(ADVISOR, raw, lang="ar").outcome("long_term")
        assert outcome.eligible is False
        assert "لا تؤدي أبدًا" in outcome.reasons[0]


def test_edited_values_change_the_count():
    raw = {**LONG_TERM_READY, "years_on_permits": 4, "years_humanitarian": 4}
    assert eligible(raw, "long_term") is False
    assert eligible(raw, "long_term", values={"residence.humanitarian_years_factor": 1}) is True
    assert eligible(raw, "long_term", values={"residence.long_term_min_years": 4}) is True


def test_documents_follow_the_answers():
    spouse = [d.code for d in result(ADVISOR, FAMILY_READY).documents]
    assert {"marriage_certificate", "sponsor_documents", "passport"} <= set(spouse)
    assert "birth_certificate" not in spouse and "custody_consent" not in spouse
    child = [
        d.code
        for d in result(ADVISOR, {**FAMILY_READY, "relation": "minor_child", "age": 9}).documents
    ]
    assert {"birth_certificate", "custody_consent"} <= set(child)
    graduate = {**SHORT_TERM_READY, "purpose": "graduated_in_turkey", "months_since_graduation": 1}
    assert "diploma" in [d.code for d in result(ADVISOR, graduate).documents]
    assert "diploma" not in [d.code for d in result(ADVISOR, SHORT_TERM_READY).documents]
    protected = {"status": "temporary_protection"}
    assert result(ADVISOR, protected).documents == []


def test_every_outcome_names_its_legal_basis_with_a_link():
    evaluation = result(ADVISOR, {})
    for outcome in evaluation.outcomes:
        assert outcome.basis
    assert {b.code for b in evaluation.legal_basis} >= {
        "law-6458-art-31",
        "law-6458-art-34",
        "law-6458-art-35",
        "law-6458-art-38",
        "law-6458-art-42",
        "law-6458-art-43",
        "law-6458-art-46",
        "law-6458-art-48",
        "tpr-art-25",
    }
    assert all(b.url.startswith(("https://", "http://")) for b in evaluation.legal_basis)
    assert all(b.checked_on <= TODAY for b in evaluation.legal_basis)


def test_defaults_are_stated_as_assumptions_in_every_language():
    for lang in ("ar", "tr", "en", "fa"):
        evaluation = result(ADVISOR, {"purpose": "tourism"}, lang=lang)
        assert len(evaluation.assumptions) == 2
    assert "157" in result(ADVISOR, {"purpose": "tourism"}, lang="tr").assumptions[1]
    answered = {"trafficking_victim": "no", "humanitarian_ground": "none", "purpose": "study"}
    assert result(ADVISOR, answered).assumptions == []


def test_the_question_flow_asks_only_what_matters():
    rule_set = shipped()[ADVISOR]
    replies = {**FAMILY_READY, "humanitarian_ground": "none", "trafficking_victim": False}
    replies["sponsor_address_registered"] = True
    replies.update(years_on_permits=2, years_as_student=0, years_humanitarian=0)
    replies.update(social_assistance_last_3_years=False, sufficient_income=True)
    replies.update(has_accommodation=True, entry_ban=False)
    answers: dict = {}
    asked = []
    while (question := next_question(rule_set, answers, today=TODAY)) is not None:
        asked.append(question.id)
        typed, errors = coerce_answers(rule_set, {question.id: replies[question.id]})
        assert errors == {}
        answers.update(typed)
        assert len(asked) <= len(rule_set.questions)
    assert asked[:2] == ["status", "purpose"]
    # The graduate, student and permit-holder questions are never asked of this spouse.
    assert not {"months_since_graduation", "admitted_to_higher_education"} & set(asked)
    assert "sponsor_years_on_permit" not in asked
    evaluation = result(ADVISOR, answers)
    assert {o.code: o.eligible for o in evaluation.outcomes} == {
        "short_term": False,
        "family": True,
        "student": False,
        "long_term": False,
        "humanitarian": False,
        "trafficking_victim": False,
    }
