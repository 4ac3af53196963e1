"""Conditions: their grammar (checked when a rule file is loaded) and three-valued evaluation.

A condition is a mapping with one operator (see rules/README.md). Evaluation is Kleene logic:
`True`, `False` or `None` (unknown), and an unanswered answer is never turned into a guess.
"""

from __future__ import annotations

import datetime as dt
import math
import zoneinfo
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

COMPARISONS = ("eq", "ne", "lt", "lte", "gt", "gte", "in", "not_in", "between")
ORDERING = ("lt", "lte", "gt", "gte", "between")
ARITHMETIC = ("sum", "mul", "sub", "months_between")
LITERALS = (bool, int, float, str, dt.date)


@dataclass(frozen=True)
class Env:
    """What a condition is evaluated against.

    `answers` holds known answers (defaults already applied where wanted); `answered` is the set
    of ids the person actually answered. `pending` holds ids not yet decided while searching
    for answers that reach an outcome: whether they are answered is unknown.
    """

    answers: Mapping[str, Any]
    values: Mapping[str, Any]
    answered: frozenset[str] = frozenset()
    pending: frozenset[str] = frozenset()


@dataclass(frozen=True)
class ExplainNode:
    """One node of an evaluated condition, for the staff "explain" page."""

    op: str
    result: bool | None
    left: str = ""
    operands: tuple[Any, ...] = ()
    children: tuple[ExplainNode, ...] = ()
    answers: tuple[str, ...] = field(default=())


def local_today() -> dt.date:
    """Today's date in Türkiye, where the rules apply."""
    return dt.datetime.now(zoneinfo.ZoneInfo("Europe/Istanbul")).date()


# --- grammar -----------------------------------------------------------------------------------


@dataclass
class CheckContext:
    """What a condition may refer to, and where it is (for messages)."""

    questions: Mapping[str, Any]  # id -> Question that may be referred to here
    all_questions: Mapping[str, Any]  # every question of the file
    value_keys: frozenset[str]
    where: str


def check_condition(cond: object, ctx: CheckContext) -> list[str]:
    """Readable problems with `cond`; empty when it is well formed and its references exist."""
    problems: list[str] = []
    _check(cond, ctx, problems, ctx.where)
    return problems


def _check(cond: object, ctx: CheckContext, problems: list[str], where: str) -> None:
    if not isinstance(cond, Mapping) or not cond:
        problems.append(f"{where}: a condition must be a mapping with one operator, not {cond!r}")
        return
    keys = set(cond)
    if keys in ({"all"}, {"any"}):
        (op,) = keys
        parts = cond[op]
        if not isinstance(parts, list) or not parts:
            problems.append(f"{where}: '{op}' needs a non-empty list of conditions")
            return
        for index, part in enumerate(parts):
            _check(part, ctx, problems, f"{where}.{op}[{index}]")
        return
    if keys == {"not"}:
        _check(cond["not"], ctx, problems, f"{where}.not")
        return
    if keys == {"answered"}:
        _check_answer_ref(cond["answered"], ctx, problems, where)
        return
    sides = keys & {"answer", "expr"}
    ops = keys & set(COMPARISONS)
    if len(sides) != 1 or len(ops) != 1 or len(keys) != 2:
        problems.append(
            f"{where}: expected one of all/any/not/answered, or 'answer' or 'expr' with one of "
            f"{', '.join(COMPARISONS)}; got keys {sorted(keys)}"
        )
        return
    (side,) = sides
    (op,) = ops
    question = None
    if side == "answer":
        question = _check_answer_ref(cond["answer"], ctx, problems, where)
    else:
        _check_expr(cond["expr"], ctx, problems, f"{where}.expr")
    rhs = cond[op]
    if op in ("in", "not_in"):
        if not isinstance(rhs, list) or not rhs:
            problems.append(f"{where}: '{op}' needs a non-empty list")
            return
        operands = rhs
    elif op == "between":
        if not isinstance(rhs, list) or len(rhs) != 2:
            problems.append(f"{where}: 'between' needs a list [low, high]")
            return
        operands = rhs
    else:
        operands = [rhs]
    for operand in operands:
        _check_operand(operand, ctx, problems, where)
    if question is None:
        return
    if question.type in ("choice", "boolean") and op in ORDERING:
        problems.append(f"{where}: '{op}' cannot compare the {question.type} '{question.id}'")
    for operand in operands:
        if isinstance(operand, Mapping):
            continue
        if question.type == "choice" and operand not in question.choice_values:
            problems.append(f"{where}: {operand!r} is not a choice of question '{question.id}'")
        elif question.type == "boolean" and not isinstance(operand, bool):
            problems.append(f"{where}: '{question.id}' is yes/no; compare it with true or false")
        elif question.type == "number" and not _is_number(operand):
            problems.append(f"{where}: '{question.id}' is a number; {operand!r} is not")
        elif question.type == "date" and not isinstance(operand, dt.date):
            problems.append(f"{where}: '{question.id}' is a date; {operand!r} is not")


