"""The advisor rule engine: pure Python (no Django), loads rule files and evaluates answers.

See rehber/advisors/rules/README.md for the rule-file format.
"""

from .conditions import ExplainNode, months_between
from .evaluate import (
    coerce_answers,
    evaluate,
    explain,
    merged_values,
    needed_questions,
    next_question,
)
from .loader import RuleError, load_rule_set, load_rule_sets, load_values, values_defaults
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
from .schema import (
    LANGUAGES,
    Choice,
    Document,
    DocumentRef,
    Factor,
    LegalBasis,
    Outcome,
    Question,
    Requirement,
    RuleSet,
    Score,
    Text,
    ValueSpec,
)

__all__ = [
    "LANGUAGES",
    "BasisResult",
    "Choice",
    "Document",
    "DocumentRef",
    "DocumentResult",
    "Evaluation",
    "ExplainNode",
    "Factor",
    "FactorExplanation",
    "FactorPoints",
    "LegalBasis",
    "Outcome",
    "OutcomeExplanation",
    "OutcomeResult",
    "Question",
    "Requirement",
    "RequirementExplanation",
    "RuleError",
    "RuleSet",
    "Score",
    "ScoreResult",
    "Text",
    "ValueSpec",
    "coerce_answers",
    "evaluate",
    "explain",
    "load_rule_set",
    "load_rule_sets",
    "load_values",
    "merged_values",
    "months_between",
    "needed_questions",
    "next_question",
    "values_defaults",
]
