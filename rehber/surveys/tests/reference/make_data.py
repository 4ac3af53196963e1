"""Write the synthetic survey files that reference.R reads (deterministic: seed 20261130).

Run from the repository root: ``python rehber/surveys/tests/reference/make_data.py``.
- design.csv: 5 strata, 3–9 clusters each (cluster ids repeat across strata, so the
  design needs ``nest = TRUE``), unequal weights, a by-variable with a few missing
  values, a categorical ``destination`` and a numeric ``age``, both with missing values.
- lonely.csv: the same shape, but stratum "S3" has a single PSU.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
NATIONALITIES = ["Afghanistan", "Iran", "Iraq", "Syria"]
DESTINATIONS = ["Germany", "Iran", "Other", "Turkey"]


def survey_rows(rng: np.random.Generator, clusters_per_stratum: list[int]) -> list[dict[str, str]]:
    rows = []
    for s, n_clusters in enumerate(clusters_per_stratum, start=1):
        for c in range(1, n_clusters + 1):
            cluster_effect = rng.normal(0.0, 0.6)
            base_weight = rng.uniform(20, 200)
            for _ in range(int(rng.integers(6, 25))):
                nationality = NATIONALITIES[int(rng.choice(4, p=[0.3, 0.2, 0.15, 0.35]))]
                scores = rng.normal(0.0, 1.0, 4) + np.array(
                    [0.4 * s / 5, -0.3, 0.0, 1.0 + cluster_effect]
                )
                if nationality == "Iran":
                    scores[3] -= 1.5
                destination = DESTINATIONS[int(np.argmax(scores))]
                age = 18 + rng.gamma(3.0, 6.0) + 2 * s
                rows.append(
                    {
                        "stratum": f"S{s}",
                        "cluster": f"c{c}",
                        "weight": f"{base_weight * rng.uniform(0.7, 1.3):.6f}",
                        "nationality": "" if rng.random() < 0.03 else nationality,
                        "destination": "" if rng.random() < 0.08 else destination,
                        "age": "" if rng.random() < 0.06 else f"{age:.1f}",
                    }
                )
    return rows


def write(path: Path, rows: list[dict[str, str]]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main() -> None:
    rng = np.random.default_rng(20261130)
    write(HERE / "design.csv", survey_rows(rng, [4, 6, 3, 9, 5]))
    write(HERE / "lonely.csv", survey_rows(rng, [5, 4, 1, 7, 3]))


if __name__ == "__main__":
    main()
