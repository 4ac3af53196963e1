"""Cross-tabulations and monthly series on the estimation package; no Django imports.

Cells are plain dicts so that a page, an export and a published snapshot (JSON) share
them: ``group``, ``category``, ``estimate``, ``se``, ``ci_low``, ``ci_high``, ``n``,
``n_base``, ``df``, ``suppressed`` and the labels of the group and category in every
language (``group_labels``, ``category_labels``: ``{"en": ..., "ar": ...}``).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from rehber.surveys.disclosure import COMPLEMENTARY, suppress_small_cells
from rehber.surveys.estimation import (
    DesignError,
    EstimateTable,
    estimate_proportions,
    survey_design,
)

#: Smallest k an analyst may choose for small-cell suppression.
MIN_K = 3
#: k used unless the analyst chooses another.
DEFAULT_K = 5

_MONTH = re.compile(r"^(\d{4})-(\d{2})")


class ColumnProblem(ValueError):
    """A design column cannot be used; ``code`` says why, ``column`` names it."""

    def __init__(self, code: str, column: str):
        super().__init__(f"{code}: {column}")
        self.code = code
        self.column = column


@dataclass(frozen=True)
class Design:
    """The columns of a design, by name ("" for none)."""

    weight: str = ""
    strata: str = ""
    cluster: str = ""

    @property
    def representative(self) -> bool:
        return bool(self.weight)


def as_text(value: Any) -> str:
    """An answer as the estimation package reads it: "" for missing."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def month_of(value: Any) -> str:
    """``YYYY-MM`` of a date or date-time text, or "" when it is not one."""
    match = _MONTH.match(as_text(value))
    return f"{match.group(1)}-{match.group(2)}" if match else ""


def design_columns(records: Sequence[Mapping[str, Any]], design: Design) -> dict[str, Any]:
    """Weights, strata and clusters of ``records`` for ``survey_design``.

    Raises :class:`ColumnProblem` with code ``weight_missing``, ``weight_not_positive``,
    ``strata_missing`` or ``cluster_missing``.
    """
    out: dict[str, Any] = {"n_rows": len(records)}
    if design.weight:
        weights = []
        for record in records:
            try:
                weight = float(as_text(record.get(design.weight)))
            except ValueError:
                raise ColumnProblem("weight_missing", design.weight) from None
            if not np.isfinite(weight):
                raise ColumnProblem("weight_missing", design.weight)
            if weight <= 0:
                raise ColumnProblem("weight_not_positive", design.weight)
            weights.append(weight)
        out["weights"] = np.asarray(weights, dtype=np.float64)
    for key, column, problem in (
        ("strata", design.strata, "strata_missing"),
        ("clusters", design.cluster, "cluster_missing"),
    ):
        if column:
            values = [as_text(record.get(column)) for record in records]
            if any(value == "" for value in values):
                raise ColumnProblem(problem, column)
            out[key] = values
    return out


def crosstab(
    records: Sequence[Mapping[str, Any]],
    *,
    variable: str,
    by: str = "",
    design: Design = Design(),
) -> EstimateTable:
    """Shares of each category of ``variable``, overall or in each group of ``by``.

    Groups are domains of the full design (``estimate_proportions`` with ``by``), so
    their standard errors keep every PSU, as R's ``subset()`` does.
    """
    try:
        built = survey_design(**design_columns(records, design))
    except DesignError as error:  # design_columns has caught what a person can fix
        raise ColumnProblem("design", str(error)) from error
    values = [as_text(record.get(variable)) for record in records]
    groups = [as_text(record.get(by)) for record in records] if by else None
    return estimate_proportions(built, values, by=groups, variable=variable, by_name=by or None)


def cells_of(
    table: EstimateTable,
    *,
    category_labels: Mapping[str, Mapping[str, str]],
    group_labels: Mapping[str, Mapping[str, str]] | None = None,
    category_order: Sequence[str] = (),
    group_order: Sequence[str] = (),
) -> list[dict[str, Any]]:
    """The table's rows as cells with labels, in the questionnaire's order of choices."""
    category_rank = {value: i for i, value in enumerate(category_order)}
    group_rank = {value: i for i, value in enumerate(group_order)}
    cells = []
    for row in table.rows:
        cells.append(
            {
                "group": row.group,
                "group_labels": dict((group_labels or {}).get(row.group or "", {})),
                "category": row.category,
                "category_labels": dict(category_labels.get(row.category or "", {})),
                "estimate": row.estimate,
                "se": row.se,
                "ci_low": row.ci_low,
                "ci_high": row.ci_high,
                "n": row.n,
                "n_base": row.n_base,
                "df": row.df,
                "suppressed": False,
            }
        )

    def rank(cell):
        group, category = cell["group"] or "", cell["category"] or ""
        return (
            group_rank.get(group, len(group_rank)),
            group,
            category_rank.get(category, len(category_rank)),
            category,
        )

    return sorted(cells, key=rank)


