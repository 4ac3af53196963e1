"""Analysis pages: cross-tabulations equal the estimation package, charts, months."""

import re

import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from rehber.accounts.roles import Role
from rehber.surveys.analysis import charts
from rehber.surveys.analysis.tables import grand_total, suppress
from rehber.surveys.estimation import estimate_proportions, survey_design
from rehber.surveys.tests.analysis_factories import (
    add_submissions,
    flows_answers,
    make_flows_form,
)

DESIGN = {"weight": "weight", "strata": "stratum", "cluster": "site"}


@pytest.fixture
def flows(db):
    version = make_flows_form()
    answers = flows_answers(200)
    add_submissions(version, answers)
    return version, answers


@pytest.fixture
def analyst(staff_client):
    client, _user = staff_client(Role.ANALYST)
    return client


def _url(lang="en", form_id="flows"):
    return f"/{lang}" + reverse("surveys:analysis", kwargs={"form_id": form_id})[3:]


def _page_cells(response):
    present = response.context["present"]
    return {
        (cell["group"], cell["category"]): cell
        for _heading, cells in present["sections"]
        for cell in cells
    }


def test_crosstab_equals_the_estimation_package_on_the_same_data(flows, analyst):
    _version, answers = flows
    response = analyst.get(
        _url(), {"variable": "destination", "by": "nationality", **DESIGN, "k": 3}
    )
    assert response.status_code == 200
    design = survey_design(
        n_rows=len(answers),
        weights=[a["weight"] for a in answers],
        strata=[a["stratum"] for a in answers],
        clusters=[a["site"] for a in answers],
    )
    expected = estimate_proportions(
        design,
        [a["destination"] for a in answers],
        by=[a["nationality"] for a in answers],
    )
    cells = _page_cells(response)
    assert len(cells) == len(expected.rows) == 9
    for row in expected.rows:
        cell = cells[(row.group, row.category)]
        if cell["suppressed"]:
            assert row.n < 3 or cell["suppressed"] == "complementary"
            continue
        assert cell["estimate"] == pytest.approx(row.estimate, abs=1e-12)
        assert cell["se"] == pytest.approx(row.se, abs=1e-12)
        assert cell["ci_low"] == pytest.approx(row.ci_low, abs=1e-12)
        assert cell["ci_high"] == pytest.approx(row.ci_high, abs=1e-12)
        assert cell["n"] == row.n
    # Every figure shows its n and interval in words, in the chart too.
    content = response.content.decode()
    assert "Not representative." not in content
    first = next(c for c in cells.values() if not c["suppressed"] and c["ci_low"])
    assert f"n = {first['n']}" in content
    assert "95% interval" in content


def test_without_weights_the_shares_are_unweighted_and_not_representative(flows, analyst):
    _version, answers = flows
    response = analyst.get(_url(), {"variable": "destination"})
    content = response.content.decode()
    assert "Not representative." in content
    cells = _page_cells(response)
    share = sum(a["destination"] == "turkey" for a in answers) / len(answers)
    assert cells[(None, "turkey")]["estimate"] == pytest.approx(share, abs=1e-12)
    assert "Only approved submissions." in content


def test_only_approved_submissions_unless_the_analyst_includes_received_ones(flows, analyst):
    version, _answers = flows
    add_submissions(version, flows_answers(40, seed=99), state="received")
    add_submissions(version, flows_answers(10, seed=98), state="rejected")
    approved = analyst.get(_url(), {"variable": "destination"}).context["present"]
    both = analyst.get(_url(), {"variable": "destination", "include_received": "on"}).context[
        "present"
    ]
    assert approved["n_total"] == 200
    assert both["n_total"] == 240
    assert both["includes_received"] is True


