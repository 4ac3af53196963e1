"""Exports: small cells suppressed in CSV and XLSX, microdata k-anonymous, all audited."""

import csv
import io
import re
from collections import Counter

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from rehber.accounts.roles import Role
from rehber.core.models import AuditEntry
from rehber.surveys.tests.analysis_factories import add_submissions, flows_answers, make_flows_form


@pytest.fixture
def analyst(staff_client):
    client, _user = staff_client(Role.ANALYST)
    return client


@pytest.fixture
def small_cells(db):
    """Destination by nationality where Iranians going to "other" are only 2 people."""
    version = make_flows_form()
    base = flows_answers(1)[0]
    people = (
        [("syria", "turkey")] * 20
        + [("syria", "germany")] * 8
        + [("iran", "turkey")] * 9
        + [("iran", "germany")] * 7
        + [("iran", "other")] * 2
    )
    add_submissions(version, [{**base, "nationality": n, "destination": d} for n, d in people])
    return version


def _export(client, fmt, **extra):
    query = {"variable": "destination", "by": "nationality", "format": fmt, "part": "table"}
    query.update(extra)
    return client.post(reverse("surveys:analysis_export", kwargs={"form_id": "flows"}), query)


def _csv(response):
    text = response.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_export_hides_small_cells_and_is_audited(small_cells, analyst):
    response = _export(analyst, "csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = {(r["group"], r["category"]): r for r in _csv(response)}
    small = rows[("iran", "other")]
    assert small["suppressed"] == "primary"
    assert small["n"] == small["estimate"] == small["ci_low"] == ""
    # The next smallest cell of the group is hidden too, or the small one could be worked out.
    assert rows[("iran", "germany")]["suppressed"] == "complementary"
    assert rows[("iran", "turkey")]["n"] == "9"
    assert float(rows[("syria", "turkey")]["estimate"]) == pytest.approx(20 / 28)
    entry = AuditEntry.objects.get(action="surveys.table_export")
    assert entry.data["format"] == "csv"
    assert entry.data["k"] == 5
    assert entry.data["variable"] == "destination"
    assert "turkey" not in str(entry.data)  # no answer values in the audit row


def test_xlsx_export_hides_small_cells_and_is_audited(small_cells, analyst):
    response = _export(analyst, "xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["table"]
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, [c.value for c in row], strict=True)) for row in sheet.iter_rows(2)]
    small = next(r for r in rows if r["group"] == "iran" and r["category"] == "other")
    assert small["estimate"] is None and small["n"] is None
    assert small["suppressed"] == "primary"
    assert "notes" in book.sheetnames
    assert (
        AuditEntry.objects.filter(action="surveys.table_export", data__format="xlsx").count() == 1
    )


def test_a_larger_k_hides_more_and_k_below_3_is_refused(small_cells, analyst):
    rows = {(r["group"], r["category"]): r for r in _csv(_export(analyst, "csv", k=9))}
    assert rows[("iran", "germany")]["suppressed"] == "primary"
    response = _export(analyst, "csv", k=2)
    assert response.status_code == 302
    assert AuditEntry.objects.filter(action="surveys.table_export").count() == 1


def test_the_analysis_page_hides_the_same_small_cells(small_cells, analyst):
    url = reverse("surveys:analysis", kwargs={"form_id": "flows"})
    response = analyst.get(url, {"variable": "destination", "by": "nationality"})
    content = response.content.decode()
    assert "hidden (small cell)" in content
    assert ">hidden: fewer than 5 people, or it would reveal them</text>" in content  # chart
    assert not re.search(r"n = 2\b", content)
    assert "n = 20" in content


def test_series_export(small_cells, analyst):
    response = _export(analyst, "csv", part="series", month="survey_date")
    assert response.status_code == 200
    rows = _csv(response)
    assert {r["group"] for r in rows} == {"2026-08"}  # every interview of the base row's month
    assert AuditEntry.objects.get(action="surveys.table_export").data["part"] == "series"


def _microdata(client, **data):
    url = reverse("surveys:microdata", kwargs={"form_id": "flows"})
    return client.post(url, data)