def _check_answer_ref(ref: object, ctx: CheckContext, problems: list[str], where: str) -> Any:
    if not isinstance(ref, str) or ref not in ctx.all_questions:
        problems.append(f"{where}: no question '{ref}'")
        return None
    if ref not in ctx.questions:
        problems.append(f"{where}: may only refer to earlier questions, not '{ref}'")
        return None
    return ctx.questions[ref]


def _check_operand(operand: object, ctx: CheckContext, problems: list[str], where: str) -> None:
    if isinstance(operand, Mapping):
        if set(operand) != {"value"}:
            problems.append(f"{where}: a right-hand side is a literal or {{value: key}}")
        elif operand["value"] not in ctx.value_keys:
            problems.append(f"{where}: no value '{operand['value']}' in values.yaml")
    elif operand is None or not isinstance(operand, LITERALS):
        problems.append(f"{where}: {operand!r} is not a literal")


def _check_expr(expr: object, ctx: CheckContext, problems: list[str], where: str) -> None:
    if isinstance(expr, LITERALS) and not isinstance(expr, str):
        return
    if not isinstance(expr, Mapping) or len(expr) != 1:
        problems.append(
            f"{where}: an expression is a number, {{answer}}, {{value}} or one of "
            f"{', '.join(ARITHMETIC)}"
        )
        return
    ((op, arg),) = expr.items()
    if op == "answer":
        question = _check_answer_ref(arg, ctx, problems, where)
        if question is not None and question.type not in ("number", "date"):
            problems.append(f"{where}: '{arg}' is not a number or a date")
    elif op == "value":
        if arg not in ctx.value_keys:
            problems.append(f"{where}: no value '{arg}' in values.yaml")
    elif op in ARITHMETIC:
        if not isinstance(arg, list) or not arg:
            problems.append(f"{where}: '{op}' needs a non-empty list")
            return
        if op in ("sub", "months_between") and len(arg) != 2:
            problems.append(f"{where}: '{op}' needs exactly two operands")
        for index, part in enumerate(arg):
            _check_expr(part, ctx, problems, f"{where}.{op}[{index}]")
    else:
        problems.append(f"{where}: unknown expression '{op}'")


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


# --- references --------------------------------------------------------------------------------


def answer_ids(cond: object) -> Iterator[str]:
    """Every question id a condition or expression refers to."""
    if isinstance(cond, Mapping):
        for key, arg in cond.items():
            if key in ("answer", "answered") and isinstance(arg, str):
                yield arg
            else:
                yield from answer_ids(arg)
    elif isinstance(cond, list):
        for part in cond:
            yield from answer_ids(part)


def value_keys(cond: object) -> Iterator[str]:
    """Every values.yaml key a condition or expression refers to."""
    if isinstance(cond, Mapping):
        for key, arg in cond.items():
            if key == "value" and isinstance(arg, str):
                yield arg
            else:
                yield from value_keys(arg)
    elif isinstance(cond, list):
        for part in cond:
            yield from value_keys(part)


def literals(cond: object) -> Iterator[Any]:
    """Every literal and value reference on a right-hand side or inside an expression."""
    if isinstance(cond, Mapping):
        for key, arg in cond.items():
            if key in ("answer", "answered"):
                continue
            if key == "value":
                yield cond
            else:
                yield from literals(arg)
    elif isinstance(cond, list):
        for part in cond:
            yield from literals(part)
    elif isinstance(cond, LITERALS):
        yield cond


# --- evaluation --------------------------------------------------------------------------------


def evaluate(cond: Mapping[str, Any], env: Env) -> bool | None:
    """True, False, or None when unknown."""
    return _eval(cond, env, None)


def trace(cond: Mapping[str, Any], env: Env) -> ExplainNode:
    """The evaluated condition tree with every node's operands and result."""
    nodes: list[ExplainNode] = []
    _eval(cond, env, nodes)
    return nodes[0]


