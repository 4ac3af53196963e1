"""Loading rule files and values.yaml, with the static checks of rules/README.md."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from . import conditions
from .conditions import CheckContext, Env
from .schema import Outcome, Question, RuleSet, ValueRef, ValueSpec

VALUES_FILE = "values.yaml"
SEARCH_LIMIT = 50_000  # evaluations per outcome when showing that it can be reached


class RuleError(Exception):
    """A rule or values file failed its checks; `problems` lists each in plain words."""

    def __init__(self, problems: Iterable[str]):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


def _read_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise RuleError([f"{path.name}: cannot be read: {error}"]) from error


def _pydantic_problems(name: str, error: ValidationError) -> list[str]:
    problems = []
    for item in error.errors():
        where = ".".join(str(part) for part in item["loc"])
        problems.append(f"{name}: {where}: {item['msg']}")
    return problems


def load_values(path: Path) -> dict[str, ValueSpec]:
    """The figures of values.yaml by key; RuleError when the file is malformed."""
    data = _read_yaml(path)
    if not isinstance(data, Mapping) or not isinstance(data.get("values"), Mapping):
        raise RuleError([f"{path.name}: needs a top-level 'values:' mapping"])
    specs: dict[str, ValueSpec] = {}
    problems: list[str] = []
    for key, entry in data["values"].items():
        if not isinstance(entry, Mapping):
            problems.append(f"{path.name}: {key}: must be a mapping with value, source, …")
            continue
        try:
            specs[key] = ValueSpec(key=key, **entry)
        except ValidationError as error:
            problems.extend(_pydantic_problems(f"{path.name}: {key}", error))
        except TypeError as error:
            problems.append(f"{path.name}: {key}: {error}")
    if problems:
        raise RuleError(problems)
    return specs


def values_defaults(specs: Mapping[str, ValueSpec]) -> dict[str, object]:
    """key -> value as shipped in values.yaml."""
    return {key: spec.value for key, spec in specs.items()}


def load_rule_sets(rules_dir: Path) -> dict[str, RuleSet]:
    """Every `*.yaml` rule file of `rules_dir` (besides values.yaml) by advisor slug, checked."""
    rules_dir = Path(rules_dir)
    values_path = rules_dir / VALUES_FILE
    specs = load_values(values_path) if values_path.exists() else {}
    defaults = values_defaults(specs)
    rule_sets: dict[str, RuleSet] = {}
    problems: list[str] = []
    for path in sorted(rules_dir.glob("*.yaml")):
        if path.name == VALUES_FILE:
            continue
        try:
            rule_set = load_rule_set(path, defaults)
        except RuleError as error:
            problems.extend(error.problems)
            continue
        if rule_set.advisor in rule_sets:
            problems.append(f"{path.name}: advisor '{rule_set.advisor}' is defined twice")
        rule_sets[rule_set.advisor] = rule_set
    if problems:
        raise RuleError(problems)
    return rule_sets


def load_rule_set(path: Path, values: Mapping[str, object]) -> RuleSet:
    """One rule file, checked against the given values (key -> default value)."""
    data = _read_yaml(path)
    if not isinstance(data, Mapping):
        raise RuleError([f"{path.name}: must be a mapping"])
    try:
        rule_set = RuleSet.model_validate(data)
    except ValidationError as error:
        raise RuleError(_pydantic_problems(path.name, error)) from error
    if rule_set.advisor != path.stem:
        raise RuleError([f"{path.name}: advisor '{rule_set.advisor}' must match the file name"])
    rule_set._default_values = dict(values)
    problems = check_rule_set(rule_set, frozenset(values))
    if problems:
        raise RuleError(f"{path.name}: {problem}" for problem in problems)
    return rule_set


# --- static checks -----------------------------------------------------------------------------


def check_rule_set(rule_set: RuleSet, value_keys: frozenset[str]) -> list[str]:
    problems: list[str] = []
    everything = {q.id: q for q in rule_set.questions}
    _duplicates(problems, "question", [q.id for q in rule_set.questions])
    _duplicates(problems, "outcome", [o.code for o in rule_set.outcomes])

    earlier: dict[str, Question] = {}
    for index, question in enumerate(rule_set.questions):
        where = f"questions[{index}] '{question.id}'"
        problems.extend(_check_question(question, where))
        if question.ask_if is not None:
            ctx = CheckContext(earlier, everything, value_keys, f"{where}.ask_if")
            problems.extend(conditions.check_condition(question.ask_if, ctx))
        earlier[question.id] = question

    used: set[str] = set()
    listed_documents: set[str] = set()
    cited: set[str] = set()
    for outcome in rule_set.outcomes:
        where = f"outcome '{outcome.code}'"
        _duplicates(problems, f"{where} requirement", [r.id for r in outcome.requirements])
        if not outcome.requirements and outcome.score is None:
            problems.append(f"{where}: needs requirements or a score")
        for requirement in outcome.requirements:
            rwhere = f"{where} requirement '{requirement.id}'"
            for name, cond in (("applies_if", requirement.applies_if), ("test", requirement.test)):
                if cond is None:
                    continue
                ctx = CheckContext(everything, everything, value_keys, f"{rwhere}.{name}")
                problems.extend(conditions.check_condition(cond, ctx))
                used.update(conditions.answer_ids(cond))
            cited.update(requirement.basis)
            problems.extend(_missing_basis(rule_set, requirement.basis, rwhere))
            if not requirement.basis:
                problems.append(f"{rwhere}: names no legal basis")
        if outcome.score is not None:
            for factor in outcome.score.factors:
                ctx = CheckContext(everything, everything, value_keys, f"{where} factor")
                for cond in (factor.applies_if, factor.when):
                    if cond is not None:
                        problems.extend(conditions.check_condition(cond, ctx))
                        used.update(conditions.answer_ids(cond))
            for number in [f.points for f in outcome.score.factors] + [outcome.score.pass_mark]:
                if isinstance(number, ValueRef) and number.value not in value_keys:
                    problems.append(f"{where}: no value '{number.value}' in values.yaml")
        for ref in outcome.documents:
            listed_documents.add(ref.code)
            if ref.code not in rule_set.documents:
                problems.append(f"{where}: no document '{ref.code}' under documents")
            if ref.if_ is not None:
                ctx = CheckContext(everything, everything, value_keys, f"{where} {ref.code}.if")
                problems.extend(conditions.check_condition(ref.if_, ctx))
                used.update(conditions.answer_ids(ref.if_))
        cited.update(outcome.basis)
        problems.extend(_missing_basis(rule_set, outcome.basis, where))
        if not outcome.basis:
            problems.append(f"{where}: names no legal basis")

    for question in rule_set.questions:
        if question.id not in used:
            problems.append(f"question '{question.id}' is not used by any outcome")
    for code in rule_set.documents:
        if code not in listed_documents:
            problems.append(f"document '{code}' is not listed by any outcome")
    for code in rule_set.legal_basis:
        if code not in cited:
            problems.append(f"legal basis '{code}' is not cited by any outcome or requirement")
    if problems:
        return problems
    for question in rule_set.questions:
        problems.extend(_check_asked(rule_set, question))
    for outcome in rule_set.outcomes:
        problems.extend(_check_reachable(rule_set, outcome))
    return problems


def _duplicates(problems: list[str], kind: str, ids: list[str]) -> None:
    for name in sorted({i for i in ids if ids.count(i) > 1}):
        problems.append(f"{kind} '{name}' is defined more than once")


def _missing_basis(rule_set: RuleSet, codes: list[str], where: str) -> list[str]:
    return [f"{where}: no legal basis '{c}'" for c in codes if c not in rule_set.legal_basis]


def _check_question(question: Question, where: str) -> list[str]:
    problems = []
    if question.type == "choice":
        if len(question.choices) < 2:
            problems.append(f"{where}: a choice question needs at least two choices")
        values = question.choice_values
        for value in sorted({v for v in values if values.count(v) > 1}):
            problems.append(f"{where}: choice '{value}' appears more than once")
    elif question.choices:
        problems.append(f"{where}: only a choice question has choices")
    if question.type != "number" and (question.min is not None or question.max is not None):
        problems.append(f"{where}: only a number question has min and max")
    if question.min is not None and question.max is not None and question.min > question.max:
        problems.append(f"{where}: min is above max")
    if (question.default is None) != (question.assumption is None):
        problems.append(f"{where}: a default needs an assumption text, and the other way round")
    if question.default is not None and not _default_fits(question):
        problems.append(f"{where}: default {question.default!r} is not a valid answer")
    return problems


def _default_fits(question: Question) -> bool:
    default = question.default
    if question.type == "choice":
        return default in question.choice_values
    if question.type == "boolean":
        return isinstance(default, bool)
    if question.type == "number":
        return (
            isinstance(default, int | float)
            and not isinstance(default, bool)
            and (question.min is None or default >= question.min)
            and (question.max is None or default <= question.max)
        )
    return default == "today" or isinstance(default, dt.date)


# --- reachability ------------------------------------------------------------------------------

_ABSENT = object()


def _conditions_of(outcome: Outcome) -> list[Any]:
    conds: list[Any] = []
    for requirement in outcome.requirements:
        conds.extend(c for c in (requirement.applies_if, requirement.test) if c is not None)
    if outcome.score is not None:
        conds.extend(factor.when for factor in outcome.score.factors)
    return conds


def _candidates(
    question: Question, numbers: list[float], dates: list[dt.date], absent: bool, today: dt.date
) -> list[Any]:
    found: list[Any]
    if question.type == "choice":
        found = list(question.choice_values)
    elif question.type == "boolean":
        found = [True, False]
    elif question.type == "number":
        raw = {0, 1}
        for n in numbers:
            raw.update({n - 1, n - 0.5, n, n + 0.5, n + 1, 2 * n, n / 2})
        for bound in (question.min, question.max):
            if bound is not None:
                raw.add(bound)
        found = sorted(
            n
            for n in raw
            if (question.min is None or n >= question.min)
            and (question.max is None or n <= question.max)
        )
    else:
        raw_dates = {today, today - dt.timedelta(days=1), today + dt.timedelta(days=1)}
        for d in dates:
            raw_dates.update(d + dt.timedelta(days=delta) for delta in (-400, -1, 0, 1, 400))
        # Numbers near dates are often months or years between them.
        for n in numbers:
            if isinstance(n, int) and 0 < abs(n) <= 100:
                for months in (n - 1, n, n + 1, 12 * n):
                    raw_dates.update({_shift_months(today, -months), _shift_months(today, months)})
        found = sorted(raw_dates)
    if absent:
        found.append(_ABSENT)
    return found


def _satisfiable(
    rule_set: RuleSet, conds: list[Any], verdict: Callable[[Env], bool | None]
) -> bool | None:
    """Search for answers to the questions in `conds` that make `verdict` true.

    True when found, False when no answers can, None when the search ran out of budget. The
    search assigns questions in file order and prunes as soon as the verdict is false (sound,
    as three-valued evaluation only moves from unknown to known as answers are added).
    """
    values = rule_set.default_values
    today = conditions.local_today()
    ids = set(itertools.chain.from_iterable(conditions.answer_ids(c) for c in conds))
    answered_ids = {
        c["answered"] for c in _walk(conds) if isinstance(c, Mapping) and "answered" in c
    }
    numbers: list[float] = []
    dates: list[dt.date] = []
    for lit in itertools.chain.from_iterable(conditions.literals(c) for c in conds):
        item = values.get(lit["value"]) if isinstance(lit, Mapping) else lit
        if isinstance(item, bool):
            continue
        if isinstance(item, int | float):
            numbers.append(item)
        elif isinstance(item, dt.date):
            dates.append(item)
    order = [q for q in rule_set.questions if q.id in ids]
    options = [
        _candidates(q, numbers, dates, q.default is not None or q.id in answered_ids, today)
        for q in order
    ]
    budget = [SEARCH_LIMIT]

    def search(index: int, answers: dict[str, Any], answered: set[str]) -> bool:
        budget[0] -= 1
        pending = frozenset(q.id for q in order[index:])
        result = verdict(Env(answers, values, frozenset(answered), pending))
        if result is not None or index == len(order) or budget[0] <= 0:
            return bool(result)
        question = order[index]
        for option in options[index]:
            if option is _ABSENT:
                next_answers = dict(answers)
                if question.default is not None:
                    next_answers[question.id] = (
                        today if question.default == "today" else question.default
                    )
                if search(index + 1, next_answers, answered):
                    return True
            elif search(index + 1, {**answers, question.id: option}, answered | {question.id}):
                return True
        return False

    if search(0, {}, set()):
        return True
    return None if budget[0] <= 0 else False


def _outcome_verdict(outcome: Outcome, values: Mapping[str, Any]) -> Callable[[Env], bool | None]:
    def verdict(env: Env) -> bool | None:
        results = []
        for requirement in outcome.requirements:
            applies = (
                True
                if requirement.applies_if is None
                else conditions.evaluate(requirement.applies_if, env)
            )
            test = conditions.evaluate(requirement.test, env)
            if applies is False or test is True:
                results.append(True)
            elif applies is True and test is False:
                return False
            else:
                results.append(None)
        if outcome.score is not None:
            low = high = 0.0
            for factor in outcome.score.factors:
                points = _points(factor.points, values)
                when = conditions.evaluate(factor.when, env)
                if when is None:
                    low += min(points, 0)
                    high += max(points, 0)
                elif when:
                    low += points
                    high += points
            mark = _points(outcome.score.pass_mark, values)
            if high < mark:
                return False
            results.append(True if low >= mark else None)
        return None if None in results else True

    return verdict


def _check_reachable(rule_set: RuleSet, outcome: Outcome) -> list[str]:
    """Some answers make the outcome eligible."""
    verdict = _outcome_verdict(outcome, rule_set.default_values)
    found = _satisfiable(rule_set, _conditions_of(outcome), verdict)
    if found:
        return []
    if found is None:
        return [f"outcome '{outcome.code}': no answers making it eligible found within the search"]
    return [f"outcome '{outcome.code}': no answers make it eligible (it cannot be reached)"]


def _check_asked(rule_set: RuleSet, question: Question) -> list[str]:
    """Some earlier answers make the question's ask_if true, so it can be asked."""
    if question.ask_if is None:
        return []
    ask_if = question.ask_if
    found = _satisfiable(rule_set, [ask_if], lambda env: conditions.evaluate(ask_if, env))
    if found:
        return []
    if found is None:
        return [f"question '{question.id}': no answers found that make its ask_if true"]
    return [f"question '{question.id}': its ask_if is never true, so it is never asked"]


def _shift_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    year = min(max(year, 1), 9999)
    return dt.date(year, month + 1, min(day.day, 28))


def _points(number: Any, values: Mapping[str, Any]) -> float:
    if isinstance(number, ValueRef):
        resolved = values.get(number.value)
        return resolved if isinstance(resolved, int | float) else 0
    return number


def _walk(node: Any) -> Iterable[Any]:
    yield node
    if isinstance(node, Mapping):
        for child in node.values():
            yield from _walk(child)
    elif isinstance(node, list):
        for child in node:
            yield from _walk(child)
