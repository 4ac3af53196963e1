"""An analysis as a JSON-ready snapshot, and a snapshot as a page (tables and charts).

The staff page, the exports and the public page all go through :func:`snapshot_build`
and :func:`snapshot_present`, so what is published is exactly what the analyst saw:
estimates after small-cell suppression.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rehber.core.models import text_direction
from rehber.surveys.analysis import charts
from rehber.surveys.analysis.data import (
    RECEIVED_MONTH,
    FormVariables,
    all_languages,
    analysis_records,
    analysis_states,
)
from rehber.surveys.analysis.tables import (
    DEFAULT_K,
    Design,
    cells_of,
    crosstab,
    grand_total,
    grouped,
    label_in,
    localise,
    month_of,
    suppress,
    total_respondents,
)
from rehber.surveys.models import SurveyForm

RECEIVED_LABEL = gettext_lazy("Month the submission was received")


@dataclass(frozen=True)
class AnalysisSpec:
    """What the analyst asked for. Names are question names or ``@indicator``."""

    variable: str
    by: str = ""
    weight: str = ""
    strata: str = ""
    cluster: str = ""
    month: str = ""  # "", "_received" or a date question
    include_received: bool = False
    k: int = DEFAULT_K

    @property
    def design(self) -> Design:
        return Design(weight=self.weight, strata=self.strata, cluster=self.cluster)


def _labels(variables: FormVariables, key: str) -> dict:
    item = variables.by_name.get(key)
    return dict(item.labels) if item else {"en": key}


def snapshot_build(form: SurveyForm, spec: AnalysisSpec, variables: FormVariables) -> dict:
    """Estimates for ``spec`` on the form's submissions, suppressed with ``spec.k``.

    Raises ``tables.ColumnProblem`` when a design column cannot be used.
    """
    variable = variables.get(spec.variable)
    if variable is None:
        raise ValueError("unknown variable")
    by_variable = variables.get(spec.by) if spec.by else None
    states = analysis_states(include_received=spec.include_received)
    records = analysis_records(form, states=states)
    table = crosstab(records, variable=spec.variable, by=spec.by, design=spec.design)
    category_labels = dict(variable.categories)
    group_labels = dict(by_variable.categories) if by_variable else {}
    cells = cells_of(
        table,
        category_labels=category_labels,
        group_labels=group_labels,
        category_order=[value for value, _labels in variable.categories],
        group_order=[value for value, _labels in (by_variable.categories if by_variable else [])],
    )
    n_total = total_respondents(cells)
    snapshot: dict[str, Any] = {
        "variable": spec.variable,
        "variable_labels": dict(variable.labels),
        "by": spec.by,
        "by_labels": dict(by_variable.labels) if by_variable else {},
        "design": {
            "weight": spec.weight,
            "strata": spec.strata,
            "cluster": spec.cluster,
            "weight_labels": _labels(variables, spec.weight) if spec.weight else {},
            "strata_labels": _labels(variables, spec.strata) if spec.strata else {},
            "cluster_labels": _labels(variables, spec.cluster) if spec.cluster else {},
        },
        "representative": table.representative,
        "states": states,
        "k": spec.k,
        "level": table.level,
        "cells": suppress(cells, k=spec.k),
        "series": None,
    }
    snapshot["n_total"] = grand_total(snapshot["cells"], total=n_total, k=spec.k)
    if spec.month:
        month_key = spec.month
        if month_key != RECEIVED_MONTH:
            for record in records:
                record["_month"] = month_of(record.get(month_key))
            month_key = "_month"
        series = crosstab(records, variable=spec.variable, by=month_key, design=spec.design)
        series_cells = cells_of(
            series,
            category_labels=category_labels,
            category_order=[value for value, _labels in variable.categories],
        )
        snapshot["series"] = {
            "source": spec.month,
            "source_labels": (
                all_languages(RECEIVED_LABEL)
                if spec.month == RECEIVED_MONTH
                else _labels(variables, spec.month)
            ),
            # The overall table beside the series shows each category's total.
            "cells": suppress(
                series_cells,
                k=spec.k,
                hidden_column_totals=(
                    {c["category"] for c in snapshot["cells"] if c["suppressed"]}
                    if not spec.by
                    else None
                ),
                total_shown_elsewhere=True,
            ),
        }
    return snapshot


def default_titles(snapshot: dict) -> dict[str, str]:
    """A title in every UI language made of the labels of the variable (and "by")."""
    titles = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            variable = label_in(snapshot["variable_labels"], code) or snapshot["variable"]
            if snapshot.get("by"):
                by = label_in(snapshot["by_labels"], code) or snapshot["by"]
                titles[code] = _("%(variable)s, by %(by)s") % {"variable": variable, "by": by}
            else:
                titles[code] = variable
    return titles


def _pct(value: float | None) -> str:
    return "" if value is None else f"{100 * value:.1f}%"


def cell_numbers(cell: dict, *, k: int) -> str:
    """A cell's numbers in words: estimate, interval and n (or why they are hidden)."""
    if cell.get("suppressed"):
        return _("hidden: fewer than %(k)s people, or it would reveal them") % {"k": k}
    if cell.get("ci_low") is None or cell.get("ci_high") is None:
        return _("%(estimate)s (no interval), n = %(n)s") % {
            "estimate": _pct(cell.get("estimate")),
            "n": cell.get("n"),
        }
    return _("%(estimate)s (95%% interval %(low)s–%(high)s), n = %(n)s") % {
        "estimate": _pct(cell["estimate"]),
        "low": _pct(cell["ci_low"]),
        "high": _pct(cell["ci_high"]),
        "n": cell["n"],
    }


