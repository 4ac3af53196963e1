"""``rehber survey_estimate``: JSON and table output, and clear errors for bad input."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

REFERENCE = Path(__file__).parent / "reference"
DESIGN_CSV = str(REFERENCE / "design.csv")
ROOT = Path(__file__).resolve().parents[3]
FIELDS = ["by", "group", "category", "estimate", "se", "ci_low", "ci_high", "n"]


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("survey_estimate", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def reference(**conditions: str) -> list[dict[str, str]]:
    with open(REFERENCE / "estimates.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return [r for r in rows if all(r[k] == v for k, v in conditions.items())]


def test_json_rows_match_r_by_domain():
    out, err = run(
        "--csv", DESIGN_CSV, "--var", "destination", "--weight", "weight",
        "--strata", "stratum", "--cluster", "cluster", "--by", "nationality", "--format", "json",
    )  # fmt: skip
    rows = json.loads(out)
    assert err == ""
    assert isinstance(rows, list) and len(rows) == 16
    assert all(list(row) == FIELDS for row in rows)
    found = {(row["group"], row["category"]): row for row in rows}
    expected = reference(dataset="design", design="full", statistic="proportion", by="nationality")
    assert len(expected) == 16
    for ref in expected:
        row = found[(ref["group"], ref["category"])]
        assert row["by"] == "nationality"
        for field in ("estimate", "se", "ci_low", "ci_high"):
            assert abs(row[field] - float(ref[field])) <= 1e-9
        assert row["n"] == int(ref["n"])


def test_json_mean_overall_matches_r():
    out, _ = run(
        "--csv", DESIGN_CSV, "--var", "age", "--stat", "mean", "--weight", "weight",
        "--strata", "stratum", "--cluster", "cluster", "--format", "json",
    )  # fmt: skip
    (row,) = json.loads(out)
    (ref,) = reference(dataset="design", design="full", statistic="mean", by="")
    assert row["by"] is None and row["group"] is None and row["category"] is None
    assert abs(row["estimate"] - float(ref["estimate"])) <= 1e-9
    assert abs(row["ci_high"] - float(ref["ci_high"])) <= 1e-9


@pytest.mark.parametrize("lonely", ["adjust", "certainty"])
def test_single_psu_stratum_choice_matches_r(lonely):
    out, _ = run(
        "--csv", str(REFERENCE / "lonely.csv"), "--var", "destination", "--weight", "weight",
        "--strata", "stratum", "--cluster", "cluster", "--lonely-psu", lonely, "--format", "json",
    )  # fmt: skip
    found = {row["category"]: row for row in json.loads(out)}
    expected = reference(
        dataset="lonely", design="full", lonely=lonely, statistic="proportion", by=""
    )
    assert len(expected) == 4
    for ref in expected:
        assert abs(found[ref["category"]]["se"] - float(ref["se"])) <= 1e-9


def test_json_without_design_warns_on_stderr_that_it_is_not_representative():
    out, err = run("--csv", DESIGN_CSV, "--var", "destination", "--format", "json")
    rows = json.loads(out)
    assert {row["category"] for row in rows} == {"Germany", "Iran", "Other", "Turkey"}
    assert "NOT REPRESENTATIVE" in err


def test_table_output_shows_design_intervals_and_note():
    out, _ = run(
        "--csv", DESIGN_CSV, "--var", "destination", "--weight", "weight",
        "--strata", "stratum", "--cluster", "cluster", "--by", "nationality",
    )  # fmt: skip
    assert "destination: weighted proportions by nationality" in out
    assert "5 strata, 27 clusters (PSUs)" in out
    assert "95% CI" in out
    syria_turkey = next(
        line for line in out.splitlines() if line.startswith("Syria") and "Turkey" in line
    )
    (ref,) = reference(dataset="design", design="full", group="Syria", category="Turkey")
    assert f"{float(ref['estimate']):.4f}" in syria_turkey
    assert f"{float(ref['ci_low']):.4f} – {float(ref['ci_high']):.4f}" in syria_turkey
    assert "NOT REPRESENTATIVE" not in out


def test_table_output_without_weights_says_not_representative():
    out, _ = run("--csv", DESIGN_CSV, "--var", "destination", "--format", "table")
    assert "unweighted proportions" in out
    assert "NOT REPRESENTATIVE" in out


def test_semicolon_separated_export_with_bom_is_read(tmp_path):
    path = tmp_path / "kobo.csv"
    path.write_text("\ufeffdest;w\nTurkey;2\nGermany;1\nTurkey;1\n", encoding="utf-8")
    out, _ = run("--csv", str(path), "--var", "dest", "--weight", "w", "--format", "json")
    shares = {row["category"]: row["estimate"] for row in json.loads(out)}
    assert shares == {"Germany": 0.25, "Turkey": 0.75}


def write(tmp_path: Path, content: str | bytes) -> str:
    path = tmp_path / "data.csv"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        (None, ["--var", "x"], "file not found"),
        ("a,b\n1,2\n", ["--var", "destination"], "unknown column 'destination'"),
        (
            "a,w\nx,1\ny,heavy\n",
            ["--var", "a", "--weight", "w"],
            "column 'w' is not numeric: 'heavy'",
        ),
        (
            "a,w\nx,1\ny,-3\n",
            ["--var", "a", "--weight", "w"],
            "column 'w': weights must be greater than zero",
        ),
        ("a,w\nx,1\ny,\n", ["--var", "a", "--weight", "w"], "column 'w' has a missing value"),
        (
            "a,s\nx,1\ny,\n",
            ["--var", "a", "--strata", "s"],
            "column 's': the strata column has missing",
        ),
        ("a\n", ["--var", "a"], "no data rows"),
        ("a,b\n,1\n,2\n", ["--var", "a"], "column 'a' has no answers"),
        ("a,b\nx,1\ny,2,3\n", ["--var", "a"], "line 3 has 3 fields"),
        ("a,b\nx,1\ny,2\n", ["--var", "a", "--stat", "mean"], "column 'a' is not numeric: 'x'"),
        ("", ["--var", "a"], "is empty"),
        (b"a,b\n\xff,1\n", ["--var", "a"], "not a readable UTF-8 CSV"),
    ],
)
def test_bad_input_gives_a_clear_error(tmp_path, content, args, message):
    path = str(tmp_path / "missing.csv") if content is None else write(tmp_path, content)
    with pytest.raises(CommandError, match=message):
        run("--csv", path, *args)


def test_command_line_error_exits_non_zero_without_a_traceback(tmp_path):
    path = write(tmp_path, "a,w\nx,1\ny,-1\n")
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "manage.py"),
            "survey_estimate",
            "--csv",
            path,
            "--var",
            "a",
            "--weight",
            "w",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "weights must be greater than zero" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