def test_an_indicator_can_be_tabulated(db, analyst):
    from rehber.surveys.models import Submission
    from rehber.surveys.tests.factories import fms_answers, fms_load

    version = fms_load()
    for index in range(12):
        services_answers = fms_answers(
            self_held="yes" if index < 6 else "no", nationality="syria" if index % 2 else "iran"
        )
        Submission.objects.create(
            form=version.form,
            version=version,
            instance_id=f"uuid:ind-{index}",
            answers=services_answers,
            indicators={"ht_any": 1 if index < 6 else 0},
            source="web",
            state="approved",
        )
    response = analyst.get(_url(form_id=version.form.form_id), {"variable": "@ht_any", "k": 3})
    cells = _page_cells(response)
    assert cells[(None, "1")]["estimate"] == pytest.approx(0.5)
    assert cells[(None, "1")]["category_label"] == "Yes"


def test_monthly_series_by_a_date_question(flows, analyst):
    _version, answers = flows
    response = analyst.get(_url(), {"variable": "destination", "month": "survey_date", "k": 3})
    series = response.context["present"]["series"]
    months = [heading for heading, _cells in series["sections"]]
    expected = sorted({a["survey_date"][:7] for a in answers})
    assert months == expected  # oldest first
    august = [a for a in answers if a["survey_date"].startswith("2026-08")]
    share = sum(a["destination"] == "turkey" for a in august) / len(august)
    cell = next(
        c
        for _h, cells in series["sections"]
        for c in cells
        if c["group"] == "2026-08" and c["category"] == "turkey"
    )
    assert cell["estimate"] == pytest.approx(share, abs=1e-12)
    assert "<polyline" in series["svg"]
    assert "By month" in response.content.decode()


def test_monthly_series_by_month_received(flows, analyst):
    response = analyst.get(_url(), {"variable": "destination", "month": "_received"})
    series = response.context["present"]["series"]
    assert len(series["sections"]) == 1  # all received this month


def _bars(svg):
    return [
        (float(x), float(w))
        for x, w in re.findall(r'<rect class="bar" x="([\d.]+)" y="[\d.]+" width="([\d.]+)"', svg)
    ]


def test_chart_is_svg_with_title_desc_and_mirrors_right_to_left(flows, analyst):
    query = {"variable": "destination", "by": "nationality", "k": 3}
    english = analyst.get(_url("en"), query).content.decode()
    arabic = analyst.get(_url("ar"), query).content.decode()
    for content in (english, arabic):
        assert '<svg xmlns="http://www.w3.org/2000/svg"' in content
        assert re.search(r'<title id="chart-title">[^<]+</title>', content)
        assert re.search(r'<desc id="chart-desc">[^<]+</desc>', content)
    assert 'direction="ltr"' in english and 'direction="rtl"' in arabic
    left = _bars(english)
    right = _bars(arabic)
    assert left and len(left) == len(right)
    for (x_ltr, w_ltr), (x_rtl, w_rtl) in zip(left, right, strict=True):
        assert x_ltr == 6  # bars grow from the left edge…
        assert w_rtl == w_ltr
        assert x_rtl + w_rtl == pytest.approx(charts.WIDTH - 6, abs=0.11)  # …or the right
    # Labels come from the choice labels in the UI language.
    assert "تركيا" in arabic and "Turkey" in english


def test_line_chart_months_run_right_to_left_in_arabic():
    lines = [{"label": "x", "points": [{"estimate": 0.2}, {"estimate": 0.4}]}]
    ltr = charts.line_chart_svg(
        title="t", desc="d", x_labels=["2026-01", "2026-02"], x_notes=["", ""], lines=lines
    )
    rtl = charts.line_chart_svg(
        title="t",
        desc="d",
        x_labels=["2026-01", "2026-02"],
        x_notes=["", ""],
        lines=lines,
        rtl=True,
    )
    first_ltr = float(re.search(r'<circle cx="([\d.]+)"', ltr).group(1))
    first_rtl = float(re.search(r'<circle cx="([\d.]+)"', rtl).group(1))
    assert first_ltr < charts.WIDTH / 2 < first_rtl


def test_a_missing_weight_is_a_clear_message(flows, analyst):
    version, _answers = flows
    add_submissions(version, [{**flows_answers(1)[0], "weight": None}])
    response = analyst.get(_url(), {"variable": "destination", "weight": "weight"})
    assert response.status_code == 200
    assert "no usable weight" in response.content.decode()