def cell_text(cell: dict, *, k: int) -> str:
    """The category's label and its numbers."""
    return _("%(label)s: %(numbers)s") % {
        "label": cell["category_label"],
        "numbers": cell_numbers(cell, k=k),
    }


def _table_rows(cells: list[dict]) -> list[dict]:
    rows = []
    for cell in cells:
        rows.append(
            {
                **cell,
                "estimate_pct": _pct(cell.get("estimate")),
                "ci_pct": (
                    f"{_pct(cell['ci_low'])} – {_pct(cell['ci_high'])}"
                    if cell.get("ci_low") is not None and cell.get("ci_high") is not None
                    else ""
                ),
                "se_pct": _pct(cell.get("se")),
            }
        )
    return rows


def snapshot_present(snapshot: dict, language: str, *, title: str = "") -> dict:
    """Everything a template needs to show a snapshot in ``language``."""
    rtl = text_direction(language) == "rtl"
    k = int(snapshot["k"])
    variable_label = label_in(snapshot["variable_labels"], language) or snapshot["variable"]
    by_label = label_in(snapshot.get("by_labels") or {}, language) if snapshot.get("by") else ""
    cells = _table_rows(localise(snapshot["cells"], language))
    for cell in cells:
        cell["text"] = cell_text(cell, k=k)
        cell["label"] = cell["category_label"]
        cell["numbers"] = cell_numbers(cell, k=k)
    sections = [
        (first["group_label"] if snapshot.get("by") else "", members)
        for first, members in grouped(cells)
    ]
    title = title or default_titles(snapshot).get(language, variable_label)
    if snapshot["representative"]:
        desc = _("Weighted estimated shares with %(level)s intervals, as bars with whiskers.") % {
            "level": "95%"
        }
    else:
        desc = _(
            "Unweighted shares of the respondents with %(level)s intervals, as bars with "
            "whiskers. Not representative."
        ) % {"level": "95%"}
    bar_svg = charts.bar_chart_svg(
        title=title,
        desc=desc,
        sections=[(heading, members) for heading, members in sections],
        rtl=rtl,
        chart_id="chart",
    )
    present: dict[str, Any] = {
        "title": title,
        "variable_label": variable_label,
        "by_label": by_label,
        "sections": sections,
        "empty": not cells,
        "bar_svg": bar_svg,
        "representative": snapshot["representative"],
        "k": k,
        "n_total": snapshot.get("n_total"),
        "includes_received": "received" in snapshot.get("states", []),
        "design": _design_present(snapshot["design"], language),
        "series": None,
        "dir": text_direction(language),
    }
    series = snapshot.get("series")
    if series:
        series_cells = _table_rows(localise(series["cells"], language))
        for cell in series_cells:
            cell["text"] = cell_text(cell, k=k)
        months = sorted({cell["group"] for cell in series_cells if cell["group"]})
        categories: list[tuple[str, str]] = []
        for cell in series_cells:
            if (cell["category"], cell["category_label"]) not in categories:
                categories.append((cell["category"], cell["category_label"]))
        by_key = {(cell["group"], cell["category"]): cell for cell in series_cells}
        bases = {}
        for cell in series_cells:
            bases.setdefault(cell["group"], cell.get("n_base"))
        notes = [
            _("n = %(n)s") % {"n": bases[m]} if bases.get(m) is not None else "" for m in months
        ]
        lines = [
            {
                "label": label,
                "points": [
                    {
                        **by_key.get((month, value), {}),
                        "text": f"{month} · {by_key[(month, value)]['text']}"
                        if (month, value) in by_key
                        else month,
                    }
                    for month in months
                ],
            }
            for value, label in categories
        ]
        source_label = label_in(series.get("source_labels") or {}, language)
        present["series"] = {
            "source_label": source_label,
            "sections": [
                (first["group_label"], members) for first, members in grouped(series_cells)
            ],
            "svg": charts.line_chart_svg(
                title=_("%(title)s, by month") % {"title": title},
                desc=_(
                    "One line per answer: its share each month, with %(level)s intervals as "
                    "vertical lines. The table below gives every number."
                )
                % {"level": "95%"},
                x_labels=months,
                x_notes=notes,
                lines=lines,
                rtl=rtl,
                chart_id="series",
            ),
        }
    return present


def _design_present(design: dict, language: str) -> dict:
    return {
        key: (label_in(design.get(f"{key}_labels") or {}, language) or design[key])
        if design.get(key)
        else ""
        for key in ("weight", "strata", "cluster")
    }
