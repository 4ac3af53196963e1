"""The shape of a rule file and of the values file, as pydantic models.

Conditions stay plain mappings here (their grammar is checked in `conditions.py`); everything
else is typed, and unknown fields are refused so that a typo never passes silently.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    StringConstraints,
    field_validator,
)

LANGUAGES = ("ar", "tr", "en", "fa")
FALLBACK_LANGUAGE = "en"

NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$")]
Ident = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
ValueKey = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")]

Condition = dict[str, Any]
"""A condition mapping, e.g. ``{"answer": "age", "gte": 18}``; see `conditions.py`."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(_Strict):
    """One text in the four languages of the public side."""

    ar: NonEmpty
    tr: NonEmpty
    en: NonEmpty
    fa: NonEmpty

    def get(self, lang: str | None) -> str:
        """The text in `lang` (a code such as "ar" or "fa-IR"), else in English."""
        code = (lang or FALLBACK_LANGUAGE).split("-")[0].split("_")[0].lower()
        return getattr(self, code) if code in LANGUAGES else getattr(self, FALLBACK_LANGUAGE)

    def __str__(self) -> str:
        return self.en


class ValueRef(_Strict):
    """A reference to a figure in values.yaml: ``{value: residence.long_term_min_years}``."""

    value: ValueKey


Number = int | float
NumberOrValue = Number | ValueRef


class Choice(_Strict):
    value: Ident
    text: Text


QuestionType = Literal["choice", "boolean", "number", "date"]


class Question(_Strict):
    id: Ident
    type: QuestionType
    text: Text
    help: Text | None = None
    choices: list[Choice] = Field(default_factory=list)
    min: Number | None = None
    max: Number | None = None
    ask_if: Condition | None = None
    default: Any = None
    assumption: Text | None = None

    @property
    def choice_values(self) -> list[str]:
        return [choice.value for choice in self.choices]

    def choice(self, value: object) -> Choice | None:
        return next((choice for choice in self.choices if choice.value == value), None)


class Requirement(_Strict):
    id: Ident
    applies_if: Condition | None = None
    test: Condition
    met: Text
    unmet: Text
    basis: list[Slug] = Field(default_factory=list)


class Factor(_Strict):
    id: Ident
    text: Text
    applies_if: Condition | None = None  # where false, the factor is not shown (another route)
    when: Condition
    points: NumberOrValue


class Score(_Strict):
    factors: list[Factor] = Field(min_length=1)
    pass_mark: NumberOrValue


class DocumentRef(_Strict):
    code: Ident
    if_: Condition | None = Field(default=None, alias="if")

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Outcome(_Strict):
    code: Ident
    title: Text
    requirements: list[Requirement] = Field(default_factory=list)
    score: Score | None = None
    documents: list[DocumentRef] = Field(default_factory=list)
    list_documents: Literal["always"] | None = None
    basis: list[Slug] = Field(default_factory=list)


class Document(_Strict):
    text: Text
    how_to_get: Text


class LawLink(_Strict):
    slug: Slug
    article: str | None = None

    @field_validator("article", mode="before")
    @classmethod
    def _article_as_text(cls, value: object) -> object:
        return str(value) if isinstance(value, int) else value


class LegalBasis(_Strict):
    text: Text
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")]
    law: LawLink | None = None
    checked_on: dt.date


class RuleSet(_Strict):
    advisor: Slug
    version: NonEmpty
    effective_from: dt.date
    checked_on: dt.date
    title: Text
    summary: Text
    guides: list[Slug] = Field(default_factory=list)
    questions: list[Question] = Field(min_length=1)
    outcomes: list[Outcome] = Field(min_length=1)
    documents: dict[Ident, Document] = Field(default_factory=dict)
    legal_basis: dict[Slug, LegalBasis] = Field(default_factory=dict)
    # Set by the loader: the file defaults of values.yaml, used when no values are passed.
    _default_values: dict[str, Any] = PrivateAttr(default_factory=dict)

    @field_validator("version", mode="before")
    @classmethod
    def _version_as_text(cls, value: object) -> object:
        return str(value) if isinstance(value, int | float) else value

    @property
    def default_values(self) -> dict[str, Any]:
        return dict(self._default_values)

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)

    def outcome(self, code: str) -> Outcome | None:
        return next((o for o in self.outcomes if o.code == code), None)


class ValueSpec(_Strict):
    """One figure of values.yaml with its source."""

    key: ValueKey
    value: bool | int | float | dt.date | str
    unit: str | None = None
    source: NonEmpty
    source_url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")] | None = None
    check_with_authority: bool
    checked_on: dt.date
    note: str | None = None
