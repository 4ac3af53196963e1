"""The rule engine on small rule files written for each test: loading, checks, semantics."""

import copy
import datetime as dt

import pytest
import yaml

from rehber.advisors.engine import (
    RuleError,
    Text,
    coerce_answers,
    evaluate,
    explain,
    load_rule_sets,
    load_values,
    months_between,
    needed_questions,
    next_question,
    values_defaults,
)
from rehber.advisors.engine.conditions import Env
from rehber.advisors.engine.conditions import evaluate as condition

TODAY = dt.date(2026, 11, 30)


def text(word: str) -> dict[str, str]:
    return {"ar": f"ar {word}", "tr": f"tr {word}", "en": word, "fa": f"fa {word}"}


def base_rules() -> dict:
    """A valid rule file: one scored outcome, one with requirements and documents."""
    return {
        "advisor": "demo",
        "version": "1",
        "effective_from": dt.date(2026, 1, 1),
        "checked_on": dt.date(2026, 11, 30),
        "title": text("Demo"),
        "summary": text("A demo"),
        "guides": ["a-guide"],
        "questions": [
            {
                "id": "kind",
                "type": "choice",
                "text": text("Kind?"),
                "choices": [
                    {"value": "worker", "text": text("Worker")},
                    {"value": "student", "text": text("Student")},
                ],
            },
            {"id": "age", "type": "number", "text": text("Age?"), "min": 0, "max": 120},
            {"id": "insured", "type": "boolean", "text": text("Insured?")},
            {
                "id": "school",
                "type": "boolean",
                "text": text("School?"),
                "ask_if": {"answer": "kind", "eq": "student"},
            },
            {"id": "arrived", "type": "date", "text": text("Arrived?")},
            {
                "id": "applied",
                "type": "date",
                "text": text("Applied?"),
                "default": "today",
                "assumption": text("We assume you apply today"),
            },
        ],
        "outcomes": [
            {
                "code": "permit",
                "title": text("Permit"),
                "basis": ["art-1"],
                "requirements": [
                    {
                        "id": "adult",
                        "test": {"answer": "age", "gte": {"value": "demo.adult_age"}},
                        "met": text("adult"),
                        "unmet": text("minor"),
                        "basis": ["art-2"],
                    },
                    {
                        "id": "insured",
                        "test": {"answer": "insured", "eq": True},
                        "met": text("insured"),
                        "unmet": text("not insured"),
                        "basis": ["art-2"],
                    },
                    {
                        "id": "school",
                        "applies_if": {"answer": "kind", "eq": "student"},
                        "test": {"answer": "school", "eq": True},
                        "met": text("in school"),
                        "unmet": text("no school"),
                        "basis": ["art-3"],
                    },
                    {
                        "id": "waited",
                        "test": {
                            "expr": {
                                "months_between": [{"answer": "arrived"}, {"answer": "applied"}]
                            },
                            "gte": 6,
                        },
                        "met": text("waited"),
                        "unmet": text("too early"),
                        "basis": ["art-1"],
                    },
                ],
                "documents": [
                    {"code": "passport"},
                    {"code": "insurance", "if": {"answer": "insured", "ne": True}},
                ],
            },
            {
                "code": "points",
                "title": text("Points"),
                "basis": ["art-1"],
                "score": {
                    "factors": [
                        {
                            "id": "young",
                            "text": text("young"),
                            "when": {"answer": "age", "lt": 30},
                            "points": 40,
                        },
                        {
                            "id": "worker",
                            "text": text("worker"),
                            "when": {"answer": "kind", "eq": "worker"},
                            "points": {"value": "demo.worker_points"},
                        },
                    ],
                    "pass_mark": 60,
                },
                "documents": [{"code": "cv"}],
            },
        ],
        "documents": {
            "passport": {"text": text("passport"), "how_to_get": text("consulate")},
            "insurance": {"text": text("insurance"), "how_to_get": text("insurer")},
            "cv": {"text": text("cv"), "how_to_get": text("write it")},
        },
        "legal_basis": {
            key: {
                "text": text(key),
                "url": f"https://example.org/{key}",
                "law": {"slug": "law-1", "article": number},
                "checked_on": dt.date(2026, 11, 30),
            }
            for key, number in (("art-1", "1"), ("art-2", 2), ("art-3", "3"))
        },
    }


