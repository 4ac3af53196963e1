"""Weighted proportions and means with Taylor-linearised standard errors.

Each function answers what these R calls answer (survey package, no fpc, PSUs with
replacement within strata, ``options(survey.lonely.psu = <design.lonely_psu>)``):

- proportion of category ``c`` of ``var``, overall::

      svyciprop(~I(var == "c"), design, method = "xlogit", na.rm = TRUE)
      # SE: SE() of that object; df: degf(design)

- in the domain ``by == "g"``::

      svyciprop(~I(var == "c"), subset(design, by == "g"), method = "xlogit", na.rm = TRUE)

- mean of ``var`` (and in a domain, on ``dg <- subset(design, by == "g")``)::

      m <- svymean(~var, design, na.rm = TRUE); confint(m, df = degf(design))

Domains keep every PSU of the design for the variance (rows outside the domain, or with
``var`` missing, contribute zero), as R's ``subset()`` does. Degrees of freedom are those
of the domain's design, ``degf(subset(design, by == "g"))``: PSUs − strata among the
rows of the domain (rows with ``var`` missing still count, as in R).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .design import SurveyDesign, encode
from .tdist import t_quantile

NOT_REPRESENTATIVE_NOTE = (
    "No sampling weights were given: these are unweighted figures for the respondents "
    "(simple-random-sample standard errors). They describe the sample, not the population."
)
REPRESENTATIVE_NOTE = "Weighted estimates; intervals as R's survey package (Taylor linearisation)."


@dataclass(frozen=True)
class Estimate:
    """One row of an estimate table.

    ``group`` is None for the whole sample; ``category`` is None for a mean.
    ``ci_low``/``ci_high`` are None where R gives NaN (a proportion of 0 or 1, or a
    domain with no degrees of freedom). ``n`` counts respondents in the cell (the
    category within the group, or non-missing answers for a mean); ``n_base`` counts
    non-missing answers in the group; ``df`` is the t quantile's degrees of freedom.
    """

    group: str | None
    category: str | None
    estimate: float | None
    se: float | None
    ci_low: float | None
    ci_high: float | None
    n: int
    n_base: int
    df: int


@dataclass(frozen=True)
class EstimateTable:
    """All rows for one variable, with what the reader must know about them."""

    variable: str
    statistic: str  # "proportion" or "mean"
    by: str | None
    rows: list[Estimate]
    representative: bool
    note: str
    design: str
    level: float


def _finite(x: float) -> float | None:
    return float(x) if math.isfinite(x) else None


@dataclass(frozen=True)
class _Cells:
    """The (group, PSU) pairs that hold answered rows, and each answered row's pair."""

    group: np.ndarray  # group code per cell
    psu: np.ndarray  # PSU code per cell
    of_row: np.ndarray  # cell index per answered row

    @property
    def size(self) -> int:
        return int(self.group.shape[0])


def _cells(design: SurveyDesign, group: np.ndarray, answered: np.ndarray) -> _Cells:
    key = group[answered] * np.int64(design.n_psu) + design.psu[answered]
    unique_keys, of_row = np.unique(key, return_inverse=True)
    return _Cells(
        group=unique_keys // design.n_psu,
        psu=unique_keys % design.n_psu,
        of_row=of_row.reshape(-1),
    )


