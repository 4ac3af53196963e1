"""``rehber survey_estimate``: weighted survey estimates from a CSV file, as R's survey package.

See ``rehber.surveys.estimation`` for the exact R calls the numbers reproduce.
"""

from __future__ import annotations

import json
import math

from django.core.management.base import BaseCommand, CommandError

from rehber.surveys.estimation import (
    LONELY_PSU_CHOICES,
    ColumnError,
    DesignError,
    EstimateTable,
    estimate_mean,
    estimate_proportions,
    read_columns,
    survey_design,
    to_numbers,
)


def _number(value: float | None, digits: int = 4) -> str:
    return "—" if value is None or not math.isfinite(value) else f"{value:.{digits}f}"


def format_table(table: EstimateTable) -> str:
    """A plain-text table with the design and the representativeness note."""
    what = "weighted" if table.representative else "unweighted"
    statistic = "proportions" if table.statistic == "proportion" else "mean"
    title = f"{table.variable}: {what} {statistic}"
    if table.by:
        title += f" by {table.by}"
    level = f"{round(table.level * 100)}% CI"
    header = [table.by or "", "category" if table.statistic == "proportion" else "", "estimate"]
    header += ["se", level, "n"]
    lines = [
        [
            row.group or "all",
            row.category or "",
            _number(row.estimate),
            _number(row.se),
            f"{_number(row.ci_low)} – {_number(row.ci_high)}",
            str(row.n),
        ]
        for row in table.rows
    ]
    keep = [i for i in range(len(header)) if header[i] or any(line[i] for line in lines)]
    if not table.by:
        keep = [i for i in keep if i != 0]
    header = [header[i] for i in keep]
    lines = [[line[i] for i in keep] for line in lines]
    widths = [max(len(cell) for cell in column) for column in zip(header, *lines, strict=True)]
    numeric = {"estimate", "se", "n"}

    def render(cells: list[str]) -> str:
        parts = []
        for cell, width, name in zip(cells, widths, header, strict=True):
            parts.append(cell.rjust(width) if name in numeric else cell.ljust(width))
        return "  ".join(parts).rstrip()

    out = [title, f"Design: {table.design}", "", render(header)]
    out += [render(line) for line in lines]
    out.append("")
    prefix = "" if table.representative else "NOT REPRESENTATIVE: "
    out.append(prefix + table.note)
    return "\n".join(out)


def table_rows(table: EstimateTable) -> list[dict]:
    """The JSON rows: by, group, category, estimate, se, ci_low, ci_high, n."""
    return [
        {
            "by": table.by,
            "group": row.group,
            "category": row.category,
            "estimate": row.estimate,
            "se": row.se,
            "ci_low": row.ci_low,
            "ci_high": row.ci_high,
            "n": row.n,
        }
        for row in table.rows
    ]


class Command(BaseCommand):
    # Reads a CSV and touches no model or URL: the system checks would only add start-up time.
    requires_system_checks = []
    help = (
        "Weighted proportions (or a mean) with standard errors and 95% confidence intervals "
        "from a CSV file, computed as R's survey package does (Taylor linearisation, "
        "PSUs with replacement within strata; single-PSU strata as survey.lonely.psu='adjust')."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--csv", required=True, metavar="FILE", help="CSV file with a header row."
        )
        parser.add_argument(
            "--var", required=True, metavar="NAME", help="The question to estimate."
        )
        parser.add_argument("--weight", metavar="W", help="Sampling weight column (> 0).")
        parser.add_argument("--strata", metavar="S", help="Stratum column.")
        parser.add_argument(
            "--cluster", metavar="C", help="Cluster (PSU) column, nested in strata."
        )
        parser.add_argument(
            "--by", metavar="NAME", help="Estimate within each group of this column."
        )
        parser.add_argument(
            "--format",
            choices=["json", "table"],
            default="table",
            help="json: a list of rows {by, group, category, estimate, se, ci_low, ci_high, n}, "
            "n = respondents in the cell; null where R gives NaN. Default: table.",
        )
        parser.add_argument(
            "--stat",
            choices=["proportion", "mean"],
            default="proportion",
            help="Share of each category (default) or the mean of a numeric column.",
        )
        parser.add_argument(
            "--lonely-psu",
            choices=LONELY_PSU_CHOICES,
            default="adjust",
            help="How a stratum with one PSU enters the variance (R's survey.lonely.psu).",
        )

    def handle(self, *args, **options):
        var, by = options["var"], options["by"]
        weight, strata, cluster = options["weight"], options["strata"], options["cluster"]
        names = [name for name in (var, weight, strata, cluster, by) if name]
        try:
            columns = read_columns(options["csv"], names)
            n_rows = len(columns[var])
            if n_rows == 0:
                raise CommandError(f"{options['csv']} has a header but no data rows")
            weights = to_numbers(columns[weight], weight, allow_missing=False) if weight else None
            design = survey_design(
                n_rows=n_rows,
                weights=weights,
                strata=columns[strata] if strata else None,
                clusters=columns[cluster] if cluster else None,
                lonely_psu=options["lonely_psu"],
            )
            groups = columns[by] if by else None
            if options["stat"] == "mean":
                values = to_numbers(columns[var], var)
                table = estimate_mean(design, values, by=groups, variable=var, by_name=by)
            else:
                table = estimate_proportions(
                    design, columns[var], by=groups, variable=var, by_name=by
                )
        except DesignError as error:
            column = {"weight": weight, "strata": strata, "cluster": cluster}
            named = next((c for key, c in column.items() if c and key in str(error)), None)
            raise CommandError(f"column {named!r}: {error}" if named else str(error)) from error
        except ColumnError as error:
            raise CommandError(str(error)) from error
        if all(row.estimate is None for row in table.rows):
            raise CommandError(f"column {var!r} has no answers to estimate from")
        if options["format"] == "json":
            self.stdout.write(json.dumps(table_rows(table), ensure_ascii=False, allow_nan=False))
            if not table.representative:
                self.stderr.write("NOT REPRESENTATIVE: " + table.note)
        else:
            self.stdout.write(format_table(table))
