"""Family reunification to Germany: table-driven cases from the sourced facts.

Each row: answers -> eligible (True / False / None) and documents that must or must not be
listed. Facts and their sources are in rules/family-reunification.yaml and values.yaml
(checked 2026-11-30).
"""

import datetime as dt
from pathlib import Path

import pytest

from rehber.advisors.engine import coerce_answers, evaluate, load_rule_sets, next_question
from rehber.advisors.engine.loader import load_values

RULES_DIR = Path(__file__).resolve().parent.parent / "rules"
TODAY = dt.date(2026, 11, 30)  # inside the suspension window for subsidiary protection


@pytest.fixture(scope="module")
def rules():
    return load_rule_sets(RULES_DIR)["family-reunification"]


def run(rules, answers, *, lang="en", today=TODAY, values=None):
    typed, errors = coerce_answers(rules, answers)
    assert errors == {}
    result = evaluate(rules, typed, lang=lang, today=today, values=values)
    (outcome,) = result.outcomes
    assert outcome.code == "family_reunification"
    return outcome, {doc.code for doc in result.documents}, result


REFUGEE_SPOUSE = {
    "sponsor_status": "recognised_refugee",
    "relation": "spouse",
    "applicant_age": 30,
    "sponsor_age": 32,
    "married_before_sponsor_entry": True,
}
SUBSIDIARY_SPOUSE = {
    "sponsor_status": "subsidiary_protection",
    "relation": "spouse",
    "applicant_age": 30,
    "sponsor_age": 32,
    "married_before_sponsor_entry": True,
}
REFUGEE_PARENT = {
    "sponsor_status": "recognised_refugee",
    "relation": "parent_of_minor",
    "applicant_age": 45,
    "other_parent_in_germany": False,
}
MONEY_AND_HOME = {"proof_of_livelihood", "proof_of_housing"}

