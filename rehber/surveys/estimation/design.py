"""A survey design: weights, strata and primary sampling units (PSUs), coded for numpy.

The design is R's ``svydesign(ids = ~cluster, strata = ~strata, weights = ~w,
nest = TRUE, data = d)`` with no finite population correction, i.e. PSUs drawn with
replacement within strata. A PSU is a (stratum, cluster) pair, as with ``nest = TRUE``.
Without a cluster column every row is its own PSU (``ids = ~1``); without strata there
is one stratum; without weights every row weighs 1.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

#: How a stratum with a single PSU enters the variance, as R's
#: ``options(survey.lonely.psu = ...)``: "adjust" (our default) centres it at the grand
#: mean, "certainty" makes it contribute nothing. (In survey 4.1.1 without an fpc,
#: "remove" gives the same numbers as "certainty", so it is not offered separately.)
LONELY_PSU_CHOICES = ("adjust", "certainty")


class DesignError(ValueError):
    """The design columns cannot describe a survey design (bad weights, missing ids)."""


def encode(values: Sequence[str]) -> tuple[np.ndarray, list[str]]:
    """Integer codes (in order of first appearance) and the distinct values."""
    index: dict[str, int] = {}
    setdefault = index.setdefault
    codes = np.fromiter(
        (setdefault(v, len(index)) for v in values), dtype=np.int64, count=len(values)
    )
    return codes, list(index)


@dataclass(frozen=True)
class SurveyDesign:
    """A coded design. Build it with :func:`survey_design`."""

    weights: np.ndarray  # float64, one per row, all > 0
    stratum: np.ndarray  # int64 stratum code per row
    psu: np.ndarray  # int64 PSU code per row (0 … n_psu − 1)
    psu_stratum: np.ndarray  # int64 stratum code per PSU
    psus_in_stratum: np.ndarray  # int64 number of PSUs per stratum (over the whole sample)
    weighted: bool
    stratified: bool
    clustered: bool
    lonely_psu: str = "adjust"

    @property
    def n_rows(self) -> int:
        return int(self.weights.shape[0])

    @property
    def n_psu(self) -> int:
        return int(self.psu_stratum.shape[0])

    @property
    def n_strata(self) -> int:
        return int(self.psus_in_stratum.shape[0])

    @property
    def representative(self) -> bool:
        """Only sampling weights let estimates speak for a population."""
        return self.weighted

    def degrees_of_freedom(self, rows: np.ndarray | None = None) -> int:
        """R's ``degf(design)``: PSUs − strata among ``rows`` (a boolean mask), or all rows."""
        if rows is None:
            return self.n_psu - self.n_strata
        psus = np.zeros(self.n_psu, dtype=bool)
        psus[self.psu[rows]] = True
        strata = np.zeros(self.n_strata, dtype=bool)
        strata[self.stratum[rows]] = True
        return int(psus.sum()) - int(strata.sum())

    def describe(self) -> str:
        parts = []
        parts.append("weighted" if self.weighted else "unweighted")
        parts.append(f"{self.n_strata} strata" if self.stratified else "no strata")
        parts.append(f"{self.n_psu} clusters (PSUs)" if self.clustered else "each row its own PSU")
        parts.append(f"lonely PSU: {self.lonely_psu}")
        return ", ".join(parts)


def survey_design(
    *,
    n_rows: int,
    weights: Sequence[float] | np.ndarray | None = None,
    strata: Sequence[str] | None = None,
    clusters: Sequence[str] | None = None,
    lonely_psu: str = "adjust",
) -> SurveyDesign:
    """Code a design for ``n_rows`` rows. Raises :class:`DesignError` on bad input.

    ``weights`` are sampling weights (finite, > 0); ``strata`` and ``clusters`` are ids
    (strings; an empty string is a missing id and is refused).
    """
    if lonely_psu not in LONELY_PSU_CHOICES:
        raise DesignError(f"lonely_psu must be one of {', '.join(LONELY_PSU_CHOICES)}")
    if weights is None:
        w = np.ones(n_rows, dtype=np.float64)
    else:
        w = np.asarray(weights, dtype=np.float64)
        if w.shape != (n_rows,):
            raise DesignError("there must be one weight per row")
        if not np.all(np.isfinite(w)):
            raise DesignError("weights must be numbers (no missing or infinite values)")
        if np.any(w <= 0):
            raise DesignError("weights must be greater than zero")
    if strata is None:
        stratum = np.zeros(n_rows, dtype=np.int64)
    else:
        if len(strata) != n_rows:
            raise DesignError("there must be one stratum per row")
        stratum, levels = encode(strata)
        if "" in levels:
            raise DesignError("the strata column has missing values")
    if clusters is None:
        psu = np.arange(n_rows, dtype=np.int64)
        psu_stratum = stratum.copy()
    else:
        if len(clusters) != n_rows:
            raise DesignError("there must be one cluster per row")
        cluster, levels = encode(clusters)
        if "" in levels:
            raise DesignError("the cluster column has missing values")
        pair = stratum * np.int64(len(levels)) + cluster
        unique_pairs, psu = np.unique(pair, return_inverse=True)
        psu = psu.astype(np.int64).reshape(-1)
        psu_stratum = (unique_pairs // np.int64(len(levels))).astype(np.int64)
    n_strata = int(stratum.max()) + 1 if n_rows else 0
    psus_in_stratum = np.bincount(psu_stratum, minlength=n_strata).astype(np.int64)
    return SurveyDesign(
        weights=w,
        stratum=stratum,
        psu=psu,
        psu_stratum=psu_stratum,
        psus_in_stratum=psus_in_stratum,
        weighted=weights is not None,
        stratified=strata is not None,
        clustered=clusters is not None,
        lonely_psu=lonely_psu,
    )
