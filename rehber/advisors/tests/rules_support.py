"""Helpers for the tests of the shipped rule files (pure: no database)."""

import datetime as dt
import functools
from pathlib import Path

from rehber.advisors.engine import RuleSet, coerce_answers, evaluate, explain, load_rule_sets

RULES_DIR = Path(__file__).resolve().parent.parent / "rules"
TODAY = dt.date(2026, 11, 30)


@functools.cache
def shipped() -> dict[str, RuleSet]:
    return load_rule_sets(RULES_DIR)


def result(advisor: str, raw: dict, *, lang: str = "en", values=None):
    rule_set = shipped()[advisor]
    answers, errors = coerce_answers(rule_set, raw)
    assert errors == {}, errors
    return evaluate(rule_set, answers, lang=lang, values=values, today=TODAY)


def failed(advisor: str, raw: dict, code: str, values=None) -> list[str]:
    """Ids of the requirements of `code` that fail for these answers."""
    rule_set = shipped()[advisor]
    answers, _ = coerce_answers(rule_set, raw)
    merged = None if values is None else {**rule_set.default_values, **values}
    for item in explain(rule_set, answers, values=merged, today=TODAY):
        if item.code == code:
            return [r.id for r in item.requirements if r.result is False]
    raise AssertionError(f"no outcome {code}")
