"""Estimates, SEs and intervals against R's survey package (reference/*.csv from reference.R)."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rehber.surveys.estimation import (
    DesignError,
    estimate_mean,
    estimate_proportions,
    normal_quantile,
    read_columns,
    survey_design,
    t_quantile,
    to_numbers,
)
from rehber.surveys.estimation.tdist import t_cdf

REFERENCE = Path(__file__).parent / "reference"
TOLERANCE = 1e-9
DESIGNS = {
    "full": {"weight": True, "strata": True, "cluster": True},
    "weight_only": {"weight": True, "strata": False, "cluster": False},
    "strata_weight": {"weight": True, "strata": True, "cluster": False},
    "cluster_weight": {"weight": True, "strata": False, "cluster": True},
    "none": {"weight": False, "strata": False, "cluster": False},
}


def _reference_rows() -> list[dict[str, str]]:
    with open(REFERENCE / "estimates.csv", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _data(dataset: str) -> dict[str, list[str]]:
    names = ["stratum", "cluster", "weight", "nationality", "destination", "age"]
    return read_columns(REFERENCE / f"{dataset}.csv", names)


def _design(dataset: str, name: str, lonely: str):
    cols = _data(dataset)
    spec = DESIGNS[name]
    design = survey_design(
        n_rows=len(cols["weight"]),
        weights=to_numbers(cols["weight"], "weight") if spec["weight"] else None,
        strata=cols["stratum"] if spec["strata"] else None,
        clusters=cols["cluster"] if spec["cluster"] else None,
        lonely_psu=lonely,
    )
    return design, cols


def _ours(dataset: str, name: str, lonely: str) -> dict[tuple[str, str, str, str], object]:
    design, cols = _design(dataset, name, lonely)
    age = to_numbers(cols["age"], "age")
    found = {}
    for by in (None, cols["nationality"]):
        by_label = "nationality" if by is not None else ""
        for table in (
            estimate_proportions(design, cols["destination"], by=by),
            estimate_mean(design, age, by=by),
        ):
            for row in table.rows:
                found[(table.statistic, by_label, row.group or "", row.category or "")] = row
    return found


def _check(reference: list[dict[str, str]]) -> int:
    assert reference, "no reference rows selected"
    checked = 0
    cache: dict[tuple[str, str, str], dict] = {}
    for ref in reference:
        key = (ref["dataset"], ref["design"], ref["lonely"])
        if key not in cache:
            cache[key] = _ours(*key)
        row = cache[key][(ref["statistic"], ref["by"], ref["group"], ref["category"])]
        for field in ("estimate", "se", "ci_low", "ci_high"):
            expected, actual = float(ref[field]), getattr(row, field)
            assert actual is not None, (ref, field)
            assert abs(actual - expected) <= TOLERANCE, (ref, field, actual, expected)
        assert row.df == int(ref["df"]), ref
        assert row.n == int(ref["n"]), ref
        checked += 1
    return checked


def _select(**conditions) -> list[dict[str, str]]:
    rows = _reference_rows()
    for key, value in conditions.items():
        if callable(value):
            rows = [r for r in rows if value(r[key])]
        else:
            rows = [r for r in rows if r[key] == value]
    return rows


@pytest.mark.parametrize("design", sorted(DESIGNS))
def test_overall_proportions_match_r(design):
    assert _check(_select(dataset="design", design=design, statistic="proportion", by="")) == 4


@pytest.mark.parametrize("design", sorted(DESIGNS))
def test_domain_proportions_match_r(design):
    rows = _select(dataset="design", design=design, statistic="proportion", by="nationality")
    assert _check(rows) == 16


@pytest.mark.parametrize("design", sorted(DESIGNS))
def test_means_match_r_overall_and_by_domain(design):
    assert _check(_select(dataset="design", design=design, statistic="mean")) == 5


def test_missing_values_are_out_of_the_domain_as_with_na_rm():
    cols = _data("design")
    assert cols["destination"].count("") > 10 and cols["age"].count("") > 10
    assert cols["nationality"].count("") > 0
    rows = _select(dataset="design", design="full")
    _check(rows)
    design, _ = _design("design", "full", "adjust")
    table = estimate_proportions(design, cols["destination"])
    answered = sum(1 for v in cols["destination"] if v)
    assert {row.n_base for row in table.rows} == {answered}
    # Degrees of freedom still count the PSUs of rows whose answer is missing, as R's degf().
    assert {row.df for row in table.rows} == {design.n_psu - design.n_strata}


@pytest.mark.parametrize("lonely", ["adjust", "certainty"])
def test_single_psu_stratum_matches_r(lonely):
    design, _ = _design("lonely", "full", lonely)
    assert 1 in design.psus_in_stratum.tolist()
    assert _check(_select(dataset="lonely", lonely=lonely)) > 20


def test_lonely_psu_choice_changes_the_variance():
    adjust = _ours("lonely", "full", "adjust")
    certainty = _ours("lonely", "full", "certainty")
    key = ("mean", "", "", "")
    assert adjust[key].estimate == certainty[key].estimate
    assert adjust[key].se > certainty[key].se


def test_t_quantile_matches_r_qt():
    with open(REFERENCE / "qt.csv", newline="", encoding="utf-8") as handle:
        grid = list(csv.DictReader(handle))
    assert len(grid) > 200
    for row in grid:
        expected = float(row["q"])
        actual = t_quantile(float(row["p"]), int(row["df"]))
        assert abs(actual - expected) <= 1e-12 * max(1.0, abs(expected)), row


def test_t_quantile_edges():
    assert math.isnan(t_quantile(0.975, 0))
    assert t_quantile(0.5, 7) == 0.0
    assert t_quantile(1.0, 3) == math.inf
    assert abs(normal_quantile(0.975) - 1.959963984540054) < 1e-15


@settings(max_examples=200, deadline=None)
@given(st.floats(min_value=1e-8, max_value=1 - 1e-8), st.integers(min_value=1, max_value=20000))
def test_t_quantile_inverts_the_distribution_function(p, df):
    q = t_quantile(p, df)
    assert t_quantile(min(p * 1.001, 1 - 1e-9), df) > q
    if df < 5000:
        assert t_cdf(q, df) == pytest.approx(p, rel=1e-9, abs=1e-15)


def test_category_absent_from_a_group_has_no_interval():
    design = survey_design(n_rows=6, weights=[1, 2, 3, 1, 2, 3])
    table = estimate_proportions(
        design, ["a", "b", "a", "a", "a", "b"], by=["x", "x", "x", "y", "y", "y"]
    )
    row = next(r for r in table.rows if r.group == "y" and r.category == "a")
    assert row.estimate == pytest.approx(3 / 6)
    table = estimate_proportions(
        design, ["a", "b", "a", "a", "a", "a"], by=["x", "x", "x", "y", "y", "y"]
    )
    absent = next(r for r in table.rows if r.group == "y" and r.category == "b")
    assert absent.estimate == 0.0 and absent.se == 0.0 and absent.n == 0
    assert absent.ci_low is None and absent.ci_high is None


def test_unweighted_shares_say_they_are_not_representative():
    design = survey_design(n_rows=4)
    table = estimate_proportions(design, ["a", "a", "b", "a"])
    assert table.representative is False
    assert "not the population" in table.note
    share = next(r for r in table.rows if r.category == "a")
    assert share.estimate == 0.75
    # Simple random sample: SE = sqrt(p (1 - p) / (n - 1)).
    assert share.se == pytest.approx(math.sqrt(0.75 * 0.25 / 3), abs=1e-15)
    weighted = estimate_proportions(
        survey_design(n_rows=4, weights=[1, 1, 1, 1]), ["a", "a", "b", "a"]
    )
    assert weighted.representative is True


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ([1.0, -2.0], "greater than zero"),
        ([1.0, 0.0], "greater than zero"),
        ([1.0, math.nan], "numbers"),
    ],
)
def test_bad_weights_are_refused(weights, message):
    with pytest.raises(DesignError, match=message):
        survey_design(n_rows=2, weights=weights)


def test_missing_cluster_id_is_refused():
    with pytest.raises(DesignError, match="cluster column has missing values"):
        survey_design(n_rows=2, clusters=["a", ""])


_samples = st.integers(min_value=2, max_value=60).flatmap(
    lambda n: st.tuples(
        st.lists(st.sampled_from(["a", "b", "c", ""]), min_size=n, max_size=n),
        st.lists(st.floats(min_value=0.1, max_value=50.0), min_size=n, max_size=n),
        st.lists(st.sampled_from(["s1", "s2", "s3"]), min_size=n, max_size=n),
        st.lists(st.sampled_from(["k1", "k2", "k3", "k4"]), min_size=n, max_size=n),
        st.lists(st.sampled_from(["g1", "g2"]), min_size=n, max_size=n),
    )
)


@settings(max_examples=150, deadline=None)
@given(_samples)
def test_shares_add_up_to_one_and_intervals_hold_the_estimate(sample):
    values, weights, strata, clusters, groups = sample
    design = survey_design(n_rows=len(values), weights=weights, strata=strata, clusters=clusters)
    table = estimate_proportions(design, values, by=groups)
    for group in {row.group for row in table.rows}:
        rows = [row for row in table.rows if row.group == group]
        if rows[0].n_base == 0:
            continue
        assert sum(row.estimate for row in rows) == pytest.approx(1.0, abs=1e-12)
        for row in rows:
            assert row.se >= 0.0
            if row.ci_low is not None:
                # to rounding: with se = 0 the logit interval is the estimate, give or take an ulp
                assert row.ci_low - 1e-12 <= row.estimate <= row.ci_high + 1e-12
                assert row.ci_low >= 0.0 and row.ci_high <= 1.0


@settings(max_examples=100, deadline=None)
@given(_samples, st.floats(min_value=0.01, max_value=1000.0))
def test_scaling_the_weights_changes_nothing(sample, factor):
    values, weights, strata, clusters, _ = sample
    numbers = np.array([{"a": 1.0, "b": 5.0, "c": 9.0}.get(v, math.nan) for v in values])
    one = survey_design(n_rows=len(values), weights=weights, strata=strata, clusters=clusters)
    scaled = survey_design(
        n_rows=len(values), weights=[w * factor for w in weights], strata=strata, clusters=clusters
    )
    for a, b in zip(
        estimate_mean(one, numbers).rows, estimate_mean(scaled, numbers).rows, strict=True
    ):
        if a.estimate is None:
            assert b.estimate is None
            continue
        assert b.estimate == pytest.approx(a.estimate, rel=1e-12, abs=1e-12)
        assert b.se == pytest.approx(a.se, rel=1e-9, abs=1e-12)


@settings(max_examples=100, deadline=None)
@given(_samples)
def test_a_domain_estimate_equals_the_estimate_on_its_rows_alone(sample):
    values, weights, strata, clusters, groups = sample
    design = survey_design(n_rows=len(values), weights=weights, strata=strata, clusters=clusters)
    by_group = estimate_proportions(design, values, by=groups).rows
    rows = [i for i, g in enumerate(groups) if g == "g1"]
    if not rows or not any(values[i] for i in rows):
        return
    alone = survey_design(n_rows=len(rows), weights=[weights[i] for i in rows])
    direct = {
        r.category: r.estimate for r in estimate_proportions(alone, [values[i] for i in rows]).rows
    }
    for row in by_group:
        if row.group == "g1":
            assert row.estimate == pytest.approx(direct.get(row.category, 0.0), abs=1e-12)
