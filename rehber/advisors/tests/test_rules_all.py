"""Every shipped rule file: it loads, keeps the API contract, and behaves soundly for any answers.

The property tests run over all rule files present, so a new advisor is covered as soon as
its file lands.
"""

import datetime as dt

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rehber.advisors.engine import (
    LANGUAGES,
    coerce_answers,
    evaluate,
    explain,
    load_values,
    next_question,
)
from rehber.advisors.engine.conditions import answer_ids, value_keys
from rehber.advisors.engine.schema import ValueRef

from .rules_support import RULES_DIR, TODAY, shipped

SLUGS = sorted(shipped())
PROPERTY = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

CONTRACT = {
    "residence-permit": {
        "answers": [
            "status",
            "purpose",
            "age",
            "years_on_permits",
            "years_as_student",
            "years_humanitarian",
            "social_assistance_last_3_years",
            "health_insurance",
            "sufficient_income",
            "has_accommodation",
            "entry_ban",
            "sponsor",
            "relation",
            "sponsor_sufficient_income",
            "sponsor_has_housing",
            "sponsor_years_on_permit",
            "sponsor_family_crime_last_5_years",
            "admitted_to_higher_education",
            "months_since_graduation",
        ],
        "choices": {
            "status": [
                "visa_or_visa_free",
                "temporary_protection",
                "international_protection_applicant",
                "conditional_refugee",
                "refugee",
                "subsidiary_protection",
                "short_term",
                "family",
                "student",
                "long_term",
                "humanitarian",
            ],
            "purpose": [
                "tourism",
                "own_property",
                "business",
                "scientific_research",
                "medical_treatment",
                "turkish_course",
                "graduated_in_turkey",
                "investment",
                "join_family",
                "study",
                "stay_long_term",
            ],
            "sponsor": [
                "turkish_citizen",
                "permit_holder",
                "refugee",
                "subsidiary_protection",
                "none",
            ],
            "relation": ["spouse", "minor_child", "dependent_adult_child", "parent", "other"],
        },
        "outcomes": [
            "short_term",
            "family",
            "student",
            "long_term",
            "humanitarian",
            "trafficking_victim",
        ],
        "documents": [],
    },
    "bank-account": {
        "answers": [
            "status",
            "has_passport",
            "has_tax_number",
            "has_foreigner_id_99",
            "has_residence_permit",
            "has_address_proof",
            "has_turkish_phone",
        ],
        "choices": {},
        "outcomes": ["bank_account"],
        "documents": [
            "passport",
            "tax_number",
            "foreigner_id",
            "residence_permit",
            "address_proof",
            "turkish_phone",
        ],
    },
}


def referenced_values(rule_set) -> set[str]:
    conds = [q.ask_if for q in rule_set.questions if q.ask_if]
    keys: set[str] = set()
    for outcome in rule_set.outcomes:
        for requirement in outcome.requirements:
            conds += [c for c in (requirement.applies_if, requirement.test) if c]
        conds += [ref.if_ for ref in outcome.documents if ref.if_]
        if outcome.score:
            conds += [factor.when for factor in outcome.score.factors]
            for number in [f.points for f in outcome.score.factors] + [outcome.score.pass_mark]:
                if isinstance(number, ValueRef):
                    keys.add(number.value)
    for cond in conds:
        keys.update(value_keys(cond))
    return keys


def test_the_shipped_rule_files_load_and_keep_their_values_apart():
    assert {"residence-permit", "bank-account"} <= set(SLUGS)
    specs = load_values(RULES_DIR / "values.yaml")
    owners: dict[str, str] = {}
    for slug in SLUGS:
        keys = referenced_values(shipped()[slug])
        assert keys <= specs.keys()
        prefixes = {key.split(".")[0] for key in keys}
        assert len(prefixes) <= 1, (slug, prefixes)
        for prefix in prefixes:
            assert owners.setdefault(prefix, slug) == slug, prefix
    assert owners.get("residence") == "residence-permit"
    assert owners.get("bank") == "bank-account"


