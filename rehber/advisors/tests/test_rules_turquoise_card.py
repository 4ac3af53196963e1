"""Turquoise Card: table-driven cases for the illustrative points in values.yaml.

No official points table is public (fact-check 2026-11-25, item 11), so the expected points
below are the shipped operator defaults (turquoise.* in values.yaml, all "illustrative").
"""

import datetime as dt
from pathlib import Path

import pytest

from rehber.advisors.engine import coerce_answers, evaluate, load_rule_sets, next_question
from rehber.advisors.engine.loader import load_values

RULES_DIR = Path(__file__).resolve().parent.parent / "rules"
TODAY = dt.date(2026, 11, 30)


@pytest.fixture(scope="module")
def rules():
    return load_rule_sets(RULES_DIR)["turquoise-card"]


def run(rules, answers, *, lang="en", values=None):
    typed, errors = coerce_answers(rules, answers)
    assert errors == {}
    result = evaluate(rules, typed, lang=lang, today=TODAY, values=values)
    (outcome,) = result.outcomes
    assert outcome.code == "turquoise_card"
    return outcome, result


def points(outcome):
    """Points per factor that counted or is still unknown (None); zero factors left out."""
    return {f.id: f.points for f in outcome.score.factors if f.points != 0}


STRONG_WORKER = {
    "category": "qualified_labour",
    "education": "master",
    "annual_gross_salary_try": 2_000_000,
    "years_experience": 6,
    "management_or_rnd_role": True,
    "education_matches_job": True,
    "languages": 2,
    "patents": 0,
}

