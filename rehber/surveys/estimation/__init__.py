"""Survey estimates as R's ``survey`` package computes them; numpy only, no Django.

Build a design, then ask for proportions or a mean::

    from rehber.surveys.estimation import read_columns, survey_design, estimate_proportions

    cols = read_columns("fms.csv", ["destination", "w", "stratum", "site", "nationality"])
    design = survey_design(n_rows=len(cols["w"]), weights=to_numbers(cols["w"], "w"),
                           strata=cols["stratum"], clusters=cols["site"])
    table = estimate_proportions(design, cols["destination"], by=cols["nationality"],
                                 variable="destination", by_name="nationality")

API (all keyword arguments after the first positional ones):

- ``survey_design(*, n_rows, weights=None, strata=None, clusters=None,
  lonely_psu="adjust") -> SurveyDesign`` — raises ``DesignError``.
  ``SurveyDesign.degrees_of_freedom(rows=None) -> int`` is R's ``degf()``;
  ``SurveyDesign.representative -> bool`` is True only with sampling weights.
- ``estimate_proportions(design, values, *, by=None, variable="", by_name=None,
  level=0.95) -> EstimateTable`` — one row per (group, category); ``values`` are strings,
  "" is missing.
- ``estimate_mean(design, values, *, by=None, variable="", by_name=None, level=0.95)
  -> EstimateTable`` — one row per group; ``values`` are floats, NaN is missing.
- ``EstimateTable``: ``variable``, ``statistic`` ("proportion"/"mean"), ``by``,
  ``rows: list[Estimate]``, ``representative: bool``, ``note: str``, ``design: str``,
  ``level: float``.
- ``Estimate``: ``group``, ``category``, ``estimate``, ``se``, ``ci_low``, ``ci_high``
  (floats or None where R gives NaN), ``n`` (respondents in the cell), ``n_base``
  (non-missing answers in the group), ``df``.
- ``read_columns(path, names) -> dict[str, list[str]]`` and
  ``to_numbers(values, name) -> numpy.ndarray`` read a CSV; they raise ``ColumnError``.
- ``t_quantile(p, df) -> float`` is R's ``qt(p, df)`` for integer df;
  ``normal_quantile(p)`` is ``qnorm(p)``.

What R computes, exactly (survey 4.1.1; PSUs with replacement within strata, no fpc)::

    options(survey.lonely.psu = "adjust")     # or "certainty"
    design <- svydesign(ids = ~cluster, strata = ~stratum, weights = ~w, nest = TRUE, data = d)
    # (ids = ~1 without clusters, no strata argument without strata, no weights -> all 1)
    svyciprop(~I(var == "cat"), design, method = "xlogit", na.rm = TRUE)        # proportion
    svyciprop(~I(var == "cat"), subset(design, by == "g"), method = "xlogit", na.rm = TRUE)
    m <- svymean(~var, design, na.rm = TRUE); confint(m, df = degf(design))     # mean
    dg <- subset(design, by == "g"); m <- svymean(~var, dg, na.rm = TRUE); confint(m, df = degf(dg))

Domains keep all PSUs for the variance; rows with the variable missing are outside the
domain for the estimate and the variance, but still count for ``degf()`` as in R. A
single-PSU stratum is handled as ``survey.lonely.psu = "adjust"`` unless asked otherwise
(with R's default ``survey.adjust.domain.lonely = FALSE``: a stratum that has several
PSUs but only one in a domain is centred as usual, its other PSUs counting as zero).
Without weights the shares are unweighted (as DTM publishes them) with
simple-random-sample standard errors (``svydesign(ids = ~1, data = d)``), and the table
says it is not representative.
"""

from .columns import ColumnError, read_columns, to_numbers
from .design import LONELY_PSU_CHOICES, DesignError, SurveyDesign, survey_design
from .estimators import Estimate, EstimateTable, estimate_mean, estimate_proportions
from .tdist import normal_quantile, t_quantile

__all__ = [
    "LONELY_PSU_CHOICES",
    "ColumnError",
    "DesignError",
    "Estimate",
    "EstimateTable",
    "SurveyDesign",
    "estimate_mean",
    "estimate_proportions",
    "normal_quantile",
    "read_columns",
    "survey_design",
    "t_quantile",
    "to_numbers",
]
