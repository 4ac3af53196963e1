"""Reads for analysis: a form's variables and its submissions as records.

Records are the answers of each submission (by question name), its indicators as
``@name`` and its month of receipt as ``_received``. They never leave the server except
through :mod:`rehber.surveys.analysis.services`, which audits every export.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from rehber.surveys.analysis.tables import month_of
from rehber.surveys.answers import INPUT_TYPES
from rehber.surveys.models import PublishedTable, ReviewState, Submission, SurveyForm

#: Prefix of derived indicators among variables ("@ht_any"); question names cannot hold "@".
INDICATOR_PREFIX = "@"
#: The record key of the month a submission was received.
RECEIVED_MONTH = "_received"
NUMERIC_TYPES = ("integer", "decimal")
ID_TYPES = ("select_one", "text", "integer")

_INDICATOR_VALUES = {"1": _("Yes"), "0": _("No")}


def all_languages(text) -> dict[str, str]:
    """A lazy translation in every UI language."""
    out = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            out[code] = str(text)
    return out


@dataclass(frozen=True)
class Variable:
    key: str
    labels: dict
    categories: list[tuple[str, dict]] = field(default_factory=list)
    type: str = ""


@dataclass(frozen=True)
class FormVariables:
    """What an analyst may choose from, for one form."""

    categorical: list[Variable]
    numeric: list[Variable]
    ids: list[Variable]
    dates: list[Variable]
    exportable: list[Variable] = field(default_factory=list)

    def get(self, key: str) -> Variable | None:
        for item in self.categorical:
            if item.key == key:
                return item
        return None

    @property
    def by_name(self) -> dict[str, Variable]:
        out = {}
        for group in (self.categorical, self.numeric, self.ids, self.dates):
            for item in group:
                out.setdefault(item.key, item)
        return out


def form_variables(form: SurveyForm) -> FormVariables:
    """Questions and indicators of the form's newest version, with their labels."""
    version = form.current_version
    categorical: list[Variable] = []
    numeric: list[Variable] = []
    ids: list[Variable] = []
    dates: list[Variable] = []
    exportable: list[Variable] = []
    if version is not None:
        choices: dict[str, list[tuple[str, dict]]] = {}
        for choice in version.choices.all():
            choices.setdefault(choice.list_name, []).append((choice.value, choice.labels))
        for question in version.questions.all():
            labels = question.labels or {"en": question.name}
            item = Variable(
                key=question.name,
                labels=labels,
                categories=choices.get(question.list_name, []),
                type=question.type,
            )
            if question.type == "select_one":
                categorical.append(item)
            if question.type in NUMERIC_TYPES:
                numeric.append(item)
            if question.type in ID_TYPES:
                ids.append(item)
            if question.type == "date":
                dates.append(item)
            if question.type in INPUT_TYPES:
                exportable.append(item)
    yes_no = [(value, all_languages(label)) for value, label in _INDICATOR_VALUES.items()]
    for indicator in form.indicators.all():
        item = Variable(
            key=f"{INDICATOR_PREFIX}{indicator.name}",
            labels=indicator.labels or {"en": indicator.name},
            categories=yes_no,
            type="indicator",
        )
        categorical.append(item)
        exportable.append(item)
    return FormVariables(
        categorical=categorical, numeric=numeric, ids=ids, dates=dates, exportable=exportable
    )


def analysis_states(*, include_received: bool) -> list[str]:
    """Approved submissions only, unless the analyst asks for received ones too."""
    states = [ReviewState.APPROVED.value]
    if include_received:
        states.append(ReviewState.RECEIVED.value)
    return states


def analysis_records(form: SurveyForm, *, states: list[str]) -> list[dict[str, Any]]:
    """One record per submission in ``states``: answers, ``@indicators``, ``_received``."""
    records = []
    rows = (
        Submission.objects.filter(form=form, state__in=states)
        .order_by("pk")
        .values_list("answers", "indicators", "received_at")
    )
    for answers, indicators, received_at in rows.iterator(chunk_size=2000):
        record = dict(answers or {})
        for name, value in (indicators or {}).items():
            record[f"{INDICATOR_PREFIX}{name}"] = value
        record[RECEIVED_MONTH] = month_of(received_at.date().isoformat())
        records.append(record)
    return records


def published_tables_public() -> list[PublishedTable]:
    """Tables on the public side: published and not withdrawn, newest first."""
    return list(PublishedTable.objects.filter(withdrawn_at__isnull=True).select_related("form"))


def published_table_public(pk: int) -> PublishedTable | None:
    return (
        PublishedTable.objects.filter(pk=pk, withdrawn_at__isnull=True)
        .select_related("form")
        .first()
    )


def published_tables_of_form(form: SurveyForm) -> list[PublishedTable]:
    return list(form.published_tables.select_related("published_by").defer("snapshot"))