CASES = [
    # --- privileged reunification: refugee's spouse within three months (§ 29 (2)) ---
    pytest.param(
        {**REFUGEE_SPOUSE, "months_since_recognition": 0},
        True,
        {
            "passport",
            "marriage_certificate",
            "bamf_decision",
            "three_month_notice",
            "sworn_translations",
            "visa_fee",
        },
        MONEY_AND_HOME | {"a1_certificate", "birth_certificate", "custody_or_consent"},
        id="refugee-spouse-month-0-no-money-or-housing-proof",
    ),
    pytest.param(
        {**REFUGEE_SPOUSE, "months_since_recognition": 2},
        True,
        {"sponsor_residence_permit", "visa_application_form", "biometric_photos"},
        MONEY_AND_HOME | {"a1_certificate"},
        id="refugee-spouse-month-2-still-privileged",
    ),
    pytest.param(
        {**REFUGEE_SPOUSE, "months_since_recognition": 3},
        True,
        MONEY_AND_HOME,
        {"a1_certificate", "three_month_notice"},
        id="refugee-spouse-3-full-months-deadline-passed",
    ),
    pytest.param(
        {**REFUGEE_SPOUSE, "months_since_recognition": 7},
        True,
        MONEY_AND_HOME,
        set(),
        id="refugee-spouse-after-deadline-needs-money-and-housing",
    ),
    pytest.param(
        {**REFUGEE_SPOUSE, "months_since_recognition": 1, "family_life_possible_elsewhere": True},
        True,
        MONEY_AND_HOME,
        set(),
        id="refugee-spouse-family-life-possible-elsewhere",
    ),
    pytest.param(
        REFUGEE_SPOUSE,
        True,
        MONEY_AND_HOME,
        set(),
        id="refugee-spouse-months-unknown-documents-listed-to-be-safe",
    ),
    # --- A1 German for refugees' spouses: only when married after the sponsor's entry ---
    pytest.param(
        {**REFUGEE_SPOUSE, "married_before_sponsor_entry": False, "months_since_recognition": 1},
        None,
        {"a1_certificate"},
        MONEY_AND_HOME,
        id="refugee-spouse-married-after-entry-a1-unknown",
    ),
    pytest.param(
        {
            **REFUGEE_SPOUSE,
            "married_before_sponsor_entry": False,
            "months_since_recognition": 1,
            "has_a1_german": False,
        },
        False,
        set(),
        {"a1_certificate"},
        id="refugee-spouse-married-after-entry-without-a1",
    ),
    pytest.param(
        {
            **REFUGEE_SPOUSE,
            "married_before_sponsor_entry": False,
            "months_since_recognition": 1,
            "has_a1_german": True,
        },
        True,
        {"a1_certificate"},
        MONEY_AND_HOME,
        id="refugee-spouse-married-after-entry-with-a1",
    ),
    pytest.param(
        {**REFUGEE_SPOUSE, "married_before_sponsor_entry": None, "has_a1_german": True},
        True,
        {"a1_certificate"},
        set(),
        id="refugee-spouse-a1-held-so-marriage-date-does-not-matter",
    ),
    # --- spouses must both be 18 (§ 30 (1)) ---
    pytest.param(
        {**REFUGEE_SPOUSE, "applicant_age": 17, "months_since_recognition": 1},
        False,
        set(),
        {"passport"},
        id="spouse-17-refused",
    ),
    pytest.param(
        {**REFUGEE_SPOUSE, "sponsor_age": 17, "months_since_recognition": 1},
        False,
        set(),
        set(),
        id="sponsor-spouse-17-refused",
    ),
    pytest.param(
        {**REFUGEE_SPOUSE, "applicant_age": 18, "sponsor_age": 18, "months_since_recognition": 1},
        True,
        set(),
        set(),
        id="spouses-exactly-18",
    ),
    pytest.param(
        {**REFUGEE_SPOUSE, "sponsor_age": None},
        None,
        {"marriage_certificate"},
        set(),
        id="sponsor-age-unknown",
    ),
    # --- subsidiary protection: paused 24 Jul 2025 - 23 Jul 2027 (§ 104 (14)) ---
    pytest.param(
        {**SUBSIDIARY_SPOUSE, "application_date": "2025-07-23"},
        True,
        {"bamf_decision", "marriage_certificate"},
        MONEY_AND_HOME | {"a1_certificate"},
        id="subsidiary-day-before-pause",
    ),
    pytest.param(
        {**SUBSIDIARY_SPOUSE, "application_date": "2025-07-24"},
        False,
        set(),
        {"passport"},
        id="subsidiary-first-day-of-pause",
    ),
    pytest.param(
        {**SUBSIDIARY_SPOUSE, "application_date": "2026-11-30"},
        False,
        set(),
        set(),
        id="subsidiary-middle-of-pause",
    ),
    pytest.param(
        {**SUBSIDIARY_SPOUSE, "application_date": "2027-07-23"},
        False,
        set(),
        set(),
        id="subsidiary-last-day-of-pause",
    ),
    pytest.param(
        {**SUBSIDIARY_SPOUSE, "application_date": "2027-07-24"},
        True,
        {"bamf_decision"},
        set(),
        id="subsidiary-day-after-pause",
    ),
    pytest.param(
        {**SUBSIDIARY_SPOUSE, "application_date": "2026-01-15", "invited_before_suspension": True},
        True,
        {"passport"},
        set(),
        id="subsidiary-invited-before-pause-not-affected",
    ),
    pytest.param(
        {
            **SUBSIDIARY_SPOUSE,
            "married_before_sponsor_entry": False,
            "application_date": "2027-08-01",
        },
        False,
        set(),
        set(),
        id="subsidiary-marriage-after-flight",
    ),
    pytest.param(
        {
            "sponsor_status": "subsidiary_protection",
            "relation": "minor_child",
            "applicant_age": 9,
            "other_parent_in_germany": True,
            "application_date": "2025-03-01",
        },
        True,
        {"birth_certificate"},
        MONEY_AND_HOME | {"custody_or_consent", "marriage_certificate"},
        id="subsidiary-child-before-pause",
    ),
    pytest.param(
        {
            "sponsor_status": "subsidiary_protection",
            "relation": "minor_child",
            "applicant_age": 9,
            "application_date": "2026-03-01",
        },
        False,
        set(),
        set(),
        id="subsidiary-child-during-pause",
    ),
    # --- parents of a minor refugee (§ 36 (1)) and the CJEU date rule (C-273/20, C-355/20) ---
    pytest.param(
        {**REFUGEE_PARENT, "sponsor_age": 16},
        True,
        {"birth_certificate", "bamf_decision"},
        MONEY_AND_HOME | {"marriage_certificate", "a1_certificate"},
        id="parents-of-minor-refugee-no-money-or-housing-proof",
    ),
    pytest.param(
        {**REFUGEE_PARENT, "sponsor_age": 16, "months_since_recognition": 20},
        True,
        set(),
        MONEY_AND_HOME,
        id="parents-of-child-still-minor-no-deadline",
    ),
    pytest.param(
        {
            **REFUGEE_PARENT,
            "sponsor_age": 19,
            "sponsor_minor_at_asylum_application": True,
            "months_since_recognition": 2,
        },
        True,
        {"birth_certificate", "three_month_notice"},
        MONEY_AND_HOME,
        id="cjeu-child-now-19-minor-at-asylum-within-3-months",
    ),
    pytest.param(
        {
            **REFUGEE_PARENT,
            "sponsor_age": 19,
            "sponsor_minor_at_asylum_application": True,
            "months_since_recognition": 3,
        },
        False,
        set(),
        set(),
        id="cjeu-child-now-19-three-full-months-passed",
    ),
    pytest.param(
        {
            **REFUGEE_PARENT,
            "sponsor_age": 19,
            "sponsor_minor_at_asylum_application": False,
            "months_since_recognition": 1,
        },
        False,
        set(),
        set(),
        id="cjeu-child-was-adult-at-asylum-application",
    ),
    pytest.param(
        {**REFUGEE_PARENT, "sponsor_age": 19, "months_since_recognition": 1},
        None,
        {"birth_certificate"},
        set(),
        id="cjeu-minority-at-asylum-application-unknown",
    ),
    pytest.param(
        {**REFUGEE_PARENT, "sponsor_age": 19, "sponsor_minor_at_asylum_application": True},
        None,
        set(),
        set(),
        id="cjeu-months-since-recognition-unknown",
    ),
    pytest.param(
        {**REFUGEE_PARENT, "sponsor_age": 15, "other_parent_in_germany": True},
        False,
        set(),
        set(),
        id="parent-already-in-germany-closes-route",
    ),
    pytest.param(
        {
            "sponsor_status": "subsidiary_protection",
            "relation": "parent_of_minor",
            "applicant_age": 45,
            "sponsor_age": 19,
            "sponsor_minor_at_asylum_application": True,
            "other_parent_in_germany": False,
            "application_date": "2025-03-01",
        },
        False,
        set(),
        set(),
        id="cjeu-rule-not-for-subsidiary-protection",
    ),
    pytest.param(
        {
            "sponsor_status": "subsidiary_protection",
            "relation": "parent_of_minor",
            "applicant_age": 45,
            "sponsor_age": 15,
            "other_parent_in_germany": False,
            "application_date": "2025-03-01",
        },
        True,
        {"birth_certificate", "bamf_decision"},
        set(),
        id="subsidiary-minor-parents-before-pause",
    ),
    pytest.param(
        {"sponsor_status": "german_citizen", "relation": "parent_of_minor", "sponsor_age": 8},
        True,
        {"birth_certificate", "sponsor_residence_permit"},
        MONEY_AND_HOME | {"bamf_decision"},
        id="parent-of-minor-german-child",
    ),
    pytest.param(
        {"sponsor_status": "german_citizen", "relation": "parent_of_minor", "sponsor_age": 18},
        False,
        set(),
        set(),
        id="parent-of-adult-german-child",
    ),
    pytest.param(
        {"sponsor_status": "blue_card", "relation": "parent_of_minor", "sponsor_age": 16},
        False,
        set(),
        set(),
        id="parents-route-not-for-blue-card",
    ),
    # --- asylum pending and Duldung: generally no right (§ 29) ---
    pytest.param(
        {**REFUGEE_SPOUSE, "sponsor_status": "asylum_pending"},
        False,
        set(),
        {"passport"},
        id="asylum-pending-no-right",
    ),
    pytest.param(
        {"sponsor_status": "duldung", "relation": "minor_child", "applicant_age": 5},
        False,
        set(),
        set(),
        id="duldung-no-right",
    ),
    pytest.param(
        {"sponsor_status": "duldung"},
        False,
        set(),
        set(),
        id="duldung-no-right-even-with-few-answers",
    ),
    # --- siblings, adult children, other relatives: only hardship (§ 36 (2)) ---
    pytest.param(
        {
            "sponsor_status": "recognised_refugee",
            "relation": "sibling_of_minor",
            "applicant_age": 12,
        },
        False,
        set(),
        set(),
        id="sibling-of-minor-refugee-hardship-only",
    ),
    pytest.param(
        {"sponsor_status": "recognised_refugee", "relation": "adult_child", "applicant_age": 22},
        False,
        set(),
        set(),
        id="adult-child-of-refugee-hardship-only",
    ),
    pytest.param(
        {"sponsor_status": "german_citizen", "relation": "other", "applicant_age": 60},
        False,
        set(),
        set(),
        id="other-relative-hardship-only",
    ),
    # --- EU citizens (FreizügG/EU): children under 21 or dependent; no A1 ---
    pytest.param(
        {"sponsor_status": "eu_citizen", "relation": "adult_child", "applicant_age": 20},
        True,
        {"birth_certificate"},
        MONEY_AND_HOME | {"bamf_decision"},
        id="eu-citizen-child-20",
    ),
    pytest.param(
        {"sponsor_status": "eu_citizen", "relation": "adult_child", "applicant_age": 21},
        False,
        set(),
        set(),
        id="eu-citizen-child-21-not-dependent-by-default",
    ),
    pytest.param(
        {
            "sponsor_status": "eu_citizen",
            "relation": "adult_child",
            "applicant_age": 25,
            "dependent_on_sponsor": True,
        },
        True,
        set(),
        set(),
        id="eu-citizen-dependent-child-25",
    ),
    pytest.param(
        {
            "sponsor_status": "eu_citizen",
            "relation": "spouse",
            "applicant_age": 30,
            "sponsor_age": 30,
        },
        True,
        {"marriage_certificate"},
        MONEY_AND_HOME | {"a1_certificate"},
        id="eu-citizen-spouse-no-a1",
    ),
    # --- Blue Card and skilled workers: no A1 for spouses; money and housing needed ---
    pytest.param(
        {
            "sponsor_status": "blue_card",
            "relation": "spouse",
            "applicant_age": 29,
            "sponsor_age": 31,
        },
        True,
        MONEY_AND_HOME | {"marriage_certificate"},
        {"a1_certificate", "bamf_decision"},
        id="blue-card-spouse-no-a1",
    ),
    pytest.param(
        {
            "sponsor_status": "skilled_worker",
            "relation": "spouse",
            "applicant_age": 29,
            "sponsor_age": 31,
            "has_a1_german": False,
        },
        True,
        MONEY_AND_HOME,
        {"a1_certificate"},
        id="skilled-worker-spouse-no-a1",
    ),
    pytest.param(
        {
            "sponsor_status": "skilled_worker",
            "relation": "minor_child",
            "applicant_age": 17,
            "other_parent_in_germany": False,
        },
        True,
        MONEY_AND_HOME | {"custody_or_consent", "birth_certificate"},
        set(),
        id="skilled-worker-child-other-parent-abroad",
    ),
    # --- German citizens: spouses need A1 unless an exception applies ---
    pytest.param(
        {
            "sponsor_status": "german_citizen",
            "relation": "spouse",
            "applicant_age": 25,
            "sponsor_age": 27,
            "has_a1_german": False,
        },
        False,
        set(),
        set(),
        id="german-spouse-without-a1",
    ),
    pytest.param(
        {
            "sponsor_status": "german_citizen",
            "relation": "spouse",
            "applicant_age": 25,
            "sponsor_age": 27,
            "has_a1_german": True,
        },
        True,
        {"a1_certificate", "marriage_certificate"},
        MONEY_AND_HOME,
        id="german-spouse-with-a1-no-money-proof",
    ),
    pytest.param(
        {
            "sponsor_status": "german_citizen",
            "relation": "spouse",
            "applicant_age": 25,
            "sponsor_age": 27,
            "has_a1_german": False,
            "a1_special_exception": True,
        },
        True,
        set(),
        {"a1_certificate"},
        id="german-spouse-a1-exception",
    ),
    # --- children ---
    pytest.param(
        {
            "sponsor_status": "recognised_refugee",
            "relation": "minor_child",
            "applicant_age": 10,
            "months_since_recognition": 1,
            "other_parent_in_germany": False,
        },
        True,
        {"birth_certificate", "custody_or_consent"},
        MONEY_AND_HOME,
        id="refugee-child-other-parent-abroad",
    ),
    pytest.param(
        {
            "sponsor_status": "recognised_refugee",
            "relation": "minor_child",
            "applicant_age": 10,
            "months_since_recognition": 1,
            "other_parent_in_germany": True,
        },
        True,
        set(),
        {"custody_or_consent"},
        id="refugee-child-both-parents-in-germany",
    ),
    pytest.param(
        {
            "sponsor_status": "recognised_refugee",
            "relation": "minor_child",
            "applicant_age": 18,
            "months_since_recognition": 2,
            "applicant_minor_at_sponsor_asylum_application": True,
        },
        True,
        set(),
        MONEY_AND_HOME,
        id="child-now-18-minor-at-parents-asylum-within-3-months",
    ),
    pytest.param(
        {
            "sponsor_status": "recognised_refugee",
            "relation": "minor_child",
            "applicant_age": 18,
            "months_since_recognition": 5,
            "applicant_minor_at_sponsor_asylum_application": True,
        },
        False,
        set(),
        set(),
        id="child-now-18-after-3-months",
    ),
    pytest.param(
        {
            "sponsor_status": "recognised_refugee",
            "relation": "minor_child",
            "applicant_age": 18,
            "months_since_recognition": 1,
        },
        False,
        set(),
        set(),
        id="child-18-assumed-adult-at-parents-asylum",
    ),
    pytest.param(
        {"sponsor_status": "german_citizen", "relation": "minor_child", "applicant_age": 17},
        True,
        {"birth_certificate"},
        MONEY_AND_HOME,
        id="german-parent-child-17",
    ),
    # --- missing answers give null, never a guess ---
    pytest.param({}, None, set(), set(), id="no-answers"),
    pytest.param(
        {"sponsor_status": "recognised_refugee"}, None, set(), set(), id="relation-missing"
    ),
    pytest.param(
        {"sponsor_status": "recognised_refugee", "relation": "minor_child"},
        None,
        set(),
        set(),
        id="child-age-missing",
    ),
]