CASES = [
    pytest.param(
        STRONG_WORKER,
        True,
        (75, 75),
        {
            "labour_degree": 10,
            "labour_postgraduate": 10,
            "labour_salary_good": 15,
            "labour_experience": 10,
            "labour_management_or_rnd": 10,
            "labour_education_fits_job": 10,
            "labour_languages": 10,
        },
        id="skilled-worker-passes",
    ),
    pytest.param(
        {
            **STRONG_WORKER,
            "education": "doctorate",
            "annual_gross_salary_try": 3_000_000,
            "years_experience": 10,
            "patents": 2,
        },
        True,
        (100, 100),
        {
            "labour_degree": 10,
            "labour_postgraduate": 10,
            "labour_salary_good": 15,
            "labour_salary_high": 15,
            "labour_experience": 10,
            "labour_experience_long": 5,
            "labour_management_or_rnd": 10,
            "labour_education_fits_job": 10,
            "labour_languages": 10,
            "labour_patent": 5,
        },
        id="skilled-worker-every-step",
    ),
    pytest.param(
        {
            "category": "qualified_labour",
            "education": "bachelor",
            "annual_gross_salary_try": 1_499_999,
            "years_experience": 4,
            "management_or_rnd_role": False,
            "education_matches_job": True,
            "languages": 1,
            "patents": 0,
        },
        False,
        (20, 20),
        {"labour_degree": 10, "labour_education_fits_job": 10},
        id="skilled-worker-below-every-threshold",
    ),
    pytest.param(
        {
            "category": "qualified_labour",
            "education": "secondary_or_less",
            "annual_gross_salary_try": 1_500_000,
            "years_experience": 5,
        },
        None,
        (25, 60),
        {
            "labour_salary_good": 15,
            "labour_experience": 10,
            "labour_management_or_rnd": None,
            "labour_education_fits_job": None,
            "labour_languages": None,
            "labour_patent": None,
        },
        id="skilled-worker-thresholds-reached-exactly-rest-unknown",
    ),
    pytest.param(
        {"category": "qualified_labour"},
        None,
        (0, 100),
        {
            "labour_degree": None,
            "labour_postgraduate": None,
            "labour_salary_good": None,
            "labour_salary_high": None,
            "labour_experience": None,
            "labour_experience_long": None,
            "labour_management_or_rnd": None,
            "labour_education_fits_job": None,
            "labour_languages": None,
            "labour_patent": None,
        },
        id="only-category-known",
    ),
    pytest.param(
        {
            "category": "qualified_investor",
            "investment_usd": 2_500_000,
            "exports_usd": 1_200_000,
            "jobs_created": 12,
            "patents": 0,
        },
        True,
        (65, 65),
        {
            "investor_investment": 20,
            "investor_investment_large": 20,
            "investor_exports": 15,
            "investor_jobs": 10,
        },
        id="investor-passes",
    ),
    pytest.param(
        {
            "category": "qualified_investor",
            "investment_usd": 499_999,
            "exports_usd": 0,
            "jobs_created": 9,
            "patents": 1,
        },
        False,
        (10, 10),
        {"investor_technology": 10},
        id="investor-below-thresholds",
    ),
    pytest.param(
        {
            "category": "scientist_researcher",
            "education": "doctorate",
            "academic_rank": "professor",
            "publications": 35,
            "patents": 0,
            "international_awards": 0,
            "years_experience": 12,
        },
        True,
        (80, 80),
        {
            "scientist_doctorate": 20,
            "scientist_senior_rank": 15,
            "scientist_professor": 10,
            "scientist_publications": 15,
            "scientist_publications_many": 10,
            "scientist_experience": 10,
        },
        id="scientist-professor-passes",
    ),
    pytest.param(
        {
            "category": "scientist_researcher",
            "education": "master",
            "academic_rank": "researcher",
            "publications": 9,
            "patents": 0,
            "international_awards": 0,
            "years_experience": 3,
        },
        False,
        (0, 0),
        {},
        id="scientist-early-career-fails",
    ),
    pytest.param(
        {
            "category": "culture_arts_sports",
            "international_awards": 3,
            "international_recognition": True,
        },
        True,
        (85, 100),
        {
            "culture_award": 35,
            "culture_awards_several": 15,
            "culture_recognition": 35,
            "culture_long_career": None,
        },
        id="artist-passes-before-career-is-known",
    ),
    pytest.param(
        {
            "category": "culture_arts_sports",
            "international_awards": 0,
            "international_recognition": False,
            "years_experience": 3,
        },
        False,
        (0, 0),
        {},
        id="artist-without-international-success",
    ),
    pytest.param(
        {
            "category": "promotion_of_turkey",
            "international_recognition": True,
            "international_awards": 1,
        },
        True,
        (75, 100),
        {"promotion_recognition": 50, "promotion_award": 25, "promotion_languages": None},
        id="promotion-passes",
    ),
    pytest.param(
        {"category": "promotion_of_turkey", "international_awards": 1, "languages": 0},
        None,
        (25, 75),
        {"promotion_recognition": None, "promotion_award": 25},
        id="promotion-recognition-unknown",
    ),
    pytest.param(
        {**STRONG_WORKER, "temporary_protection_or_excluded_student": True},
        False,
        (75, 75),
        None,
        id="temporary-protection-excluded-despite-points",
    ),
]


@pytest.mark.parametrize(("answers", "eligible", "total", "factor_points"), CASES)
def test_turquoise_card_cases(rules, answers, eligible, total, factor_points):
    outcome, _ = run(rules, answers)
    assert outcome.eligible is eligible
    assert (outcome.score.low, outcome.score.high) == total
    assert outcome.score.pass_mark == 60
    if factor_points is not None:
        assert points(outcome) == factor_points


def test_no_category_gives_null(rules):
    outcome, result = run(rules, {})
    assert outcome.eligible is None
    assert "category" in outcome.missing
    assert result.documents and {d.code for d in result.documents} >= {"passport", "cv"}


def test_other_categories_never_count(rules):
    outcome, _ = run(rules, {**STRONG_WORKER, "investment_usd": 9_000_000, "publications": 99})
    counted = {f.id for f in outcome.score.factors if f.points}
    assert counted and all(code.startswith("labour_") for code in counted)


def test_only_the_chosen_category_s_factors_apply(rules):
    outcome, _ = run(rules, STRONG_WORKER)
    applying = {f.id for f in outcome.score.factors if f.applies is not False}
    assert applying and all(code.startswith("labour_") for code in applying)
    undecided, _ = run(rules, {})
    assert all(f.applies is None for f in undecided.score.factors)


