"""Derived indicators defined as data, evaluated without Django.

A definition is a mapping (see ``questionnaires/fms-turkey/indicators.yaml``):

``any_yes``  1 if any listed question has one of ``yes_values``; 0 if every
             listed question has one of ``no_values``; otherwise missing (None). So "don't know",
             refusals and unanswered questions are missing, never "no".
``all_of``   Kleene "and" over terms ``{indicator: NAME, equals: 0|1}``:
             0 if any term is false, 1 if all are true, otherwise missing.
"""

from collections.abc import Mapping, Sequence
from typing import Any

KINDS = ("any_yes", "all_of")


class IndicatorDefinitionError(ValueError):
    pass


def definition_check(definition: Mapping[str, Any], *, known: Sequence[str] = ()) -> None:
    """Raise ``IndicatorDefinitionError`` unless ``definition`` can be evaluated."""
    kind = definition.get("kind")
    if kind not in KINDS:
        raise IndicatorDefinitionError(f"kind must be one of {', '.join(KINDS)}")
    if kind == "any_yes":
        questions = definition.get("questions")
        if not questions or not all(isinstance(q, str) for q in questions):
            raise IndicatorDefinitionError("any_yes needs a list of question names")
        if not definition.get("yes_values") or not definition.get("no_values"):
            raise IndicatorDefinitionError("any_yes needs yes_values and no_values")
    else:
        terms = definition.get("terms")
        if not terms:
            raise IndicatorDefinitionError("all_of needs terms")
        for term in terms:
            if term.get("indicator") not in known or term.get("equals") not in (0, 1):
                raise IndicatorDefinitionError(
                    "each term names an earlier indicator and equals 0 or 1"
                )


def _any_yes(definition: Mapping[str, Any], answers: Mapping[str, Any]) -> int | None:
    yes, no = set(definition["yes_values"]), set(definition["no_values"])
    values = [answers.get(name) for name in definition["questions"]]
    if any(value in yes for value in values):
        return 1
    if all(value in no for value in values):
        return 0
    return None


def _all_of(definition: Mapping[str, Any], results: Mapping[str, int | None]) -> int | None:
    missing = False
    for term in definition["terms"]:
        value = results.get(term["indicator"])
        if value is None:
            missing = True
        elif value != term["equals"]:
            return 0
    return None if missing else 1


def indicators_evaluate(
    definitions: Sequence[Mapping[str, Any]], answers: Mapping[str, Any]
) -> dict[str, int | None]:
    """Each indicator's value (1, 0 or None) for one submission's answers, in order."""
    results: dict[str, int | None] = {}
    for definition in definitions:
        if definition["kind"] == "any_yes":
            results[definition["name"]] = _any_yes(definition, answers)
        else:
            results[definition["name"]] = _all_of(definition, results)
    return results