@pytest.mark.parametrize(("answers", "eligible", "present", "absent"), CASES)
def test_family_reunification_cases(rules, answers, eligible, present, absent):
    outcome, documents, _ = run(rules, answers)
    assert outcome.eligible is eligible, outcome.reasons
    assert present <= documents
    assert not (absent & documents)
    if eligible is False:
        assert documents == set()
        assert outcome.reasons  # a false always says why
    if eligible is None:
        assert outcome.missing  # a null always names what is missing


@pytest.mark.parametrize(
    ("answers", "words"),
    [
        (
            {**SUBSIDIARY_SPOUSE, "application_date": "2026-01-01"},
            ["hardship", "§ 104 (14)", "§ 22"],
        ),
        ({"sponsor_status": "asylum_pending", "relation": "spouse"}, ["§ 29", "Duldung"]),
        ({"sponsor_status": "recognised_refugee", "relation": "sibling_of_minor"}, ["§ 36 (2)"]),
        ({"sponsor_status": "recognised_refugee", "relation": "adult_child"}, ["hardship"]),
        (
            {**REFUGEE_PARENT, "sponsor_age": 19, "sponsor_minor_at_asylum_application": False},
            ["three months", "1 August 2022"],
        ),
        ({**REFUGEE_SPOUSE, "applicant_age": 16}, ["18", "§ 30 (1)"]),
    ],
)
def test_refusals_name_their_reason_and_basis(rules, answers, words):
    outcome, _, _ = run(rules, answers)
    assert outcome.eligible is False
    text = " ".join(outcome.reasons)
    for word in words:
        assert word in text