@pytest.mark.parametrize("slug", sorted(CONTRACT))
def test_api_answer_ids_and_codes_are_those_partners_use(slug):
    rule_set = shipped()[slug]
    contract = CONTRACT[slug]
    ids = [q.id for q in rule_set.questions]
    assert set(contract["answers"]) <= set(ids)
    for question in rule_set.questions:
        if question.id not in contract["answers"]:
            # Extra questions carry the common case and say so.
            assert question.default is not None and question.assumption is not None
    for qid, choices in contract["choices"].items():
        assert rule_set.question(qid).choice_values == choices
    assert [o.code for o in rule_set.outcomes] == contract["outcomes"]
    assert set(contract["documents"]) <= set(rule_set.documents)


def test_values_carry_their_sources():
    specs = load_values(RULES_DIR / "values.yaml")
    for key, spec in specs.items():
        assert spec.source and spec.checked_on <= TODAY, key
    uncertain = {key for key, spec in specs.items() if spec.check_with_authority}
    assert {
        "residence.humanitarian_years_factor",
        "residence.family_sponsor_min_years",
    } <= uncertain


@pytest.mark.parametrize("slug", SLUGS)
def test_every_text_is_written_in_four_languages(slug):
    rule_set = shipped()[slug]
    for lang in LANGUAGES:
        evaluation = evaluate(rule_set, {}, lang=lang, today=TODAY)
        assert all(o.title for o in evaluation.outcomes)
    english = evaluate(rule_set, {}, lang="en", today=TODAY)
    for lang in ("ar", "fa"):
        other = evaluate(rule_set, {}, lang=lang, today=TODAY)
        assert [o.title for o in other.outcomes] != [o.title for o in english.outcomes]


# --- properties --------------------------------------------------------------------------------


def answer_strategy(question):
    if question.type == "choice":
        return st.sampled_from(question.choice_values)
    if question.type == "boolean":
        return st.booleans()
    if question.type == "number":
        low = int(question.min) if question.min is not None else -10
        high = int(question.max) if question.max is not None else 10_000_000
        edges = [n for n in (low, high, 0, 1, 3, 6, 8, 18, 60) if low <= n <= high]
        return st.one_of(st.integers(low, high), st.sampled_from(edges))
    return st.dates(dt.date(2015, 1, 1), dt.date(2030, 12, 31))


def answers_for(rule_set):
    return st.fixed_dictionaries(
        {}, optional={q.id: answer_strategy(q) for q in rule_set.questions}
    )


def raw_strategy(rule_set):
    """Anything a URL or a JSON body may carry, for the ids of this rule set and others."""
    ids = [q.id for q in rule_set.questions] + ["unknown"]
    junk = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(10**12), 10**12),
        st.floats(allow_nan=True, allow_infinity=True),
        st.text(max_size=12),
        st.sampled_from(["yes", "no", "2026-02-30", "2026-01-31", "1e309", " 12 ", "-0"]),
    )
    return st.dictionaries(st.sampled_from(ids), junk, max_size=len(ids))


def referenced_by_answered(rule_set) -> set[str]:
    found: set[str] = set()

    def walk(node):
        if isinstance(node, dict):
            if "answered" in node:
                found.add(node["answered"])
            for child in node.values():
                walk(child)
        elif isinstance(node, list):
            for child in node:
                walk(child)

    walk(rule_set.model_dump(by_alias=True))
    return found


@pytest.mark.parametrize("slug", SLUGS)
@PROPERTY
@given(data=st.data())
def test_any_input_gives_a_result_and_never_an_exception(slug, data):
    rule_set = shipped()[slug]
    raw = data.draw(raw_strategy(rule_set))
    answers, errors = coerce_answers(rule_set, raw)
    assert set(answers) | set(errors) <= set(raw)
    lang = data.draw(st.sampled_from([*LANGUAGES, "de", ""]))
    evaluation = evaluate(rule_set, answers, lang=lang, today=TODAY)
    assert [o.code for o in evaluation.outcomes] == [o.code for o in rule_set.outcomes]
    next_question(rule_set, answers, today=TODAY)
    explain(rule_set, answers, today=TODAY)