def base_values() -> dict:
    def entry(value):
        return {
            "value": value,
            "unit": "x",
            "source": "a source",
            "source_url": "https://example.org/source",
            "check_with_authority": False,
            "checked_on": dt.date(2026, 11, 30),
        }

    return {"values": {"demo.adult_age": entry(18), "demo.worker_points": entry(30)}}


def write(tmp_path, rules=None, values=None, name="demo.yaml"):
    (tmp_path / name).write_text(
        yaml.safe_dump(rules if rules is not None else base_rules(), allow_unicode=True),
        encoding="utf-8",
    )
    (tmp_path / "values.yaml").write_text(
        yaml.safe_dump(values if values is not None else base_values()), encoding="utf-8"
    )
    return tmp_path


@pytest.fixture
def demo(tmp_path):
    return load_rule_sets(write(tmp_path))["demo"]


def outcome(rule_set, answers, code, **kwargs):
    kwargs.setdefault("today", TODAY)
    return evaluate(rule_set, answers, lang="en", **kwargs).outcome(code)


ALL_GOOD = {"kind": "worker", "age": 40, "insured": True, "arrived": dt.date(2025, 1, 1)}


# --- three-valued logic ------------------------------------------------------------------------

T, F, U = (
    {"answer": "t", "eq": True},
    {"answer": "f", "eq": True},
    {"answer": "u", "eq": True},
)
ENV = Env(answers={"t": True, "f": False}, values={}, answered=frozenset({"t", "f"}))


@pytest.mark.parametrize(
    ("cond", "expected"),
    [
        ({"all": [T, T]}, True),
        ({"all": [T, F]}, False),
        ({"all": [U, F]}, False),
        ({"all": [T, U]}, None),
        ({"any": [F, T]}, True),
        ({"any": [U, T]}, True),
        ({"any": [F, U]}, None),
        ({"any": [F, F]}, False),
        ({"not": T}, False),
        ({"not": F}, True),
        ({"not": U}, None),
        ({"not": {"all": [U, T]}}, None),
        ({"answered": "t"}, True),
        ({"answered": "u"}, False),
        ({"not": {"answered": "u"}}, True),
        ({"answer": "u", "ne": True}, None),
        ({"answer": "u", "in": [True, False]}, None),
        ({"answer": "f", "not_in": [True]}, True),
    ],
)
def test_kleene_logic(cond, expected):
    assert condition(cond, ENV) is expected


@pytest.mark.parametrize(
    ("cond", "expected"),
    [
        ({"answer": "n", "between": [1, 5]}, True),
        ({"answer": "n", "between": [5, 9]}, True),
        ({"answer": "n", "between": [6, 9]}, False),
        ({"answer": "n", "lt": {"value": "k"}}, True),
        ({"answer": "n", "gte": {"value": "missing"}}, None),
        ({"expr": {"sum": [{"answer": "n"}, {"mul": [{"answer": "m"}, 0.5]}]}, "eq": 6}, True),
        ({"expr": {"sum": [{"answer": "n"}, {"answer": "nothing"}]}, "gte": 0}, None),
        ({"expr": {"mul": [{"answer": "nothing"}, 0]}, "eq": 0}, True),
        ({"expr": {"mul": [{"answer": "nothing"}, 2]}, "eq": 0}, None),
        ({"expr": {"sub": [{"answer": "n"}, {"value": "k"}]}, "eq": -5}, True),
        ({"expr": {"months_between": [{"answer": "d1"}, {"answer": "d2"}]}, "eq": 2}, True),
        ({"answer": "d1", "lt": dt.date(2026, 1, 1)}, False),
        ({"answer": "s", "gt": 3}, None),  # a value of the wrong type is unknown, not a guess
    ],
)
def test_comparisons_and_expressions(cond, expected):
    env = Env(
        answers={
            "n": 5,
            "m": 2,
            "s": "text",
            "d1": dt.date(2026, 1, 31),
            "d2": dt.date(2026, 3, 31),
        },
        values={"k": 10},
    )
    assert condition(cond, env) is expected


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (dt.date(2026, 1, 31), dt.date(2026, 2, 28), 0),
        (dt.date(2026, 1, 15), dt.date(2026, 4, 15), 3),
        (dt.date(2026, 1, 15), dt.date(2026, 4, 14), 2),
        (dt.date(2026, 4, 15), dt.date(2026, 1, 15), -3),
        (dt.date(2026, 4, 14), dt.date(2026, 1, 15), -2),
    ],
)
def test_months_between(start, end, months):
    assert months_between(start, end) == months