def test_suspension_uses_today_when_no_date_is_given(rules):
    inside, _, result = run(rules, SUBSIDIARY_SPOUSE, today=dt.date(2026, 11, 30))
    assert inside.eligible is False
    assert any("today" in text for text in result.assumptions)
    after, _, _ = run(rules, SUBSIDIARY_SPOUSE, today=dt.date(2027, 7, 24))
    assert after.eligible is True
    before, _, _ = run(rules, SUBSIDIARY_SPOUSE, today=dt.date(2025, 7, 23))
    assert before.eligible is True


def test_suspension_dates_come_from_values(rules):
    answers = {**SUBSIDIARY_SPOUSE, "application_date": "2027-08-01"}
    outcome, _, _ = run(rules, answers)
    assert outcome.eligible is True
    extended = {"family_reunification.subsidiary_suspension_end": dt.date(2029, 7, 23)}
    outcome, _, _ = run(rules, answers, values=extended)
    assert outcome.eligible is False


def test_suspension_values_and_sources():
    values = load_values(RULES_DIR / "values.yaml")
    assert values["family_reunification.subsidiary_suspension_start"].value == dt.date(2025, 7, 24)
    end = values["family_reunification.subsidiary_suspension_end"]
    assert end.value == dt.date(2027, 7, 23)
    assert end.check_with_authority is True
    assert values["family_reunification.refugee_deadline_months"].value == 3
    for key, spec in values.items():
        if key.startswith("family_reunification."):
            assert spec.checked_on == dt.date(2026, 11, 30)
            assert spec.source