def test_microdata_export_suppresses_locally_then_passes(db, analyst):
    version = make_flows_form()
    base = flows_answers(1)[0]
    # Five men each with an age nobody else has: blanking their age puts them together.
    people = [("male", 30)] * 6 + [("female", 40)] * 6 + [("male", 20 + i) for i in range(5)]
    add_submissions(version, [{**base, "sex": s, "age": a, "notes": "x"} for s, a in people])
    response = _microdata(
        analyst,
        columns=["sex", "age", "destination"],
        quasi_identifiers=["sex", "age"],
        k=5,
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 17
    assert set(rows[0]) == {"sex", "age", "destination"}  # nothing else, no ids
    classes = Counter((r["sex"], r["age"]) for r in rows)
    assert min(classes.values()) >= 5
    assert classes[("male", "")] == 5
    assert classes[("male", "30")] == 6
    entry = AuditEntry.objects.get(action="surveys.microdata_export")
    assert entry.data["rows"] == 17
    assert entry.data["values_suppressed"] == 5
    assert entry.data["quasi_identifiers"] == ["sex", "age"]
    assert "male" not in str(entry.data)


def test_microdata_export_refuses_while_records_remain_at_risk(db, analyst):
    version = make_flows_form()
    add_submissions(version, flows_answers(3))
    response = _microdata(
        analyst, columns=["nationality", "age"], quasi_identifiers=["nationality", "age"], k=5
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "Nothing was exported" in response.content.decode()
    assert "note 0" not in response.content.decode()
    entry = AuditEntry.objects.get(action="surveys.microdata_export_refused")
    assert entry.data["at_risk"] == 3
    assert not AuditEntry.objects.filter(action="surveys.microdata_export").exists()


def test_microdata_quasi_identifiers_must_be_exported_columns(db, analyst):
    make_flows_form()
    response = _microdata(analyst, columns=["age"], quasi_identifiers=["sex"], k=5)
    assert response.status_code == 200
    assert response.context["form"].errors["quasi_identifiers"]
    assert not AuditEntry.objects.filter(action__startswith="surveys.microdata").exists()


@pytest.mark.parametrize("role", [Role.ENUMERATOR, Role.EDITOR])
def test_only_analysts_export_microdata(db, staff_client, role):
    make_flows_form()
    client, _user = staff_client(role)
    response = _microdata(client, columns=["age"], quasi_identifiers=["age"], k=5)
    assert response.status_code == 403
    assert not AuditEntry.objects.filter(action__startswith="surveys.microdata").exists()


def test_labels_cannot_become_spreadsheet_formulas():
    from rehber.surveys.analysis.exports import csv_bytes

    body = csv_bytes(["a", "b"], [["=HYPERLINK(1)", "+1"], ["-2", "plain"]]).decode("utf-8-sig")
    assert body.splitlines() == ["a,b", "'=HYPERLINK(1),'+1", "'-2,plain"]


def test_csv_numbers_equal_the_estimation_package_to_the_last_digit(db, analyst):
    from rehber.surveys.estimation import estimate_proportions, survey_design

    version = make_flows_form()
    answers = flows_answers(160, seed=3)
    add_submissions(version, answers)
    design = {"weight": "weight", "strata": "stratum", "cluster": "site"}
    rows = _csv(_export(analyst, "csv", k=3, **design))
    expected = estimate_proportions(
        survey_design(
            n_rows=len(answers),
            weights=[a["weight"] for a in answers],
            strata=[a["stratum"] for a in answers],
            clusters=[a["site"] for a in answers],
        ),
        [a["destination"] for a in answers],
        by=[a["nationality"] for a in answers],
    )
    shown = {(r["group"], r["category"]): r for r in rows}
    compared = 0
    for row in expected.rows:
        cell = shown[(row.group, row.category)]
        if cell["suppressed"]:
            continue
        for key in ("estimate", "se", "ci_low", "ci_high"):
            assert float(cell[key]) == getattr(row, key), (row, key)
        assert int(cell["n"]) == row.n and int(cell["df"]) == row.df
        compared += 1
    assert compared >= 6