def test_text_falls_back_to_english():
    words = Text(**text("hello"))
    assert words.get("ar") == "ar hello"
    assert words.get("fa-IR") == "fa hello"
    assert words.get("de") == "hello"
    assert words.get(None) == "hello"


# --- coercion ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "answers", "errors"),
    [
        (
            {"kind": "worker", "age": "12", "insured": "yes"},
            {"kind": "worker", "age": 12, "insured": True},
            {},
        ),
        ({"insured": "False", "age": 12.5}, {"insured": False, "age": 12.5}, {}),
        ({"insured": True, "age": "40.0"}, {"insured": True, "age": 40}, {}),
        ({"arrived": "2026-01-31"}, {"arrived": dt.date(2026, 1, 31)}, {}),
        ({"kind": "", "age": None, "insured": "  "}, {}, {}),
        ({"nope": 1}, {}, {"nope": "unknown_question"}),
        ({"kind": "pilot"}, {}, {"kind": "not_a_choice"}),
        ({"age": "twelve"}, {}, {"age": "not_a_number"}),
        ({"age": True}, {}, {"age": "not_a_number"}),
        ({"age": "nan"}, {}, {"age": "not_a_number"}),
        ({"age": 121}, {}, {"age": "out_of_range"}),
        ({"age": "-1"}, {}, {"age": "out_of_range"}),
        ({"arrived": "31/01/2026"}, {}, {"arrived": "not_a_date"}),
        ({"arrived": 20260131}, {}, {"arrived": "not_a_date"}),
        ({"insured": "maybe"}, {}, {"insured": "not_yes_no"}),
        ({"insured": 1}, {}, {"insured": "not_yes_no"}),
    ],
)
def test_coerce_answers(demo, raw, answers, errors):
    assert coerce_answers(demo, raw) == (answers, errors)


# --- evaluation --------------------------------------------------------------------------------


def test_all_requirements_met_is_eligible_with_reasons_and_basis(demo):
    result = evaluate(demo, ALL_GOOD, lang="tr", today=TODAY)
    permit = result.outcome("permit")
    assert permit.eligible is True
    assert permit.reasons == ["tr adult", "tr insured", "tr waited"]
    assert permit.missing == []
    # art-3 belongs to a requirement that does not apply here.
    assert permit.basis == ["art-1", "art-2"]
    assert [b.code for b in result.legal_basis] == ["art-1", "art-2"]
    assert result.legal_basis[1].article == "2" and result.legal_basis[1].law_slug == "law-1"
    assert result.rules_version == "1" and result.checked_on == dt.date(2026, 11, 30)
    assert result.assumptions == ["tr We assume you apply today"]


def test_a_failing_requirement_rules_out_and_says_why(demo):
    permit = outcome(demo, {**ALL_GOOD, "age": 16}, "permit")
    assert permit.eligible is False
    assert permit.reasons == ["minor"]
    assert permit.missing == []


def test_missing_answer_gives_null_with_the_deciding_question(demo):
    permit = outcome(demo, {k: v for k, v in ALL_GOOD.items() if k != "insured"}, "permit")
    assert permit.eligible is None
    assert permit.missing == ["insured"]


def test_false_wins_over_unknown(demo):
    assert outcome(demo, {"age": 10}, "permit").eligible is False


def test_applies_if_unknown_keeps_the_requirement_open(demo):
    answers = {k: v for k, v in ALL_GOOD.items() if k != "kind"}
    permit = outcome(demo, answers, "permit")
    assert permit.eligible is None
    assert permit.missing == ["kind", "school"]
    assert outcome(demo, {**answers, "school": True}, "permit").eligible is True