def _psu_variance(
    design: SurveyDesign, cells: _Cells, totals: np.ndarray, n_groups: int
) -> np.ndarray:
    """Variance from linearised PSU totals: R's ``svyrecvar`` for one stage, no fpc.

    ``totals`` has shape (cells, k): the sum of the influence values of the answered rows
    of each (group, PSU) cell; every other PSU of the design has a total of 0 and still
    counts. A stratum with n_h PSUs adds n_h/(n_h − 1) · Σ (total − stratum mean)². A
    stratum with one PSU adds its total squared, not centred ("adjust": centred at the
    grand mean of the influence values, which is 0), or nothing ("certainty").
    Returns shape (groups, k).
    """
    n_h = design.psus_in_stratum.astype(np.float64)
    lonely = n_h == 1
    n_strata = design.n_strata
    size = n_groups * n_strata
    cell_stratum = cells.group * n_strata + design.psu_stratum[cells.psu]
    present = np.bincount(cell_stratum, minlength=size).reshape(n_groups, n_strata)
    absent = n_h[None, :] - present  # PSUs of the stratum with no answered row in the group
    scale = n_h / np.where(lonely, 1.0, n_h - 1.0)
    scale[lonely] = 1.0 if design.lonely_psu == "adjust" else 0.0
    centred = np.where(lonely, 0.0, 1.0)
    variance = np.zeros((n_groups, totals.shape[1]))
    for j in range(totals.shape[1]):
        column = totals[:, j]
        sums = np.bincount(cell_stratum, weights=column, minlength=size).reshape(n_groups, n_strata)
        centre = centred * sums / n_h
        deviations = column - centre.ravel()[cell_stratum]
        squared = np.bincount(cell_stratum, weights=deviations * deviations, minlength=size)
        squared = squared.reshape(n_groups, n_strata) + absent * centre * centre
        variance[:, j] = (squared * scale).sum(axis=1)
    return variance


def _group_codes(by: Sequence[str] | None, n_rows: int) -> tuple[np.ndarray, list[str | None]]:
    """Group code per row (−1 for a missing group), and the group labels, sorted."""
    if by is None:
        return np.zeros(n_rows, dtype=np.int64), [None]
    codes, levels = encode(by)
    order = sorted(level for level in levels if level != "")
    position = {level: i for i, level in enumerate(order)}
    remap = np.array([position.get(level, -1) for level in levels], dtype=np.int64)
    return remap[codes] if n_rows else codes, list(order)


def _domain_degrees(design: SurveyDesign, group: np.ndarray, n_groups: int) -> np.ndarray:
    """degf() of each domain's design: PSUs minus strata among the domain's rows."""
    valid = group >= 0
    n_psu, n_strata = np.int64(design.n_psu), np.int64(design.n_strata)
    psus = np.unique(group[valid] * n_psu + design.psu[valid]) // n_psu
    strata = np.unique(group[valid] * n_strata + design.stratum[valid]) // n_strata
    return np.bincount(psus, minlength=n_groups) - np.bincount(strata, minlength=n_groups)


def _note(design: SurveyDesign) -> str:
    return REPRESENTATIVE_NOTE if design.representative else NOT_REPRESENTATIVE_NOTE


def estimate_proportions(
    design: SurveyDesign,
    values: Sequence[str],
    *,
    by: Sequence[str] | None = None,
    variable: str = "",
    by_name: str | None = None,
    level: float = 0.95,
) -> EstimateTable:
    """Share of each category of ``values`` (strings; "" is missing), overall or per group.

    Intervals are R's ``svyciprop(method = "xlogit")``: a t interval on the logit scale,
    ``expit(logit(p) ± qt(1 − α/2, df) · SE / (p (1 − p)))``. Categories are every
    non-missing value seen in the whole sample (sorted), so each group lists all of them.
    Rows whose group is missing ("") belong to no group.
    """
    n = design.n_rows
    if len(values) != n:
        raise ValueError("there must be one value per row")
    codes, levels = encode(values)
    categories = sorted(level for level in levels if level != "")
    position = {level: i for i, level in enumerate(categories)}
    remap = np.array([position.get(level, -1) for level in levels], dtype=np.int64)
    category = remap[codes] if n else codes
    group, groups = _group_codes(by, n)
    n_groups, k = len(groups), len(categories)

    if k == 0:  # nothing answered: no categories, no rows
        return EstimateTable(
            variable=variable,
            statistic="proportion",
            by=by_name,
            rows=[],
            representative=design.representative,
            note=_note(design),
            design=design.describe(),
            level=level,
        )
    answered = (category >= 0) & (group >= 0)
    cells = _cells(design, group, answered)
    w = design.weights[answered]
    cat = category[answered]
    # B: weight of answered rows per cell; A: the same per category.
    base = np.bincount(cells.of_row, weights=w, minlength=cells.size)
    by_cat = np.bincount(cells.of_row * k + cat, weights=w, minlength=cells.size * k).reshape(-1, k)
    total_weight = np.bincount(cells.group, weights=base, minlength=n_groups)
    g = group[answered]
    cat_weight = np.bincount(g * k + cat, weights=w, minlength=n_groups * k).reshape(n_groups, k)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = cat_weight / total_weight[:, None]
        # Influence of a row: w (1{c = k} − p_k) / W, summed within each cell.
        totals = (by_cat - base[:, None] * p[cells.group]) / total_weight[cells.group][:, None]
    variance = _psu_variance(design, cells, totals, n_groups)
    se = np.sqrt(variance)

    counts = np.bincount(g * k + cat, minlength=n_groups * k).reshape(n_groups, k)
    n_base = counts.sum(axis=1)
    if by is None:
        degrees = np.array([design.degrees_of_freedom()])
    else:
        degrees = _domain_degrees(design, group, n_groups)

    rows: list[Estimate] = []
    for gi, label in enumerate(groups):
        df = int(degrees[gi])
        q = t_quantile(0.5 + level / 2.0, df) if df >= 1 else math.nan
        for ki, cat_label in enumerate(categories):
            est, s = float(p[gi, ki]), float(se[gi, ki])
            low = high = math.nan
            if 0.0 < est < 1.0 and math.isfinite(q):
                logit = math.log(est / (1.0 - est))
                half = q * s / (est * (1.0 - est))
                low = 1.0 / (1.0 + math.exp(-(logit - half)))
                high = 1.0 / (1.0 + math.exp(-(logit + half)))
            rows.append(
                Estimate(
                    group=label,
                    category=cat_label,
                    estimate=_finite(est),
                    se=_finite(s) if math.isfinite(est) else None,
                    ci_low=_finite(low),
                    ci_high=_finite(high),
                    n=int(counts[gi, ki]),
                    n_base=int(n_base[gi]),
                    df=df,
                )
            )
    return EstimateTable(
        variable=variable,
        statistic="proportion",
        by=by_name,
        rows=rows,
        representative=design.representative,
        note=_note(design),
        design=design.describe(),
        level=level,
    )


