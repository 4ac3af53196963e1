"""Small-cell suppression of tables and k-anonymity of microdata by local suppression."""

from __future__ import annotations

from dataclasses import asdict

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rehber.surveys.disclosure import (
    COMPLEMENTARY,
    PRIMARY,
    equivalence_class_sizes,
    k_anonymise,
    suppress_small_cells,
)
from rehber.surveys.estimation import estimate_proportions, survey_design


def cell(group, category, n, estimate=0.1):
    return {"group": group, "category": category, "n": n, "estimate": estimate, "se": 0.01}


def test_cells_under_k_are_blanked_and_marked():
    table = [cell("Syria", "Turkey", 40), cell("Syria", "Germany", 3), cell("Syria", "Iran", 2)]
    result = suppress_small_cells(table, k=5)
    marks = [c["suppressed"] for c in result.cells]
    assert marks == [False, PRIMARY, PRIMARY]
    assert result.cells[1]["estimate"] is None and result.cells[1]["n"] is None
    assert result.cells[0]["estimate"] == 0.1 and result.cells[0]["n"] == 40
    assert result.suppressed == [(1, PRIMARY), (2, PRIMARY)]
    assert table[1]["n"] == 3, "the input is not changed"


def test_a_lone_suppressed_cell_gets_a_complementary_partner():
    table = [cell("Iran", "Turkey", 50), cell("Iran", "Germany", 9), cell("Iran", "Other", 4)]
    result = suppress_small_cells(table, k=5)
    assert [c["suppressed"] for c in result.cells] == [False, COMPLEMENTARY, PRIMARY]


def test_default_k_is_five_and_zero_cells_stay_unless_asked():
    table = [cell(None, "a", 5), cell(None, "b", 4), cell(None, "c", 0), cell(None, "d", 30)]
    shown = suppress_small_cells(table)
    assert [c["suppressed"] for c in shown.cells] == [COMPLEMENTARY, PRIMARY, False, False]
    hidden = suppress_small_cells(table, suppress_zeros=True)
    assert [c["suppressed"] for c in hidden.cells] == [False, PRIMARY, PRIMARY, False]


def test_k_must_be_positive():
    with pytest.raises(ValueError, match="k must be at least 1"):
        suppress_small_cells([cell(None, "a", 1)], k=0)


def records():
    rows = [{"age": "30", "sex": "F", "nationality": "Syria", "answer": "yes"} for _ in range(6)]
    rows += [{"age": "31", "sex": "M", "nationality": "Syria", "answer": "no"} for _ in range(5)]
    rows.append({"age": "87", "sex": "F", "nationality": "Syria", "answer": "no"})
    return rows


def test_a_record_alone_even_without_its_values_is_reported_at_risk():
    result = k_anonymise(records(), ["age", "sex", "nationality"], k=2)
    # The 87-year-old is unique. A missing value is a category of its own, so nobody
    # shares even her fully suppressed pattern: she is reported, the others are untouched.
    assert result.suppressed[0] == (11, "age")
    assert result.at_risk == [11]
    assert result.records[11]["answer"] == "no", "other columns are kept"
    assert all(r["age"] == "30" for r in result.records[:6])
    assert all(r["age"] == "31" and r["sex"] == "M" for r in result.records[6:11])


def test_k_anonymise_reaches_k_when_enough_records_share_a_suppressed_pattern():
    rows = records()
    rows += [
        {"age": str(60 + i), "sex": "F", "nationality": "Syria", "answer": "no"} for i in range(4)
    ]
    result = k_anonymise(rows, ["age", "sex", "nationality"], k=5)
    assert result.is_k_anonymous
    assert min(equivalence_class_sizes(result.records, ["age", "sex", "nationality"])) >= 5
    # Only the five unique ages were suppressed; sex and nationality stay.
    assert sorted(result.suppressed) == [(i, "age") for i in (11, 12, 13, 14, 15)]
    assert all(r["sex"] == "F" for r in result.records[11:])


def test_records_that_cannot_reach_k_are_reported_at_risk():
    rows = [{"age": "30", "sex": "F"}, {"age": "40", "sex": "M"}]
    result = k_anonymise(rows, ["age", "sex"], k=5)
    assert not result.is_k_anonymous
    assert result.at_risk == [0, 1]
    assert all(r["age"] is None and r["sex"] is None for r in result.records)


def test_already_anonymous_data_is_left_alone():
    rows = [{"age": "30", "sex": "F"}] * 5
    result = k_anonymise(rows, ["age", "sex"], k=5)
    assert result.suppressed == [] and result.is_k_anonymous


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.fixed_dictionaries(
            {
                "age": st.sampled_from(["20", "30", "40", "50", ""]),
                "sex": st.sampled_from(["F", "M"]),
                "province": st.sampled_from(["Hatay", "Van", "Izmir"]),
            }
        ),
        min_size=1,
        max_size=80,
    ),
    st.integers(min_value=1, max_value=6),
)
def test_every_class_reaches_k_or_is_reported(rows, k):
    qis = ["age", "sex", "province"]
    result = k_anonymise(rows, qis, k=k)
    sizes = equivalence_class_sizes(result.records, qis)
    for index, size in enumerate(sizes):
        assert size >= k or index in result.at_risk
    for index in result.at_risk:
        assert all(result.records[index][q] is None for q in qis)
    changed = sum(
        1
        for before, after in zip(rows, result.records, strict=True)
        for q in qis
        if (before[q] or None) != after[q]
    )
    assert changed == len(result.suppressed)


def test_an_estimate_table_can_be_suppressed_directly():
    values = ["Turkey"] * 30 + ["Germany"] * 12 + ["Iran"] * 3 + ["Turkey"] * 8 + ["Iran"] * 9
    groups = ["Syria"] * 45 + ["Iran"] * 17
    design = survey_design(n_rows=len(values), weights=[1.5] * len(values))
    table = estimate_proportions(design, values, by=groups)
    result = suppress_small_cells([asdict(row) for row in table.rows])
    marks = {(c["group"], c["category"]): c["suppressed"] for c in result.cells}
    assert marks[("Syria", "Iran")] == PRIMARY
    assert marks[("Syria", "Germany")] == COMPLEMENTARY
    assert marks[("Syria", "Turkey")] is False
    assert marks[("Iran", "Germany")] is False, "a zero cell stays"
    hidden = next(c for c in result.cells if c["group"] == "Syria" and c["category"] == "Iran")
    assert hidden["estimate"] is None and hidden["ci_low"] is None and hidden["n"] is None
