"""Check and convert one answer for its question type; evaluate simple ``relevant`` rules.

No Django imports. Web entry, OpenRosa and imports all go through
``answer_clean`` so that an answer means the same whatever way it came in.
Error codes are turned into messages by the caller.
"""

import datetime
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

REQUIRED = "required"
NOT_INTEGER = "not_integer"
NOT_NUMBER = "not_number"
NOT_DATE = "not_date"
NOT_A_CHOICE = "not_a_choice"

INPUT_TYPES = ("select_one", "select_multiple", "integer", "decimal", "text", "date")


def is_empty(raw: Any) -> bool:
    if raw is None:
        return True
    if isinstance(raw, str):
        return raw.strip() == ""
    if isinstance(raw, list | tuple):
        return all(is_empty(item) for item in raw)
    return False


def answer_clean(
    *, type: str, raw: Any, choices: Iterable[str] = ()
) -> tuple[Any, str | None, str]:
    """``(value, error_code, bad_value)`` for raw input; ``value`` is None when empty.

    ``raw`` for select_multiple may be a list or one space-separated string.
    """
    if is_empty(raw):
        return None, None, ""
    if type == "select_multiple":
        items = raw.split() if isinstance(raw, str) else [str(item).strip() for item in raw]
        allowed = set(choices)
        unknown = [item for item in items if item and item not in allowed]
        if unknown:
            return None, NOT_A_CHOICE, unknown[0]
        return [item for item in items if item], None, ""
    text = str(raw).strip()
    if type == "select_one":
        return (text, None, "") if text in set(choices) else (None, NOT_A_CHOICE, text)
    if type == "integer":
        if re.fullmatch(r"[+-]?\d+(\.0+)?", text):
            return int(Decimal(text)), None, ""
        return None, NOT_INTEGER, text
    if type == "decimal":
        try:
            number = Decimal(text.replace(",", ".")) if text.count(",") <= 1 else None
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite():
            return None, NOT_NUMBER, text
        return float(number), None, ""
    if type == "date":
        try:
            return datetime.date.fromisoformat(text[:10]).isoformat(), None, ""
        except ValueError:
            return None, NOT_DATE, text
    return text, None, ""


# Relevance -------------------------------------------------------------------

_TOKEN = re.compile(
    r"\s*(?:(?P<ref>\$\{[A-Za-z_][\w.-]*\})|(?P<str>'[^']*'|\"[^\"]*\")|(?P<num>\d+(?:\.\d+)?)"
    r"|(?P<op>!=|>=|<=|=|>|<|\(|\)|,)|(?P<word>and|or|not|selected))"
)


class RelevanceUnsupported(ValueError):
    """The expression uses more than the simple subset we evaluate."""


def _tokens(expression: str) -> list[tuple[str, str]]:
    out, position = [], 0
    expression = expression.strip()
    while position < len(expression):
        match = _TOKEN.match(expression, position)
        if not match or match.end() == position:
            raise RelevanceUnsupported(expression)
        kind = match.lastgroup
        out.append((kind, match[kind]))
        position = match.end()
    return out


def relevance_holds(expression: str, answers: Mapping[str, Any]) -> bool:
    """Whether ``expression`` holds for ``answers`` (by question name).

    Supports ``${q} = 'v'``, ``!=``, numeric comparisons, ``selected(${q}, 'v')``,
    ``and``, ``or``, ``not(...)`` and brackets. Raises ``RelevanceUnsupported``
    for anything else, so the caller can treat the question as relevant.
    """
    if not expression.strip():
        return True
    tokens = _tokens(expression)
    position = 0

    def peek():
        return tokens[position] if position < len(tokens) else (None, None)

    def take(value=None):
        nonlocal position
        token = peek()
        if token[0] is None or (value is not None and token[1] != value):
            raise RelevanceUnsupported(expression)
        position += 1
        return token

    def operand():
        kind, value = take()
        if kind == "ref":
            return answers.get(value[2:-1])
        if kind == "str":
            return value[1:-1]
        if kind == "num":
            return Decimal(value)
        raise RelevanceUnsupported(expression)

    def compare(left, op, right):
        if isinstance(left, list):
            left = " ".join(left)
        if isinstance(right, Decimal) or isinstance(left, int | float):
            try:
                left = Decimal(str(left)) if left not in (None, "") else None
                right = Decimal(str(right))
            except InvalidOperation:
                return False
            if left is None:
                return op == "!="
        else:
            left = "" if left is None else str(left)
        return {
            "=": lambda: left == right,
            "!=": lambda: left != right,
            ">": lambda: left > right,
            "<": lambda: left < right,
            ">=": lambda: left >= right,
            "<=": lambda: left <= right,
        }[op]()

    def atom():
        kind, value = peek()
        if value == "(":
            take("(")
            result = disjunction()
            take(")")
            return result
        if value == "not":
            take("not")
            take("(")
            result = disjunction()
            take(")")
            return not result
        if value == "selected":
            take("selected")
            take("(")
            chosen = operand()
            take(",")
            wanted = operand()
            take(")")
            items = chosen if isinstance(chosen, list) else str(chosen or "").split()
            return str(wanted) in items
        left = operand()
        kind, op = peek()
        if kind != "op" or op not in ("=", "!=", ">", "<", ">=", "<="):
            raise RelevanceUnsupported(expression)
        take()
        return compare(left, op, operand())

    def conjunction():
        result = atom()
        while peek()[1] == "and":
            take("and")
            result = atom() and result
        return result

    def disjunction():
        result = conjunction()
        while peek()[1] == "or":
            take("or")
            result = conjunction() or result
        return result

    result = disjunction()
    if position != len(tokens):
        raise RelevanceUnsupported(expression)
    return bool(result)


def question_is_relevant(expression: str, answers: Mapping[str, Any]) -> bool:
    try:
        return relevance_holds(expression, answers)
    except RelevanceUnsupported:
        return True


def required_missing(answers: Mapping[str, Any], questions: Iterable[Any]) -> list[str]:
    """Names of required questions that are relevant for ``answers`` but have no answer."""
    return [
        question.name
        for question in questions
        if question.required
        and question.type in INPUT_TYPES
        and answers.get(question.name) in (None, "", [])
        and question_is_relevant(question.relevance, answers)
    ]