def test_date_default_is_today_and_can_be_answered(demo):
    recent = {**ALL_GOOD, "arrived": dt.date(2026, 8, 1)}
    assert outcome(demo, recent, "permit").eligible is False
    assert outcome(demo, recent, "permit", today=dt.date(2027, 3, 1)).eligible is True
    answered = evaluate(demo, {**recent, "applied": dt.date(2027, 2, 1)}, lang="en", today=TODAY)
    assert answered.outcome("permit").eligible is True
    assert answered.assumptions == []


def test_values_override_the_file_defaults(demo):
    assert outcome(demo, ALL_GOOD, "permit").eligible is True
    assert outcome(demo, ALL_GOOD, "permit", values={"demo.adult_age": 50}).eligible is False


def test_documents_of_outcomes_not_ruled_out_whose_condition_is_not_false(demo):
    result = evaluate(demo, {**ALL_GOOD, "insured": False, "age": 29}, lang="en", today=TODAY)
    assert result.outcome("permit").eligible is False
    assert result.outcome("points").eligible is True
    assert [d.code for d in result.documents] == ["cv"]
    open_result = evaluate(demo, {"age": 29}, lang="ar", today=TODAY)
    assert [d.code for d in open_result.documents] == ["passport", "insurance", "cv"]
    assert open_result.documents[0].how_to_get == "ar consulate"
    insured = evaluate(demo, ALL_GOOD, lang="en", today=TODAY)
    assert "insurance" not in [d.code for d in insured.documents]


def test_list_documents_always_lists_what_is_missing(tmp_path):
    rules = base_rules()
    rules["outcomes"][0]["list_documents"] = "always"
    rule_set = load_rule_sets(write(tmp_path, rules))["demo"]
    result = evaluate(rule_set, {**ALL_GOOD, "insured": False}, lang="en", today=TODAY)
    assert result.outcome("permit").eligible is False
    assert [d.code for d in result.documents][:2] == ["passport", "insurance"]


@pytest.mark.parametrize(
    ("answers", "eligible", "low", "high", "points"),
    [
        ({}, None, 0, 70, [None, None]),
        ({"age": 25}, None, 40, 70, [40, None]),
        ({"age": 25, "kind": "worker"}, True, 70, 70, [40, 30]),
        ({"age": 25, "kind": "student"}, False, 40, 40, [40, 0]),
        ({"age": 35}, False, 0, 30, [0, None]),
    ],
)
def test_score_is_a_range_until_every_factor_is_known(demo, answers, eligible, low, high, points):
    result = outcome(demo, answers, "points")
    assert result.eligible is eligible
    assert (result.score.low, result.score.high, result.score.pass_mark) == (low, high, 60)
    assert [f.points for f in result.score.factors] == points
    assert [f.max_points for f in result.score.factors] == [40, 30]
    if eligible is None:
        assert result.missing


def test_score_uses_edited_values(demo):
    result = outcome(
        demo, {"age": 25, "kind": "worker"}, "points", values={"demo.worker_points": 5}
    )
    assert result.eligible is False and result.score.high == 45


# --- next question -----------------------------------------------------------------------------


def test_next_question_follows_file_order_and_ends(demo):
    answers: dict = {}
    asked = []
    replies = {"kind": "student", "age": 40, "insured": True, "school": True}
    replies["arrived"] = dt.date(2020, 1, 1)
    replies["applied"] = dt.date(2026, 1, 1)
    while (question := next_question(demo, answers, today=TODAY)) is not None:
        asked.append(question.id)
        answers[question.id] = replies[question.id]
        assert len(asked) <= len(demo.questions)
    assert asked == ["kind", "age", "insured", "school", "arrived", "applied"]
    assert all(o.eligible is not None for o in evaluate(demo, answers, lang="en").outcomes)


def test_next_question_skips_what_no_outcome_needs(demo):
    # A minor is ruled out of the permit; only the points still need "kind".
    assert next_question(demo, {"age": 10}, today=TODAY).id == "kind"
    assert next_question(demo, {"age": 10, "kind": "student"}, today=TODAY) is None