@pytest.mark.parametrize(
    ("answers", "present", "absent"),
    [
        (STRONG_WORKER, {"passport", "cv", "diploma", "work_contract"}, {"investment_proof"}),
        (
            {"category": "qualified_investor"},
            {"passport", "investment_proof"},
            {"diploma", "work_contract", "research_record"},
        ),
        (
            {"category": "scientist_researcher"},
            {"diploma", "research_record", "awards_proof"},
            {"work_contract"},
        ),
        ({"category": "culture_arts_sports"}, {"awards_proof"}, {"diploma"}),
    ],
)
def test_documents_follow_the_category(rules, answers, present, absent):
    _, result = run(rules, answers)
    codes = {d.code for d in result.documents}
    assert present <= codes
    assert not (absent & codes)


def test_operator_values_change_the_result(rules):
    assert run(rules, STRONG_WORKER)[0].eligible is True
    stricter = run(rules, STRONG_WORKER, values={"turquoise.pass_mark": 90})[0]
    assert stricter.eligible is False
    heavier = run(rules, STRONG_WORKER, values={"turquoise.labour.languages_points": 30})[0]
    assert heavier.score.low == 95


def test_every_weight_is_marked_illustrative():
    values = load_values(RULES_DIR / "values.yaml")
    turquoise = {key: spec for key, spec in values.items() if key.startswith("turquoise.")}
    assert "turquoise.pass_mark" in turquoise
    for key, spec in turquoise.items():
        assert spec.check_with_authority is True, key
        assert "illustrative" in (spec.note or "").lower(), key
        assert spec.checked_on == dt.date(2026, 11, 30)


@pytest.mark.parametrize(
    ("lang", "ministry"),
    [("en", "Ministry"), ("tr", "Bakanlığı"), ("ar", "وزارة"), ("fa", "وزارت")],
)
def test_texts_say_only_the_ministry_decides(rules, lang, ministry):
    outcome, result = run(rules, STRONG_WORKER, lang=lang)
    assert ministry in rules.summary.get(lang)
    assert any(ministry in reason for reason in outcome.reasons)
    assert outcome.title != rules.outcomes[0].title.get("en") or lang == "en"
    assert result.checked_on == dt.date(2026, 11, 30)


def test_legal_basis(rules):
    _, result = run(rules, STRONG_WORKER)
    codes = {basis.code: basis for basis in result.legal_basis}
    assert codes["law-6735-art-11"].law_slug == "law-6735"
    assert codes["law-6735-art-11"].article == "11"
    assert codes["turquoise-card-regulation"].law_slug == "turquoise-card-regulation"
    assert "30007" in codes["turquoise-card-regulation"].text


def test_questions_asked_only_for_the_chosen_category(rules):
    answers = {"category": "qualified_investor"}
    asked = []
    while (question := next_question(rules, answers, today=TODAY)) is not None:
        asked.append(question.id)
        answers[question.id] = {
            "temporary_protection_or_excluded_student": False,
            "investment_usd": 3_000_000,
            "exports_usd": 1_000_000,
            "jobs_created": 0,
            "patents": 1,
        }[question.id]
    assert asked == [
        "temporary_protection_or_excluded_student",
        "investment_usd",
        "exports_usd",
        "jobs_created",
        "patents",
    ]
    outcome = run(rules, answers)[0]
    assert (outcome.eligible, outcome.score.low) == (True, 65)


def test_questions_stop_once_the_answer_is_clear(rules):
    answers = {"category": "qualified_investor"}
    asked = []
    while (question := next_question(rules, answers, today=TODAY)) is not None:
        asked.append(question.id)
        answers[question.id] = False if question.type == "boolean" else 0
    assert "education" not in asked and "publications" not in asked
    assert "jobs_created" not in asked  # no investment and no exports: 60 is out of reach
    assert run(rules, answers)[0].eligible is False
