"""What an evaluation returns: plain frozen dataclasses, easy to render or serialise."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .conditions import ExplainNode


@dataclass(frozen=True)
class FactorPoints:
    id: str
    text: str
    points: int | float | None  # None: not known yet
    max_points: int | float
    applies: bool | None = True  # False: the factor belongs to a route the answers ruled out


@dataclass(frozen=True)
class ScoreResult:
    factors: list[FactorPoints]
    low: int | float
    high: int | float
    pass_mark: int | float


@dataclass(frozen=True)
class OutcomeResult:
    code: str
    title: str
    eligible: bool | None
    reasons: list[str]
    missing: list[str]
    score: ScoreResult | None
    basis: list[str]


@dataclass(frozen=True)
class DocumentResult:
    code: str
    text: str
    how_to_get: str


@dataclass(frozen=True)
class BasisResult:
    code: str
    text: str
    url: str
    law_slug: str | None
    article: str | None
    checked_on: dt.date


@dataclass(frozen=True)
class Evaluation:
    advisor: str
    rules_version: str
    checked_on: dt.date
    outcomes: list[OutcomeResult]
    documents: list[DocumentResult]
    legal_basis: list[BasisResult]
    assumptions: list[str]

    def outcome(self, code: str) -> OutcomeResult | None:
        return next((o for o in self.outcomes if o.code == code), None)


@dataclass(frozen=True)
class RequirementExplanation:
    id: str
    applies: bool | None
    result: bool | None
    applies_if: ExplainNode | None
    test: ExplainNode


@dataclass(frozen=True)
class FactorExplanation:
    id: str
    points: int | float | None
    max_points: int | float
    when: ExplainNode


@dataclass(frozen=True)
class OutcomeExplanation:
    code: str
    eligible: bool | None
    requirements: list[RequirementExplanation]
    score: ScoreResult | None
    missing: list[str]
    factors: list[FactorExplanation] = field(default_factory=list)
