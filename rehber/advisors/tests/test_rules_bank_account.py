"""The bank-account rules: what a person can open now, and what is still missing."""

import pytest

from rehber.advisors.engine import coerce_answers, next_question

from .rules_support import TODAY, failed, result, shipped

ADVISOR = "bank-account"
ALL_DOCUMENTS = [
    "passport",
    "foreigner_id",
    "tax_number",
    "residence_permit",
    "address_proof",
    "turkish_phone",
]
VISITOR = {
    "status": "visa_or_visa_free",
    "has_passport": "yes",
    "has_foreigner_id_99": "no",
    "has_tax_number": "yes",
    "has_residence_permit": "no",
    "has_address_proof": "yes",
    "has_turkish_phone": "yes",
}
PROTECTED = {
    "status": "temporary_protection",
    "has_passport": "no",
    "has_foreigner_id_99": "yes",
    "has_tax_number": "no",
    "has_address_proof": "yes",
    "has_turkish_phone": "yes",
}

CASES = [
    # Under protection the 99 card is the ID and the tax number; no residence permit needed.
    (PROTECTED, True, [], []),
    ({**PROTECTED, "status": "refugee"}, True, [], []),
    (
        {**PROTECTED, "has_foreigner_id_99": "no"},
        False,
        ["identity", "tax_number"],
        ["passport", "foreigner_id", "tax_number"],
    ),
    ({**PROTECTED, "has_address_proof": "no"}, False, ["address"], ["address_proof"]),
    ({**PROTECTED, "has_turkish_phone": "no"}, False, ["phone"], ["turkish_phone"]),
    # A visitor on a passport: banks now ask for a residence permit.
    (VISITOR, False, ["residence_permit"], ["residence_permit"]),
    ({**VISITOR, "has_residence_permit": "yes"}, True, [], []),
    (
        {**VISITOR, "has_residence_permit": "yes", "has_tax_number": "no"},
        False,
        ["tax_number"],
        ["tax_number"],
    ),
    (
        {**VISITOR, "has_residence_permit": "yes", "has_passport": "no"},
        False,
        ["identity"],
        ["passport"],
    ),
    # A permit holder has the permit and the 99 number on it.
    (
        {**VISITOR, "status": "student", "has_foreigner_id_99": "yes", "has_tax_number": "no"},
        True,
        [],
        [],
    ),
    ({**VISITOR, "status": "long_term", "has_foreigner_id_99": "yes"}, True, [], []),
]


@pytest.mark.parametrize(("raw", "expected", "failing", "documents"), CASES)
def test_bank_account_rules(raw, expected, failing, documents):
    evaluation = result(ADVISOR, raw)
    assert evaluation.outcome("bank_account").eligible is expected
    assert failed(ADVISOR, raw, "bank_account") == failing
    assert [d.code for d in evaluation.documents] == documents


def test_nothing_answered_is_unknown_and_lists_every_document_with_how_to_get_it():
    for lang in ("ar", "tr", "en", "fa"):
        evaluation = result(ADVISOR, {}, lang=lang)
        outcome = evaluation.outcome("bank_account")
        assert outcome.eligible is None
        assert outcome.missing
        assert [d.code for d in evaluation.documents] == ALL_DOCUMENTS
        assert all(d.text and d.how_to_get for d in evaluation.documents)
    assert "ivd.gib.gov.tr" in result(ADVISOR, {}, lang="ar").documents[2].how_to_get


def test_a_yes_no_fact_not_given_is_unknown():
    raw = {key: value for key, value in PROTECTED.items() if key != "has_turkish_phone"}
    evaluation = result(ADVISOR, raw)
    assert evaluation.outcome("bank_account").eligible is None
    assert evaluation.outcome("bank_account").missing == ["has_turkish_phone"]
    assert [d.code for d in evaluation.documents] == ["turkish_phone"]


def test_admins_can_follow_bank_practice_through_values():
    relaxed = {"bank.residence_permit_required": False, "bank.turkish_phone_required": False}
    raw = {**VISITOR, "has_turkish_phone": "no"}
    assert result(ADVISOR, raw).outcome("bank_account").eligible is False
    evaluation = result(ADVISOR, raw, values=relaxed)
    assert evaluation.outcome("bank_account").eligible is True
    assert evaluation.documents == []


def test_the_flow_asks_every_fact_the_checklist_needs_and_ends():
    rule_set = shipped()[ADVISOR]
    answers: dict = {}
    asked = []
    while (question := next_question(rule_set, answers, today=TODAY)) is not None:
        asked.append(question.id)
        typed, errors = coerce_answers(rule_set, {question.id: VISITOR[question.id]})
        assert errors == {}
        answers.update(typed)
    assert asked == list(VISITOR)
    assert result(ADVISOR, answers).outcome("bank_account").eligible is False


def test_protected_people_are_not_asked_about_a_residence_permit():
    rule_set = shipped()[ADVISOR]
    answers, _ = coerce_answers(rule_set, {"status": "temporary_protection"})
    asked = []
    while (question := next_question(rule_set, answers, today=TODAY)) is not None:
        asked.append(question.id)
        answers[question.id] = True
    assert "has_residence_permit" not in asked
    assert result(ADVISOR, answers).outcome("bank_account").eligible is True