def test_next_question_respects_ask_if_and_skipped(demo):
    answers = {"kind": "worker", "age": 40}
    assert next_question(demo, answers, today=TODAY).id == "insured"
    assert next_question(demo, answers, skipped={"insured"}, today=TODAY).id == "arrived"
    # "school" is never asked of a worker, and "applied" once skipped takes its default.
    skipped = {"insured", "arrived", "applied"}
    assert next_question(demo, answers, skipped=skipped, today=TODAY) is None
    assert "school" not in needed_questions(demo, answers, today=TODAY)


# --- explain -----------------------------------------------------------------------------------


def test_explain_shows_each_requirement_and_node(demo):
    explained = {o.code: o for o in explain(demo, {**ALL_GOOD, "age": 16}, today=TODAY)}
    permit = explained["permit"]
    assert permit.eligible is False
    rows = {r.id: r for r in permit.requirements}
    assert (rows["adult"].applies, rows["adult"].result) == (True, False)
    assert rows["adult"].test.op == "gte"
    assert rows["adult"].test.operands == (16, 18)
    assert rows["adult"].test.left == "age"
    assert (rows["school"].applies, rows["school"].result) == (False, True)
    assert rows["school"].applies_if.operands == ("worker", "student")
    waited = rows["waited"].test
    assert waited.left == "months_between(arrived, applied)"
    assert waited.operands == (22, 6) and waited.result is True
    assert explained["points"].score.low == 70
    factors = explained["points"].factors
    assert [(f.id, f.points, f.max_points) for f in factors] == [
        ("young", 40, 40),
        ("worker", 30, 30),
    ]
    assert factors[0].when.operands == (16, 30) and factors[0].when.result is True
    assert explained["permit"].factors == []


# --- loading and static checks -----------------------------------------------------------------


def test_values_file_loads_with_sources(tmp_path):
    specs = load_values(write(tmp_path) / "values.yaml")
    assert specs["demo.adult_age"].source == "a source"
    assert specs["demo.adult_age"].check_with_authority is False
    assert values_defaults(specs) == {"demo.adult_age": 18, "demo.worker_points": 30}


def mutate(path, change):
    def apply(rules):
        target = rules
        for key in path[:-1]:
            target = target[key]
        change(target, path[-1])
        return rules

    return apply


def setter(path, value):
    return mutate(path, lambda target, key: target.__setitem__(key, value))


def deleter(path):
    return mutate(path, lambda target, key: target.pop(key))


