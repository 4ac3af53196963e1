"""Survey estimates over 1,000,000 submissions: ours against R's survey package.

DESIGN §5: "Survey estimates over 1,000,000 submissions: faster than R's survey package
on the same data, equal to it within 1e-9."

The script writes one synthetic CSV (fixed seed: 40 strata, 2,000 clusters with one
stratum of a single PSU, unequal weights, 5 destinations with 7% missing, 4
nationalities with 1% missing) and estimates the share of each destination overall and
by nationality, with 95% intervals, three ways on that same file in the same run:

1. our estimator in this process (``rehber.surveys.estimation``): reading the CSV, then
   building the design and estimating, timed apart;
2. ``rehber survey_estimate --format json`` as a subprocess (Django start-up included),
   whose output is compared with R's;
3. ``Rscript`` with R's survey package (Debian's ``r-cran-survey``), the calls our
   estimates reproduce: ``svydesign(ids = ~cluster, strata = ~stratum, weights = ~weight,
   nest = TRUE)``, ``options(survey.lonely.psu = "adjust")``, and
   ``svyciprop(~ind, <design or subset(design, nationality == g)>, method = "xlogit",
   na.rm = TRUE)`` with ``ind = destination == c`` for every category (and group);
   reading the CSV (``read.csv``) and estimating, timed apart.

    .venv/bin/python bench/survey_estimate.py                # 1,000,000 rows
    .venv/bin/python bench/survey_estimate.py --rows 100000  # quicker

Prints the times, R's time over ours (estimation alone; reading plus estimation; and R
against the whole CLI run, Django start-up included), and the largest absolute
difference of estimate, SE and interval ends. Within budget means all three ratios are
above 1 and both differences (in process and through the CLI) are at most 1e-9.
Results: ``bench/results/survey_estimate.json``. Exit code 0 within budget, 1 over
budget (slower than R or a difference above 1e-9), 2 setup problem (no ``Rscript`` or
no survey package: R's side is skipped and said so).
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
from common import RESULTS_DIR, ROOT

sys.path.insert(0, str(ROOT))

from rehber.surveys.estimation import (
    estimate_proportions,
    read_columns,
    survey_design,
    to_numbers,
)

TOLERANCE = 1e-9
NATIONALITIES = np.array(["Afghanistan", "Iran", "Iraq", "Syria"])
DESTINATIONS = np.array(["Germany", "Greece", "Iran", "Other", "Turkey"])

R_SCRIPT = r"""
suppressPackageStartupMessages(library(survey))
args <- commandArgs(trailingOnly = TRUE)
options(survey.lonely.psu = "adjust")
t0 <- proc.time()[["elapsed"]]
d <- read.csv(args[1], na.strings = c("", "NA"), stringsAsFactors = FALSE)
t1 <- proc.time()[["elapsed"]]
design <- svydesign(ids = ~cluster, strata = ~stratum, weights = ~weight, nest = TRUE, data = d)
rows <- list()
one <- function(des, group, cat) {
  des$variables$ind <- des$variables$destination == cat
  p <- svyciprop(~ind, des, method = "xlogit", na.rm = TRUE)
  ci <- attr(p, "ci")
  data.frame(group = group, category = cat,
             estimate = format(as.vector(p), digits = 17),
             se = format(sqrt(as.vector(attr(p, "var"))), digits = 17),
             ci_low = format(ci[[1]], digits = 17), ci_high = format(ci[[2]], digits = 17))
}
cats <- sort(unique(na.omit(d$destination)))
for (cat in cats) rows[[length(rows) + 1]] <- one(design, "", cat)
for (g in sort(unique(na.omit(d$nationality)))) {
  sub <- subset(design, nationality == g)
  for (cat in cats) rows[[length(rows) + 1]] <- one(sub, g, cat)
}
t2 <- proc.time()[["elapsed"]]
write.csv(do.call(rbind, rows), args[2], row.names = FALSE)
cat(sprintf('{"read_seconds": %.6f, "estimate_seconds": %.6f, "survey": "%s", "r": "%s"}\n',
            t1 - t0, t2 - t1, format(packageVersion("survey")), R.version.string))