def _eval(cond: Mapping[str, Any], env: Env, out: list[ExplainNode] | None) -> bool | None:
    if "all" in cond or "any" in cond:
        op = "all" if "all" in cond else "any"
        children: list[ExplainNode] | None = [] if out is not None else None
        results = [_eval(part, env, children) for part in cond[op]]
        if op == "all":
            result = False if False in results else (None if None in results else True)
        else:
            result = True if True in results else (None if None in results else False)
        if out is not None:
            out.append(ExplainNode(op=op, result=result, children=tuple(children or ())))
        return result
    if "not" in cond:
        children = [] if out is not None else None
        inner = _eval(cond["not"], env, children)
        result = None if inner is None else not inner
        if out is not None:
            out.append(ExplainNode(op="not", result=result, children=tuple(children or ())))
        return result
    if "answered" in cond:
        qid = cond["answered"]
        result = None if qid in env.pending else qid in env.answered
        if out is not None:
            out.append(ExplainNode(op="answered", result=result, left=qid, answers=(qid,)))
        return result
    op = next(key for key in cond if key in COMPARISONS)
    if "answer" in cond:
        left_expr: Any = {"answer": cond["answer"]}
    else:
        left_expr = cond["expr"]
    left = _value(left_expr, env)
    rhs = cond[op]
    if op in ("in", "not_in", "between"):
        right: Any = [_operand(item, env) for item in rhs]
    else:
        right = _operand(rhs, env)
    result = _compare(op, left, right)
    if out is not None:
        out.append(
            ExplainNode(
                op=op,
                result=result,
                left=_describe(left_expr),
                operands=(left, right),
                answers=tuple(dict.fromkeys(answer_ids(left_expr))),
            )
        )
    return result


def _compare(op: str, left: Any, right: Any) -> bool | None:
    if left is None:
        return None
    checks: dict[str, Callable[[], bool]] = {
        "eq": lambda: left == right,
        "ne": lambda: left != right,
        "lt": lambda: left < right,
        "lte": lambda: left <= right,
        "gt": lambda: left > right,
        "gte": lambda: left >= right,
        "in": lambda: left in right,
        "not_in": lambda: left not in right,
        "between": lambda: right[0] <= left <= right[1],
    }
    if op in ("eq", "ne", "in", "not_in"):
        items = right if op in ("in", "not_in") else [right]
        if any(item is None for item in items):
            return None
    elif right is None or (op == "between" and None in right):
        return None
    try:
        return bool(checks[op]())
    except TypeError:
        # A value edited to the wrong type: say "unknown" rather than guess.
        return None


def _operand(operand: Any, env: Env) -> Any:
    if isinstance(operand, Mapping):
        return env.values.get(operand.get("value"))
    return operand


def _value(expr: Any, env: Env) -> Any:
    if not isinstance(expr, Mapping):
        return expr
    ((op, arg),) = expr.items()
    if op == "answer":
        return env.answers.get(arg)
    if op == "value":
        return env.values.get(arg)
    parts = [_value(part, env) for part in arg]
    if op == "mul" and any(_is_number(part) and part == 0 for part in parts):
        return 0  # zero times anything, known or not
    if any(part is None for part in parts):
        return None
    try:
        if op == "sum":
            return _tidy(math.fsum(parts))
        if op == "mul":
            return _tidy(math.prod(parts))
        if op == "sub":
            return _tidy(parts[0] - parts[1])
        if op == "months_between":
            return months_between(parts[0], parts[1])
    except TypeError:
        return None
    return None


def months_between(start: Any, end: Any) -> int | None:
    """Whole months from `start` to `end` (negative when `end` is earlier)."""
    if not isinstance(start, dt.date) or not isinstance(end, dt.date):
        return None
    months = (end.year - start.year) * 12 + end.month - start.month
    if end >= start and end.day < start.day:
        months -= 1
    elif end < start and end.day > start.day:
        months += 1
    return months


def _tidy(number: Any) -> Any:
    if isinstance(number, float) and number.is_integer():
        return int(number)
    return number


def _describe(expr: Any) -> str:
    if not isinstance(expr, Mapping):
        return repr(expr)
    ((op, arg),) = expr.items()
    if op in ("answer", "value"):
        return str(arg) if op == "answer" else f"value:{arg}"
    return f"{op}({', '.join(_describe(part) for part in arg)})"


def unknown_answers(node: ExplainNode, answers: Mapping[str, Any]) -> list[str]:
    """Unanswered question ids under the unknown parts of an evaluated condition."""
    if node.result is not None:
        return []
    if node.children:
        found: list[str] = []
        for child in node.children:
            found.extend(unknown_answers(child, answers))
        return list(dict.fromkeys(found))
    return [qid for qid in node.answers if qid not in answers]