BROKEN = [
    (deleter(["title", "fa"]), "title.fa: Field required"),
    (setter(["summary", "ar"], "  "), "summary.ar"),
    (setter(["questions", 0, "text", "tr"], ""), "questions.0.text.tr"),
    (setter(["questions", 1, "colour"], "red"), "Extra inputs are not permitted"),
    (setter(["questions", 0, "type"], "slider"), "questions.0.type"),
    (setter(["advisor"], "other"), "must match the file name"),
    (
        setter(["outcomes", 0, "requirements", 0, "test"], {"answer": "height", "gt": 1}),
        "no question 'height'",
    ),
    (
        setter(["outcomes", 0, "requirements", 2, "applies_if"], {"answer": "kind", "eq": "pilot"}),
        "'pilot' is not a choice of question 'kind'",
    ),
    (
        setter(["outcomes", 0, "requirements", 1, "test"], {"answer": "insured", "eq": "yes"}),
        "compare it with true or false",
    ),
    (
        setter(["outcomes", 0, "requirements", 1, "test"], {"answer": "insured", "gt": True}),
        "cannot compare",
    ),
    (
        setter(
            ["outcomes", 0, "requirements", 0, "test"],
            {"answer": "age", "gte": {"value": "demo.nothing"}},
        ),
        "no value 'demo.nothing'",
    ),
    (
        setter(["outcomes", 0, "requirements", 0, "test"], {"answer": "age", "over": 3}),
        "expected one of",
    ),
    (setter(["outcomes", 0, "requirements", 0, "test"], {"all": []}), "non-empty list"),
    (
        setter(["outcomes", 0, "requirements", 0, "test"], {"expr": {"pow": [1, 2]}, "gt": 1}),
        "unknown expression 'pow'",
    ),
    (
        setter(["questions", 0, "ask_if"], {"answer": "age", "gt": 1}),
        "may only refer to earlier questions",
    ),
    (
        setter(["questions", 3, "ask_if"], {"answer": "school", "eq": True}),
        "may only refer to earlier questions",
    ),
    (setter(["outcomes", 0, "documents", 0, "code"], "visa"), "no document 'visa'"),
    (setter(["outcomes", 0, "basis"], ["art-9"]), "no legal basis 'art-9'"),
    (
        setter(["outcomes", 0, "requirements", 0, "basis"], []),
        "requirement 'adult': names no legal basis",
    ),
    (setter(["outcomes", 1, "basis"], []), "outcome 'points': names no legal basis"),
    (setter(["outcomes", 1, "code"], "permit"), "outcome 'permit' is defined more than once"),
    (setter(["questions", 1, "id"], "kind"), "question 'kind' is defined more than once"),
    (deleter(["questions", 5, "assumption"]), "a default needs an assumption"),
    (setter(["questions", 1, "default"], 500), "default 500 is not a valid answer"),
    (setter(["questions", 1, "min"], 200), "min is above max"),
    (
        setter(["questions", 0, "choices"], [{"value": "worker", "text": text("W")}]),
        "at least two choices",
    ),
    (setter(["legal_basis", "art-1", "url"], "not a link"), "legal_basis.art-1.url"),
    (
        mutate(
            ["questions"],
            lambda t, k: t[k].append({"id": "pet", "type": "boolean", "text": text("Pet?")}),
        ),
        "question 'pet' is not used",
    ),
    (
        mutate(["legal_basis"], lambda t, k: t[k].__setitem__("art-9", t[k]["art-1"])),
        "legal basis 'art-9' is not cited",
    ),
    (
        mutate(["documents"], lambda t, k: t[k].__setitem__("visa", t[k]["cv"])),
        "document 'visa' is not listed",
    ),
    (
        setter(
            ["outcomes", 0, "requirements", 1, "test"],
            {"all": [{"answer": "insured", "eq": True}, {"answer": "insured", "eq": False}]},
        ),
        "outcome 'permit': no answers make it eligible",
    ),
    (
        setter(["outcomes", 1, "score", "pass_mark"], 71),
        "outcome 'points': no answers make it eligible",
    ),
    (
        setter(["outcomes", 0, "requirements", 0, "test"], {"answer": "age", "gt": 120}),
        "outcome 'permit': no answers make it eligible",
    ),
]


@pytest.mark.parametrize(("change", "problem"), BROKEN)
def test_broken_rule_files_are_refused_with_a_readable_problem(tmp_path, change, problem):
    rules = change(copy.deepcopy(base_rules()))
    with pytest.raises(RuleError) as caught:
        load_rule_sets(write(tmp_path, rules))
    assert any(problem in line for line in caught.value.problems), caught.value.problems
    assert all(line.startswith("demo.yaml") for line in caught.value.problems)


def test_reachability_uses_boundaries_and_defaults(tmp_path):
    rules = base_rules()
    # Reachable only at exactly 120, the question's maximum.
    rules["outcomes"][0]["requirements"][0]["test"] = {"answer": "age", "gte": 120}
    assert "demo" in load_rule_sets(write(tmp_path, rules))


def test_unreadable_yaml_and_bad_values_are_refused(tmp_path):
    write(tmp_path)
    (tmp_path / "demo.yaml").write_text("advisor: [unclosed", encoding="utf-8")
    with pytest.raises(RuleError, match="cannot be read"):
        load_rule_sets(tmp_path)
    values = base_values()
    del values["values"]["demo.adult_age"]["source"]
    with pytest.raises(RuleError, match=r"demo.adult_age: source"):
        load_rule_sets(write(tmp_path, values=values))
    with pytest.raises(RuleError, match="top-level 'values:'"):
        load_rule_sets(write(tmp_path, values={"demo.adult_age": 18}))


def test_every_problem_of_every_file_is_reported_together(tmp_path):
    rules = base_rules()
    rules["title"].pop("ar")
    write(tmp_path, rules)
    other = base_rules()
    other["advisor"] = "second"
    other["summary"].pop("en")
    write(tmp_path, other, name="second.yaml")
    with pytest.raises(RuleError) as caught:
        load_rule_sets(tmp_path)
    files = {line.split(":")[0] for line in caught.value.problems}
    assert files == {"demo.yaml", "second.yaml"}
