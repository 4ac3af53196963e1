"""The advisors over HTTP (DESIGN §4): the list, one advisor's questions, and evaluation."""

import datetime
from typing import Any, Literal

from django.conf import settings
from django.http import Http404
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy
from ninja import Field, Query, Router, Schema, Status

from rehber.advisors import rulebook
from rehber.advisors.answers import error_message
from rehber.advisors.engine import RuleSet, coerce_answers, evaluate

router = Router(tags=["advisors"])

Language = Literal["ar", "tr", "en", "fa"]


POINTS_NOTE = gettext_lazy(
    "No official points table is public. These points and the pass mark are our estimate, "
    "to show where you stand. Only the Ministry decides."
)


class AdvisorOut(Schema):
    slug: str
    title: str
    version: str
    checked_on: datetime.date
    url: str = Field(description="The advisor's page for people, in the requested language")


class ChoiceOut(Schema):
    value: str
    text: str


class QuestionOut(Schema):
    id: str
    type: Literal["choice", "boolean", "number", "date"]
    text: str
    help: str | None
    choices: list[ChoiceOut]
    min: int | float | None
    max: int | float | None
    ask_if: dict[str, Any] | None = Field(
        description="Asked only when this condition is not false (rules/README.md grammar)"
    )
    default: Any = Field(description="Used when not answered; the result states the assumption")
    assumption: str | None


class AdvisorDetailOut(Schema):
    slug: str
    title: str
    summary: str
    version: str
    effective_from: datetime.date
    checked_on: datetime.date
    lang: str
    questions: list[QuestionOut]
    outcomes: list[str]
    url: str


class LangQuery(Schema):
    lang: Language = settings.LANGUAGE_CODE


class EvaluateIn(Schema):
    answers: dict[str, Any] = Field(
        default_factory=dict, description="Question id → answer (string, number, true/false)"
    )
    lang: Language = settings.LANGUAGE_CODE


class FactorOut(Schema):
    id: str
    text: str
    points: int | float | None = Field(description="null: not known from the answers")
    max_points: int | float


class PointsOut(Schema):
    factors: list[FactorOut]
    low: int | float
    high: int | float
    pass_mark: int | float
    note: str


class OutcomeOut(Schema):
    code: str
    title: str
    eligible: bool | None = Field(description="null: not enough answers to say, never a guess")
    reasons: list[str]
    missing: list[str] = Field(description="Question ids whose answers would decide it")
    points: PointsOut | None
    basis: list[str]


class DocumentOut(Schema):
    code: str
    text: str
    how_to_get: str


class BasisOut(Schema):
    code: str
    text: str
    url: str
    law_slug: str | None
    article: str | None
    checked_on: datetime.date


class EvaluationOut(Schema):
    advisor: str
    outcomes: list[OutcomeOut]
    documents: list[DocumentOut]
    legal_basis: list[BasisOut]
    assumptions: list[str]
    rules_version: str
    checked_on: datetime.date


class AnswerProblem(Schema):
    answer: str
    code: str
    message: str


class AnswersInvalidOut(Schema):
    detail: str
    errors: list[AnswerProblem]


def _rule_set(advisor: str) -> RuleSet:
    rule_set = rulebook.rule_set_get(advisor)
    if rule_set is None:
        raise Http404("No such advisor.")
    return rule_set


def _page_url(lang: str, name: str, advisor: str | None = None) -> str:
    with translation.override(lang):
        return reverse(name, kwargs={"advisor": advisor} if advisor else None)


@router.get("", response=list[AdvisorOut], summary="The advisors")
def advisor_list(request, query: Query[LangQuery]):
    return [
        AdvisorOut(
            slug=slug,
            title=rule_set.title.get(query.lang),
            version=rule_set.version,
            checked_on=rule_set.checked_on,
            url=_page_url(query.lang, "advisors:start", slug),
        )
        for slug, rule_set in rulebook.rule_sets().items()
    ]


@router.get("/{advisor}", response=AdvisorDetailOut, summary="One advisor and its questions")
def advisor_detail(request, advisor: str, query: Query[LangQuery]):
    rule_set = _rule_set(advisor)
    lang = query.lang
    questions = [
        QuestionOut(
            id=question.id,
            type=question.type,
            text=question.text.get(lang),
            help=question.help.get(lang) if question.help else None,
            choices=[ChoiceOut(value=c.value, text=c.text.get(lang)) for c in question.choices],
            min=question.min,
            max=question.max,
            ask_if=question.ask_if,
            default=question.default,
            assumption=question.assumption.get(lang) if question.assumption else None,
        )
        for question in rule_set.questions
    ]
    return AdvisorDetailOut(
        slug=rule_set.advisor,
        title=rule_set.title.get(lang),
        summary=rule_set.summary.get(lang),
        version=rule_set.version,
        effective_from=rule_set.effective_from,
        checked_on=rule_set.checked_on,
        lang=lang,
        questions=questions,
        outcomes=[outcome.code for outcome in rule_set.outcomes],
        url=_page_url(lang, "advisors:start", advisor),
    )


@router.post(
    "/{advisor}/evaluate",
    response={200: EvaluationOut, 422: AnswersInvalidOut},
    summary="Evaluate answers: each outcome true, false or null, documents and legal basis",
)
def advisor_evaluate(request, advisor: str, payload: EvaluateIn):
    rule_set = _rule_set(advisor)
    lang = payload.lang
    answers, errors = coerce_answers(rule_set, payload.answers)
    if errors:
        with translation.override(lang):
            problems = [
                AnswerProblem(
                    answer=qid, code=code, message=error_message(rule_set.question(qid), code)
                )
                for qid, code in errors.items()
            ]
        return Status(
            422, AnswersInvalidOut(detail="Some answers cannot be used.", errors=problems)
        )
    evaluation = evaluate(
        rule_set,
        answers,
        lang=lang,
        values=rulebook.values_current(),
        today=timezone.localdate(),
    )
    with translation.override(lang):
        note = str(POINTS_NOTE)
    return EvaluationOut(
        advisor=evaluation.advisor,
        outcomes=[
            OutcomeOut(
                code=outcome.code,
                title=outcome.title,
                eligible=outcome.eligible,
                reasons=outcome.reasons,
                missing=outcome.missing,
                points=_points(outcome.score, note),
                basis=outcome.basis,
            )
            for outcome in evaluation.outcomes
        ],
        documents=[
            DocumentOut(code=d.code, text=d.text, how_to_get=d.how_to_get)
            for d in evaluation.documents
        ],
        legal_basis=[
            BasisOut(
                code=b.code,
                text=b.text,
                url=b.url,
                law_slug=b.law_slug,
                article=b.article,
                checked_on=b.checked_on,
            )
            for b in evaluation.legal_basis
        ],
        assumptions=evaluation.assumptions,
        rules_version=evaluation.rules_version,
        checked_on=evaluation.checked_on,
    )


def _points(score, note: str) -> PointsOut | None:
    if score is None:
        return None
    return PointsOut(
        factors=[
            FactorOut(id=f.id, text=f.text, points=f.points, max_points=f.max_points)
            for f in score.factors
            if f.applies is not False  # factors of a route the answers ruled out
        ],
        low=score.low,
        high=score.high,
        pass_mark=score.pass_mark,
        note=note,
    )