@pytest.mark.parametrize("slug", SLUGS)
@PROPERTY
@given(data=st.data())
def test_fewer_answers_give_the_same_result_or_null(slug, data):
    rule_set = shipped()[slug]
    answers = data.draw(answers_for(rule_set))
    # Questions with a default (or tested with `answered`) change meaning when dropped.
    fixed = {q.id for q in rule_set.questions if q.default is not None}
    fixed |= referenced_by_answered(rule_set)
    droppable = sorted(set(answers) - fixed)
    dropped = data.draw(st.sets(st.sampled_from(droppable)) if droppable else st.just(set()))
    fewer = {k: v for k, v in answers.items() if k not in dropped}
    full = evaluate(rule_set, answers, lang="en", today=TODAY)
    partial = evaluate(rule_set, fewer, lang="en", today=TODAY)
    for more, less in zip(full.outcomes, partial.outcomes, strict=True):
        assert less.eligible in (more.eligible, None), (more.code, dropped)
        if less.eligible is None:
            assert set(less.missing) <= set(rule_set_ids(rule_set)) - set(fewer)


def rule_set_ids(rule_set):
    return [q.id for q in rule_set.questions]


@pytest.mark.parametrize("slug", SLUGS)
@PROPERTY
@given(data=st.data())
def test_no_outcome_is_true_while_a_requirement_is_unknown(slug, data):
    rule_set = shipped()[slug]
    answers = data.draw(answers_for(rule_set))
    explained = explain(rule_set, answers, today=TODAY)
    for item in explained:
        results = [r.result for r in item.requirements]
        if item.eligible is True:
            assert all(result is True for result in results), item.code
            assert item.score is None or item.score.low >= item.score.pass_mark
        if False in results:
            assert item.eligible is False
        if item.eligible is None:
            assert item.missing, item.code


@pytest.mark.parametrize("slug", SLUGS)
@PROPERTY
@given(data=st.data())
def test_the_question_flow_ends_with_every_outcome_decided(slug, data):
    rule_set = shipped()[slug]
    answers: dict = {}
    for _ in range(len(rule_set.questions) + 1):
        question = next_question(rule_set, answers, today=TODAY)
        if question is None:
            break
        assert question.id not in answers
        answers[question.id] = data.draw(answer_strategy(question), label=question.id)
    else:
        pytest.fail("the flow asked more questions than the file has")
    evaluation = evaluate(rule_set, answers, lang="en", today=TODAY)
    undecided = [o.code for o in evaluation.outcomes if o.eligible is None]
    assert undecided == [], (undecided, answers)


def test_every_question_is_referred_to_by_a_requirement_factor_or_document():
    for slug in SLUGS:
        rule_set = shipped()[slug]
        used: set[str] = set()
        for outcome in rule_set.outcomes:
            for requirement in outcome.requirements:
                used.update(answer_ids(requirement.test))
                if requirement.applies_if:
                    used.update(answer_ids(requirement.applies_if))
            if outcome.score:
                for factor in outcome.score.factors:
                    used.update(answer_ids(factor.when))
            for ref in outcome.documents:
                if ref.if_:
                    used.update(answer_ids(ref.if_))
        assert used == set(rule_set_ids(rule_set)), slug


def as_url_text(value) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


@pytest.mark.parametrize("slug", SLUGS)
@PROPERTY
@given(data=st.data())
def test_answers_survive_a_trip_through_the_address_bar(slug, data):
    rule_set = shipped()[slug]
    answers = data.draw(answers_for(rule_set))
    typed, errors = coerce_answers(rule_set, {k: as_url_text(v) for k, v in answers.items()})
    assert errors == {}
    assert typed == answers


def test_guides_and_law_pages_named_by_the_rules_exist():
    content = RULES_DIR.parent.parent / "guides" / "content"
    guides = {
        yaml.safe_load(path.read_text(encoding="utf-8"))["slug"]
        for path in (content / "guides").glob("*.yaml")
    }
    laws = {}
    for path in (content / "laws").glob("*.yaml"):
        law = yaml.safe_load(path.read_text(encoding="utf-8"))
        laws[law["slug"]] = {article["number"] for article in law.get("articles", [])}
    for slug in SLUGS:
        rule_set = shipped()[slug]
        assert set(rule_set.guides) <= guides, slug
        for code, basis in rule_set.legal_basis.items():
            if basis.law is None:
                continue
            assert basis.law.slug in laws, (slug, code)
            if basis.law.article:
                assert basis.law.article in laws[basis.law.slug], (slug, code)
