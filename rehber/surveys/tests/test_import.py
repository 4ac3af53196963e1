import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from rehber.surveys import services
from rehber.surveys.demo import demo_export_csv, demo_surveys_load
from rehber.surveys.models import Source, Submission
from rehber.surveys.tests.factories import fms_answers, fms_load

pytestmark = pytest.mark.django_db


def _csv(rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def _kobo_row(n, **overrides) -> dict:
    answers = fms_answers(**overrides)
    row = {"_uuid": f"kobo-{n}"}
    for name, value in answers.items():
        key = f"journey/{name}" if name in ("reasons", "registration") else name
        row[key] = " ".join(value) if isinstance(value, list) else value
    return row


def test_a_kobo_csv_with_group_prefixes_is_imported():
    version = fms_load()
    report = services.submissions_import(
        version=version,
        data=_csv([_kobo_row(1), _kobo_row(2, self_forced_work="yes")]),
        filename="kobo.csv",
        actor=None,
    )
    assert report.problems == [] and report.created == 2
    second = Submission.objects.get(instance_id="kobo-2")
    assert second.source == Source.IMPORT
    assert second.answers["reasons"] == ["economic", "conflict"]
    assert second.indicators == {"ht_any": 1, "ht_family_any": 0, "ht_family_only": 0}


def test_one_bad_row_saves_nothing_and_the_report_names_row_column_and_reason():
    version = fms_load()
    rows = [_kobo_row(1), _kobo_row(2, age="old"), _kobo_row(3, sex="x")]
    with translation.override("en"):
        report = services.submissions_import(
            version=version, data=_csv(rows), filename="kobo.csv", actor=None
        )
    assert Submission.objects.count() == 0
    assert report.created == 0
    assert [(p["row"], p["column"]) for p in report.problems] == [(3, "age"), (4, "sex")]
    assert "whole number" in report.problems[0]["message"]
    assert "“x”" in report.problems[1]["message"]


def test_an_odk_central_xlsx_with_zero_one_columns_is_imported():
    version = fms_load()
    answers = fms_answers()
    book = Workbook()
    sheet = book.active
    header = ["KEY", "meta-instanceID"]
    values = ["uuid:central-1", "uuid:central-1"]
    for name, value in answers.items():
        if name == "reasons":
            for choice in ("conflict", "economic", "family"):
                header.append(f"journey-reasons/{choice}")
                values.append(1 if choice in value else 0)
        elif isinstance(value, list):
            header.append(f"journey-{name}")
            values.append(" ".join(value))
        else:
            header.append(f"journey-{name}")
            values.append(int(value) if name == "age" else value)
    sheet.append(header)
    sheet.append(values)
    out = io.BytesIO()
    book.save(out)
    report = services.submissions_import(
        version=version, data=out.getvalue(), filename="central.xlsx", actor=None
    )
    assert report.problems == []
    stored = Submission.objects.get()
    assert stored.instance_id == "uuid:central-1"
    assert sorted(stored.answers["reasons"]) == ["conflict", "economic"]


def test_an_instance_id_already_stored_is_a_rejected_row():
    version = fms_load()
    services.submissions_import(
        version=version, data=_csv([_kobo_row(1)]), filename="a.csv", actor=None
    )
    report = services.submissions_import(
        version=version, data=_csv([_kobo_row(2), _kobo_row(1)]), filename="a.csv", actor=None
    )
    assert [p["row"] for p in report.problems] == [3]
    assert Submission.objects.count() == 1


def test_the_import_page_shows_the_report_in_the_analysts_language(staff_client):
    fms_load()
    client, _user = staff_client("analyst")
    with translation.override("tr"):
        url = reverse("surveys:staff_import", kwargs={"form_id": "fms_turkey"})
    data = _csv([_kobo_row(1, age="yaşlı")])
    response = client.post(url, {"file": SimpleUploadedFile("k.csv", data)})
    assert response.status_code == 200
    body = response.content.decode()
    assert "<td>2</td>" in body and "age" in body
    assert Submission.objects.count() == 0


def test_demo_data_is_deterministic_and_loads_300_valid_submissions():
    assert demo_export_csv() == demo_export_csv()
    version = demo_surveys_load()
    assert version.submissions.count() == 300
    demo_surveys_load()
    assert Submission.objects.count() == 300
    assert Submission.objects.filter(indicators__ht_any=1).exists()


def test_a_file_without_an_id_column_is_refused_once_not_per_row():
    version = fms_load()
    rows = [{k: v for k, v in _kobo_row(n).items() if k != "_uuid"} for n in (1, 2, 3)]
    report = services.submissions_import(
        version=version, data=_csv(rows), filename="kobo.csv", actor=None
    )
    assert [(p["row"], p["column"]) for p in report.problems] == [(1, "")]
    assert Submission.objects.count() == 0


def test_a_broken_file_is_a_clear_error_not_a_crash(staff_client):
    fms_load()
    client, _user = staff_client("analyst")
    with translation.override("en"):
        url = reverse("surveys:staff_import", kwargs={"form_id": "fms_turkey"})
        response = client.post(url, {"file": SimpleUploadedFile("k.xlsx", b"PK broken")})
    assert response.status_code == 200
    assert "could not be read" in response.content.decode()


def test_a_csv_that_breaks_while_reading_rows_is_a_clear_error():
    from django.core.exceptions import ValidationError

    version = fms_load()
    data = b"_uuid,age\n" + b'"' + b"a" * 200_000 + b'",1\n'  # longer than csv allows
    with translation.override("en"), pytest.raises(ValidationError, match="could not be read"):
        services.submissions_import(version=version, data=data, filename="k.csv", actor=None)