def test_privileged_spouse_states_assumption_about_third_country(rules):
    _, documents, result = run(rules, {**REFUGEE_SPOUSE, "months_since_recognition": 1})
    assert not (MONEY_AND_HOME & documents)
    assert any("another country outside the EU" in text for text in result.assumptions)


@pytest.mark.parametrize("lang", ["ar", "tr", "en", "fa"])
def test_every_language_gets_its_own_text(rules, lang):
    answers = {**SUBSIDIARY_SPOUSE, "application_date": "2026-01-01"}
    outcome, _, result = run(rules, answers, lang=lang)
    english, _, _ = run(rules, answers, lang="en")
    assert outcome.reasons and all(reason.strip() for reason in outcome.reasons)
    if lang != "en":
        assert outcome.reasons != english.reasons
        assert outcome.title != english.title
    assert "2025" in outcome.reasons[0] or "۲۰۲۵" in outcome.reasons[0]
    assert result.checked_on == dt.date(2026, 11, 30)


def test_legal_basis_links_to_official_sources(rules):
    _, _, result = run(rules, {**SUBSIDIARY_SPOUSE, "application_date": "2026-01-01"})
    codes = {basis.code for basis in result.legal_basis}
    assert {"aufenthg-104", "aufenthg-22", "aufenthg-36a"} <= codes
    hosts = ("https://www.gesetze-im-internet.de/", "https://curia.europa.eu/", ".diplo.de/")
    for entry in rules.legal_basis.values():
        assert any(host in entry.url for host in hosts), entry.url
        assert entry.checked_on == dt.date(2026, 11, 30)
    parents = run(rules, {**REFUGEE_PARENT, "sponsor_age": 19})[2]
    assert "cjeu-c-273-20" in {basis.code for basis in parents.legal_basis}


def test_questions_follow_the_answers(rules):
    assert next_question(rules, {}, today=TODAY).id == "sponsor_status"
    answers = {"sponsor_status": "recognised_refugee", "relation": "parent_of_minor"}
    asked = []
    while (question := next_question(rules, answers, today=TODAY)) is not None:
        asked.append(question.id)
        answers[question.id] = {
            "applicant_age": 44,
            "sponsor_age": 19,
            "months_since_recognition": 1,
            "sponsor_minor_at_asylum_application": True,
            "other_parent_in_germany": False,
        }[question.id]
    assert "sponsor_minor_at_asylum_application" in asked
    assert "has_a1_german" not in asked and "application_date" not in asked
    assert run(rules, answers)[0].eligible is True
