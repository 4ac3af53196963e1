"""Answers in, results out: coercion, the next question, evaluation and its explanation."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from . import conditions
from .conditions import Env, ExplainNode
from .results import (
    BasisResult,
    DocumentResult,
    Evaluation,
    FactorExplanation,
    FactorPoints,
    OutcomeExplanation,
    OutcomeResult,
    RequirementExplanation,
    ScoreResult,
)
from .schema import NumberOrValue, Outcome, Question, RuleSet, ValueRef

TODAY = "today"
YES = frozenset({"yes", "true", "1", "on", "y"})
NO = frozenset({"no", "false", "0", "off", "n"})


# --- coercion ----------------------------------------------------------------------------------


def coerce_answers(
    rule_set: RuleSet, raw: Mapping[str, object]
) -> tuple[dict[str, object], dict[str, str]]:
    """Typed answers from JSON values or URL strings, and an error code per bad answer.

    Empty strings and None are unanswered. Error codes: unknown_question, not_a_choice,
    not_a_number, out_of_range, not_a_date, not_yes_no.
    """
    answers: dict[str, object] = {}
    errors: dict[str, str] = {}
    for qid, value in raw.items():
        question = rule_set.question(qid)
        if question is None:
            errors[str(qid)] = "unknown_question"
            continue
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        typed, error = _coerce(question, value)
        if error:
            errors[qid] = error
        else:
            answers[qid] = typed
    return answers, errors


def _coerce(question: Question, value: object) -> tuple[object, str | None]:
    if question.type == "choice":
        text = value.strip() if isinstance(value, str) else value
        return (text, None) if text in question.choice_values else (None, "not_a_choice")
    if question.type == "boolean":
        if isinstance(value, bool):
            return value, None
        if isinstance(value, str) and value.strip().lower() in YES:
            return True, None
        if isinstance(value, str) and value.strip().lower() in NO:
            return False, None
        return None, "not_yes_no"
    if question.type == "number":
        number = _number(value)
        if number is None:
            return None, "not_a_number"
        if (question.min is not None and number < question.min) or (
            question.max is not None and number > question.max
        ):
            return None, "out_of_range"
        return number, None
    if isinstance(value, dt.datetime):
        return value.date(), None
    if isinstance(value, dt.date):
        return value, None
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()), None
        except ValueError:
            pass
    return None, "not_a_date"


def _number(value: object) -> int | float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        try:
            value = float(value.strip())
        except ValueError:
            return None
    if not isinstance(value, int | float) or not math.isfinite(value):
        return None
    return int(value) if isinstance(value, float) and value.is_integer() else value


# --- assessment --------------------------------------------------------------------------------


@dataclass
class _Requirement:
    id: str
    applies: bool | None
    test: bool | None
    holds: bool | None
    applies_node: ExplainNode | None
    test_node: ExplainNode


@dataclass
class _Outcome:
    outcome: Outcome
    eligible: bool | None
    requirements: list[_Requirement]
    score: ScoreResult | None
    missing: list[str]
    factor_nodes: list[ExplainNode]


def merged_values(rule_set: RuleSet, values: Mapping[str, object] | None) -> dict[str, object]:
    merged = rule_set.default_values
    if values:
        merged.update(values)
    return merged


def _default(question: Question, today: dt.date) -> object:
    if question.type == "date" and question.default == TODAY:
        return today
    return question.default


def _env(
    rule_set: RuleSet,
    answers: Mapping[str, object],
    values: Mapping[str, object],
    today: dt.date,
    default_for: Iterable[str] | None,
) -> tuple[Env, list[Question]]:
    """The environment, with defaults for unanswered questions (all, or only `default_for`)."""
    known = {qid: value for qid, value in answers.items() if value is not None}
    used: list[Question] = []
    allowed = None if default_for is None else set(default_for)
    for question in rule_set.questions:
        if question.default is None or question.id in known:
            continue
        if allowed is not None and question.id not in allowed:
            continue
        known[question.id] = _default(question, today)
        used.append(question)
    answered = frozenset(qid for qid, value in answers.items() if value is not None)
    return Env(answers=known, values=values, answered=answered), used


def _resolve(number: NumberOrValue, values: Mapping[str, object]) -> int | float:
    if isinstance(number, ValueRef):
        resolved = values.get(number.value)
        if isinstance(resolved, bool) or not isinstance(resolved, int | float):
            return 0
        return resolved
    return number


def _score(
    outcome: Outcome, env: Env, lang: str, nodes: list[ExplainNode] | None = None
) -> tuple[ScoreResult | None, list[str]]:
    if outcome.score is None:
        return None, []
    factors: list[FactorPoints] = []
    missing: list[str] = []
    low = high = 0
    for factor in outcome.score.factors:
        points = _resolve(factor.points, env.values)
        node = conditions.trace(factor.when, env)
        if nodes is not None:
            nodes.append(node)
        if node.result is None:
            low += min(points, 0)
            high += max(points, 0)
            missing.extend(conditions.unknown_answers(node, env.answers))
            earned = None
        else:
            earned = points if node.result else 0
            low += earned
            high += earned
        applies = True if factor.applies_if is None else conditions.evaluate(factor.applies_if, env)
        factors.append(
            FactorPoints(factor.id, factor.text.get(lang), earned, points, applies=applies)
        )
    result = ScoreResult(
        factors=factors,
        low=low,
        high=high,
        pass_mark=_resolve(outcome.score.pass_mark, env.values),
    )
    return result, missing


def _assess(rule_set: RuleSet, env: Env, lang: str) -> list[_Outcome]:
    assessed = []
    for outcome in rule_set.outcomes:
        requirements = []
        verdicts: list[bool | None] = []
        missing: list[str] = []
        for requirement in outcome.requirements:
            applies_node = (
                conditions.trace(requirement.applies_if, env) if requirement.applies_if else None
            )
            applies = True if applies_node is None else applies_node.result
            test_node = conditions.trace(requirement.test, env)
            test = test_node.result
            if applies is False or test is True:
                holds: bool | None = True
            elif applies is True and test is False:
                holds = False
            else:
                holds = None
                if applies_node is not None and applies is None:
                    missing.extend(conditions.unknown_answers(applies_node, env.answers))
                missing.extend(conditions.unknown_answers(test_node, env.answers))
            verdicts.append(holds)
            requirements.append(
                _Requirement(requirement.id, applies, test, holds, applies_node, test_node)
            )
        factor_nodes: list[ExplainNode] = []
        score, score_missing = _score(outcome, env, lang, factor_nodes)
        if score is not None:
            if score.low >= score.pass_mark:
                verdicts.append(True)
            elif score.high < score.pass_mark:
                verdicts.append(False)
            else:
                verdicts.append(None)
                missing.extend(score_missing)
        if False in verdicts:
            eligible: bool | None = False
        elif None in verdicts:
            eligible = None
        else:
            eligible = True
        assessed.append(
            _Outcome(
                outcome=outcome,
                eligible=eligible,
                requirements=requirements,
                score=score,
                missing=list(dict.fromkeys(missing)) if eligible is None else [],
                factor_nodes=factor_nodes,
            )
        )
    return assessed


def _listed(assessed: _Outcome) -> bool:
    return assessed.eligible is not False or assessed.outcome.list_documents == "always"


# --- public API --------------------------------------------------------------------------------


def evaluate(
    rule_set: RuleSet,
    answers: Mapping[str, object],
    *,
    lang: str,
    values: Mapping[str, object] | None = None,
    today: dt.date | None = None,
) -> Evaluation:
    """Every outcome with eligible true/false/None, its reasons, documents and legal basis."""
    today = today or conditions.local_today()
    env, defaults_used = _env(rule_set, answers, merged_values(rule_set, values), today, None)
    assessed = _assess(rule_set, env, lang)

    outcomes = []
    basis_codes: list[str] = []
    for item in assessed:
        reasons = []
        basis = list(item.outcome.basis)
        for requirement, state in zip(item.outcome.requirements, item.requirements, strict=True):
            if state.applies is not False:
                basis.extend(requirement.basis)
            if state.holds is False:
                reasons.append(requirement.unmet.get(lang))
            elif item.eligible is not False and state.applies is not False and state.test:
                reasons.append(requirement.met.get(lang))
        basis = list(dict.fromkeys(basis))
        basis_codes.extend(basis)
        outcomes.append(
            OutcomeResult(
                code=item.outcome.code,
                title=item.outcome.title.get(lang),
                eligible=item.eligible,
                reasons=reasons,
                missing=item.missing,
                score=item.score,
                basis=basis,
            )
        )

    documents: dict[str, DocumentResult] = {}
    for item in assessed:
        if not _listed(item):
            continue
        for ref in item.outcome.documents:
            if ref.code in documents:
                continue
            if ref.if_ is not None and conditions.evaluate(ref.if_, env) is False:
                continue
            document = rule_set.documents[ref.code]
            documents[ref.code] = DocumentResult(
                ref.code, document.text.get(lang), document.how_to_get.get(lang)
            )

    legal_basis = []
    for code in dict.fromkeys(basis_codes):
        entry = rule_set.legal_basis[code]
        legal_basis.append(
            BasisResult(
                code=code,
                text=entry.text.get(lang),
                url=entry.url,
                law_slug=entry.law.slug if entry.law else None,
                article=entry.law.article if entry.law else None,
                checked_on=entry.checked_on,
            )
        )

    assumptions = [
        question.assumption.get(lang)
        for question in defaults_used
        if question.assumption is not None
        and (question.ask_if is None or conditions.evaluate(question.ask_if, env) is not False)
    ]
    return Evaluation(
        advisor=rule_set.advisor,
        rules_version=rule_set.version,
        checked_on=rule_set.checked_on,
        outcomes=outcomes,
        documents=list(documents.values()),
        legal_basis=legal_basis,
        assumptions=assumptions,
    )


def needed_questions(
    rule_set: RuleSet,
    answers: Mapping[str, object],
    *,
    skipped: Iterable[str] = frozenset(),
    values: Mapping[str, object] | None = None,
    today: dt.date | None = None,
) -> list[str]:
    """Unanswered question ids whose answers could still change a result.

    Questions with a default count as unanswered until answered or skipped (a skipped one
    takes its default), so the pages ask them.
    """
    today = today or conditions.local_today()
    skipped = frozenset(skipped)
    env, _ = _env(rule_set, answers, merged_values(rule_set, values), today, skipped)
    needed: list[str] = []
    for item in _assess(rule_set, env, "en"):
        needed.extend(item.missing)
        if not _listed(item):
            continue
        for ref in item.outcome.documents:
            if ref.if_ is not None:
                node = conditions.trace(ref.if_, env)
                needed.extend(conditions.unknown_answers(node, env.answers))
    return list(dict.fromkeys(qid for qid in needed if qid not in skipped))


def next_question(
    rule_set: RuleSet,
    answers: Mapping[str, object],
    *,
    skipped: Iterable[str] = frozenset(),
    values: Mapping[str, object] | None = None,
    today: dt.date | None = None,
) -> Question | None:
    """The first question, in file order, that is unanswered, not skipped, asked (its ask_if is
    not false) and needed by an outcome still unknown; None when no answer can change a result."""
    today = today or conditions.local_today()
    skipped = frozenset(skipped)
    needed = set(needed_questions(rule_set, answers, skipped=skipped, values=values, today=today))
    if not needed:
        return None
    env, _ = _env(rule_set, answers, merged_values(rule_set, values), today, skipped)
    for question in rule_set.questions:
        if question.id not in needed or question.id in env.answers:
            continue
        if question.ask_if is not None and conditions.evaluate(question.ask_if, env) is False:
            continue
        return question
    return None


def explain(
    rule_set: RuleSet,
    answers: Mapping[str, object],
    *,
    values: Mapping[str, object] | None = None,
    today: dt.date | None = None,
    lang: str = "en",
) -> list[OutcomeExplanation]:
    """Per outcome and requirement: whether it applies, its result, and the evaluated trees."""
    today = today or conditions.local_today()
    env, _ = _env(rule_set, answers, merged_values(rule_set, values), today, None)
    return [
        OutcomeExplanation(
            code=item.outcome.code,
            eligible=item.eligible,
            requirements=[
                RequirementExplanation(r.id, r.applies, r.holds, r.applies_node, r.test_node)
                for r in item.requirements
            ],
            score=item.score,
            missing=item.missing,
            factors=[
                FactorExplanation(points.id, points.points, points.max_points, node)
                for points, node in zip(
                    item.score.factors if item.score else [], item.factor_nodes, strict=True
                )
            ],
        )
        for item in _assess(rule_set, env, lang)
    ]