def estimate_mean(
    design: SurveyDesign,
    values: np.ndarray | Sequence[float],
    *,
    by: Sequence[str] | None = None,
    variable: str = "",
    by_name: str | None = None,
    level: float = 0.95,
) -> EstimateTable:
    """Weighted mean of numeric ``values`` (NaN is missing), overall or per group.

    Intervals are R's ``confint(svymean(~var, design, na.rm = TRUE), df = degf(design))``:
    ``mean ± qt(1 − α/2, df) · SE``.
    """
    y = np.asarray(values, dtype=np.float64)
    n = design.n_rows
    if y.shape != (n,):
        raise ValueError("there must be one value per row")
    group, groups = _group_codes(by, n)
    n_groups = len(groups)
    answered = ~np.isnan(y) & (group >= 0)
    cells = _cells(design, group, answered)
    w = design.weights[answered]
    base = np.bincount(cells.of_row, weights=w, minlength=cells.size)
    sums = np.bincount(cells.of_row, weights=w * y[answered], minlength=cells.size)
    total_weight = np.bincount(cells.group, weights=base, minlength=n_groups)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.bincount(cells.group, weights=sums, minlength=n_groups) / total_weight
        totals = (sums - base * mean[cells.group]) / total_weight[cells.group]
    se = np.sqrt(_psu_variance(design, cells, totals[:, None], n_groups)[:, 0])
    n_base = np.bincount(group[answered], minlength=n_groups)
    if by is None:
        degrees = np.array([design.degrees_of_freedom()])
    else:
        degrees = _domain_degrees(design, group, n_groups)
    rows = []
    for gi, label in enumerate(groups):
        df = int(degrees[gi])
        q = t_quantile(0.5 + level / 2.0, df) if df >= 1 else math.nan
        est, s = float(mean[gi]), float(se[gi])
        rows.append(
            Estimate(
                group=label,
                category=None,
                estimate=_finite(est),
                se=_finite(s) if math.isfinite(est) else None,
                ci_low=_finite(est - q * s),
                ci_high=_finite(est + q * s),
                n=int(n_base[gi]),
                n_base=int(n_base[gi]),
                df=df,
            )
        )
    return EstimateTable(
        variable=variable,
        statistic="mean",
        by=by_name,
        rows=rows,
        representative=design.representative,
        note=_note(design),
        design=design.describe(),
        level=level,
    )