def test_an_unknown_variable_is_a_form_error(flows, analyst):
    response = analyst.get(_url(), {"variable": "nope"})
    assert response.status_code == 200
    assert response.context["present"] is None
    assert response.context["form"].errors["variable"]


# Small-cell suppression of a whole table -----------------------------------------

_counts = st.lists(
    st.lists(st.integers(min_value=0, max_value=30), min_size=3, max_size=3),
    min_size=1,
    max_size=5,
)


def _cells_from(counts):
    return [
        {"group": f"g{r}", "category": f"c{c}", "n": n, "n_base": sum(row), "estimate": 0.5}
        for r, row in enumerate(counts)
        for c, n in enumerate(row)
    ]


def _hidden_in(cells, key, value):
    return [c for c in cells if c[key] == value and c["suppressed"]]


@settings(max_examples=300, deadline=None)
@given(counts=_counts, k=st.integers(min_value=3, max_value=10), linked=st.booleans())
def test_no_hidden_cell_is_the_difference_of_shown_numbers(counts, k, linked):
    cells = suppress(
        _cells_from(counts),
        k=k,
        hidden_column_totals=set() if linked else None,
        total_shown_elsewhere=linked,
    )
    original = _cells_from(counts)
    for cell, before in zip(cells, original, strict=True):
        if 0 < before["n"] < k:
            assert cell["suppressed"] and cell["n"] is None and cell["estimate"] is None
        if not cell["suppressed"]:
            assert cell["n"] == before["n"]
    rows = {c["group"] for c in cells}
    for row in rows:
        members = [c for c in cells if c["group"] == row]
        base_hidden = members[0]["n_base"] is None
        hidden = len(_hidden_in(cells, "group", row)) + base_hidden
        assert hidden != 1, (row, members)
        if base_hidden:  # a shown share and n would give the base away
            assert all(c["suppressed"] or c["n"] == 0 for c in members)
    hidden_bases = {c["group"] for c in cells if c["n_base"] is None}
    if linked and len(rows) > 1:
        assert len(hidden_bases) != 1
    total = sum(sum(row) for row in counts)
    shown_total = grand_total(cells, total=total, k=k)
    assert shown_total is None or (total >= k and not hidden_bases)
    if linked:
        for col in {c["category"] for c in cells}:
            members = [c for c in original if c["category"] == col]
            total = sum(c["n"] for c in members)
            hidden = len(_hidden_in(cells, "category", col)) + (0 < total < k)
            if hidden == 1:
                shown = [c for c in cells if c["category"] == col and not c["suppressed"]]
                assert all(c["n"] == 0 for c in shown)


def test_a_crosstab_hides_a_second_cell_beside_a_small_one():
    cells = suppress(_cells_from([[20, 8, 0], [9, 7, 2]]), k=5)
    hidden = {(c["group"], c["category"]): c["suppressed"] for c in cells if c["suppressed"]}
    assert hidden == {("g1", "c2"): "primary", ("g1", "c1"): "complementary"}
    assert all(c["n_base"] is not None for c in cells)  # 28 and 18 stay


def test_a_group_with_fewer_than_k_people_hides_its_base_and_the_total():
    cells = suppress(_cells_from([[20, 8, 0], [2, 1, 0], [30, 6, 9]]), k=5)
    bases = {c["group"]: c["n_base"] for c in cells}
    assert bases == {"g0": 28, "g1": None, "g2": 45}
    assert grand_total(cells, total=76, k=5) is None  # 76 − 28 − 45 would give 3


def test_a_month_with_fewer_than_k_people_hides_a_second_month_whole():
    # The overall table beside a monthly series shows the grand total.
    cells = suppress(
        _cells_from([[20, 8, 0], [2, 1, 0], [30, 6, 9]]),
        k=5,
        hidden_column_totals=set(),
        total_shown_elsewhere=True,
    )
    bases = {c["group"]: c["n_base"] for c in cells}
    assert bases == {"g0": None, "g1": None, "g2": 45}
    assert [c["suppressed"] for c in cells if c["group"] == "g0"] == [
        "complementary",
        "complementary",
        False,  # a zero names nobody
    ]