"""


def write_data(path: Path, rows: int) -> None:
    rng = np.random.default_rng(20261130)
    n_strata, clusters_per_stratum = 40, 50
    stratum = rng.integers(0, n_strata, rows)
    cluster = rng.integers(0, clusters_per_stratum, rows)
    cluster[stratum == 0] = 0  # stratum S00 has a single PSU
    weight = rng.uniform(5, 500, rows) * (1 + stratum / n_strata)
    scores = rng.normal(size=(rows, 5)) + np.array([0.2, -0.8, -0.4, -0.2, 0.9])
    scores[:, 4] += 0.5 * np.sin(cluster)
    destination = DESTINATIONS[scores.argmax(axis=1)].astype(object)
    destination[rng.random(rows) < 0.07] = ""
    nationality = NATIONALITIES[rng.choice(4, rows, p=[0.3, 0.2, 0.15, 0.35])].astype(object)
    nationality[rng.random(rows) < 0.01] = ""
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["stratum", "cluster", "weight", "nationality", "destination"])
        writer.writerows(
            zip(
                (f"S{s:02d}" for s in stratum),
                (f"C{c:02d}" for c in cluster),
                (f"{w:.4f}" for w in weight),
                nationality,
                destination,
                strict=True,
            )
        )


def ours_in_process(path: Path) -> dict:
    t0 = time.perf_counter()
    cols = read_columns(path, ["stratum", "cluster", "weight", "nationality", "destination"])
    weights = to_numbers(cols["weight"], "weight", allow_missing=False)
    t1 = time.perf_counter()
    design = survey_design(
        n_rows=len(weights), weights=weights, strata=cols["stratum"], clusters=cols["cluster"]
    )
    overall = estimate_proportions(design, cols["destination"])
    by = estimate_proportions(design, cols["destination"], by=cols["nationality"])
    t2 = time.perf_counter()
    rows = {("", r.category): r for r in overall.rows}
    rows.update({(r.group, r.category): r for r in by.rows})
    return {"read_seconds": t1 - t0, "estimate_seconds": t2 - t1, "rows": rows}


def ours_cli(path: Path, by: bool) -> tuple[float, list[dict]]:
    command = [sys.executable, str(ROOT / "manage.py"), "survey_estimate", "--csv", str(path)]
    command += ["--var", "destination", "--weight", "weight", "--strata", "stratum"]
    command += ["--cluster", "cluster", "--format", "json"]
    if by:
        command += ["--by", "nationality"]
    t0 = time.perf_counter()
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=900, check=True, cwd=ROOT
    )
    return time.perf_counter() - t0, json.loads(done.stdout)


def r_available() -> str | None:
    if shutil.which("Rscript") is None:
        return "Rscript is not installed (apt-get install r-base-core r-cran-survey)"
    probe = subprocess.run(
        ["Rscript", "-e", "library(survey)"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if probe.returncode != 0:
        return "R's survey package is not installed (apt-get install r-cran-survey)"
    return None


def run_r(path: Path, out: Path) -> dict:
    script = RESULTS_DIR / "survey_estimate.R"
    script.write_text(R_SCRIPT, encoding="utf-8")
    t0 = time.perf_counter()
    done = subprocess.run(
        ["Rscript", str(script), str(path), str(out)],
        capture_output=True,
        text=True,
        timeout=3600,
        check=True,
    )
    wall = time.perf_counter() - t0
    timing = json.loads(done.stdout.strip().splitlines()[-1])
    timing["wall_seconds"] = wall
    with open(out, newline="", encoding="utf-8") as handle:
        timing["rows"] = list(csv.DictReader(handle))
    return timing


def max_difference(r_rows: list[dict], ours: dict) -> tuple[float, int]:
    worst, compared = 0.0, 0
    for ref in r_rows:
        row = ours[(ref["group"], ref["category"])]
        for field in ("estimate", "se", "ci_low", "ci_high"):
            ours_value = row[field] if isinstance(row, dict) else getattr(row, field)
            difference = abs(float(ref[field]) - ours_value)
            worst = max(worst, difference if math.isfinite(difference) else math.inf)
            compared += 1
    return worst, compared


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--keep-data", action="store_true", help="Keep the generated CSV.")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rehber.settings")
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    data = RESULTS_DIR / f"survey_{args.rows}.csv"
    t0 = time.perf_counter()
    write_data(data, args.rows)
    print(f"wrote {args.rows:,} rows to {data} in {time.perf_counter() - t0:.1f} s", flush=True)

    ours = ours_in_process(data)
    print(
        f"ours (in process): read {ours['read_seconds']:.2f} s, "
        f"design + estimates {ours['estimate_seconds']:.2f} s",
        flush=True,
    )
    cli_overall_seconds, cli_overall = ours_cli(data, by=False)
    cli_by_seconds, cli_by = ours_cli(data, by=True)
    cli_rows = {("", row["category"]): row for row in cli_overall}
    cli_rows.update({(row["group"], row["category"]): row for row in cli_by})
    cli_seconds = cli_overall_seconds + cli_by_seconds
    print(
        f"ours (rehber survey_estimate, two runs: overall and --by): {cli_seconds:.2f} s",
        flush=True,
    )

    result: dict = {
        "rows": args.rows,
        "ours_read_seconds": ours["read_seconds"],
        "ours_estimate_seconds": ours["estimate_seconds"],
        "ours_cli_seconds": cli_seconds,
    }
    missing = r_available()
    if missing:
        print(f"R comparison skipped: {missing}")
        result["r"] = None
        (RESULTS_DIR / "survey_estimate.json").write_text(json.dumps(result, indent=2))
        return 2

    r = run_r(data, RESULTS_DIR / "survey_estimate_r.csv")
    print(
        f"R ({r['r']}, survey {r['survey']}): read.csv {r['read_seconds']:.2f} s, "
        f"svydesign + svyciprop {r['estimate_seconds']:.2f} s",
        flush=True,
    )
    worst, compared = max_difference(r["rows"], ours["rows"])
    worst_cli, _ = max_difference(r["rows"], cli_rows)
    estimate_ratio = r["estimate_seconds"] / ours["estimate_seconds"]
    total_ratio = (r["read_seconds"] + r["estimate_seconds"]) / (
        ours["read_seconds"] + ours["estimate_seconds"]
    )
    cli_ratio = (r["read_seconds"] + r["estimate_seconds"]) / cli_seconds
    print(f"estimation only: R / ours = {estimate_ratio:.1f}×")
    print(f"read + estimation: R / ours = {total_ratio:.1f}×")
    print(f"R (read + estimation) / our CLI (Django start-up included): {cli_ratio:.1f}×")
    print(
        f"max |ours − R| over {compared} numbers: {worst:.3e} in process, {worst_cli:.3e} via CLI"
    )
    faster = estimate_ratio > 1 and total_ratio > 1 and cli_ratio > 1
    within = worst <= TOLERANCE and worst_cli <= TOLERANCE and faster
    print("within budget" if within else "OVER BUDGET")
    result.update(
        {
            "r_version": r["r"],
            "survey_version": r["survey"],
            "r_read_seconds": r["read_seconds"],
            "r_estimate_seconds": r["estimate_seconds"],
            "ratio_estimate": estimate_ratio,
            "ratio_read_and_estimate": total_ratio,
            "ratio_cli": cli_ratio,
            "max_abs_difference": worst,
            "max_abs_difference_cli": worst_cli,
            "numbers_compared": compared,
            "within_budget": within,
        }
    )
    (RESULTS_DIR / "survey_estimate.json").write_text(json.dumps(result, indent=2))
    if not args.keep_data:
        data.unlink()
    return 0 if within else 1


if __name__ == "__main__":
    sys.exit(main())