def suppress(
    cells: Sequence[Mapping[str, Any]],
    *,
    k: int,
    hidden_column_totals: Collection[Any] | None = None,
    total_shown_elsewhere: bool = False,
) -> list[dict[str, Any]]:
    """Cells with fewer than ``k`` respondents blanked, with complementary cells.

    The table is groups (rows) × categories (columns). Each group's base (``n_base``) is
    shown, and so is, in effect, each cell's share of it (a share and n give the base
    away), so a hidden base goes with all of its group's cells. When the same page also
    shows each category's total over the groups (a monthly series beside the overall
    table), pass ``hidden_column_totals``: the categories whose total is hidden there;
    when it shows the grand total (the overall table's n), pass
    ``total_shown_elsewhere``. Without it, the caller hides its own grand total when
    a base is hidden (see :func:`grand_total`).

    ``suppress_small_cells`` hides the small cells and one more in each group that holds
    a single hidden cell; then, until nothing changes, every row, every column whose
    total is shown, and (with ``total_shown_elsewhere``) the column of group bases that
    holds exactly one hidden entry gets one more (the smallest count above zero; for
    bases, a whole group), so no hidden number is the difference of numbers shown.
    Bases below ``k`` are hidden. Zero cells stay (they name nobody). A greedy
    heuristic, not an optimal search.
    """
    if k < MIN_K:
        raise ValueError(f"k must be at least {MIN_K}")
    out = suppress_small_cells(cells, k=k, value_keys=("estimate", "se", "ci_low", "ci_high")).cells
    count = [int(cell["n"]) for cell in cells]
    reason = {i: cell["suppressed"] for i, cell in enumerate(out) if cell["suppressed"]}
    rows: dict[Any, list[int]] = {}
    columns: dict[Any, list[int]] = {}
    for i, cell in enumerate(cells):
        rows.setdefault(cell.get("group"), []).append(i)
        columns.setdefault(cell.get("category"), []).append(i)
    base = {row: sum(count[i] for i in members) for row, members in rows.items()}
    column_total = {col: sum(count[i] for i in members) for col, members in columns.items()}
    hidden_base = {row for row, n in base.items() if 0 < n < k}
    hidden_column = {col for col, n in column_total.items() if 0 < n < k}
    if hidden_column_totals is not None:
        hidden_column |= set(hidden_column_totals)

    def hide_one(members: list[int]) -> bool:
        candidates = [i for i in members if i not in reason and count[i] > 0]
        if not candidates:
            return False
        reason[min(candidates, key=lambda i: (count[i], i))] = COMPLEMENTARY
        return True

    changed = True
    while changed:
        changed = False
        for row, members in rows.items():
            if sum(i in reason for i in members) + (row in hidden_base) == 1:
                if hide_one(members):
                    changed = True
                elif row not in hidden_base and base[row] > 0:
                    hidden_base.add(row)
                    changed = True
        for col, members in columns.items():
            if hidden_column_totals is None:
                break
            if sum(i in reason for i in members) + (col in hidden_column) == 1 and hide_one(
                members
            ):
                changed = True
        if total_shown_elsewhere and len(rows) > 1 and len(hidden_base) == 1:
            visible = [row for row in rows if row not in hidden_base and base[row] > 0]
            if visible:
                row = min(visible, key=lambda row: (base[row], str(row)))
                hidden_base.add(row)
                for i in rows[row]:
                    if i not in reason and count[i] > 0:
                        reason[i] = COMPLEMENTARY
                changed = True
    for i, cell in enumerate(out):
        cell["suppressed"] = reason.get(i, False)
        if i in reason:
            for key in ("estimate", "se", "ci_low", "ci_high", "n"):
                cell[key] = None
        if cell.get("group") in hidden_base:
            cell["n_base"] = None
    return out


def grand_total(cells: Sequence[Mapping[str, Any]], *, total: int, k: int) -> int | None:
    """The number of respondents to show beside suppressed ``cells``, or None.

    None when it is under ``k`` or when a group's base is hidden (the total less the
    bases shown would give it away).
    """
    if total < k or any(cell.get("n_base") is None for cell in cells):
        return None
    return total


def localise(cells: Sequence[Mapping[str, Any]], language: str) -> list[dict[str, Any]]:
    """Cells with ``group_label`` and ``category_label`` in ``language`` (else English)."""
    out = []
    for cell in cells:
        item = dict(cell)
        item["group_label"] = label_in(cell.get("group_labels") or {}, language) or (
            cell.get("group") or ""
        )
        item["category_label"] = label_in(cell.get("category_labels") or {}, language) or (
            cell.get("category") or ""
        )
        out.append(item)
    return out


def label_in(labels: Mapping[str, str], language: str) -> str:
    """The label in ``language``, else English, else any."""
    if not labels:
        return ""
    return labels.get(language) or labels.get("en") or next(iter(labels.values()), "")


def grouped(cells: Sequence[Mapping[str, Any]]) -> list[tuple[Mapping[str, Any], list]]:
    """Cells in runs of the same group: ``[(first cell of the group, cells), ...]``."""
    runs: list[tuple[Mapping[str, Any], list]] = []
    for cell in cells:
        if runs and runs[-1][0].get("group") == cell.get("group"):
            runs[-1][1].append(cell)
        else:
            runs.append((cell, [cell]))
    return runs


def total_respondents(cells: Sequence[Mapping[str, Any]]) -> int:
    """Respondents who answered, over all groups (each group's base counted once)."""
    bases = {}
    for cell in cells:
        bases.setdefault(cell.get("group"), cell.get("n_base") or 0)
    return int(sum(bases.values()))
