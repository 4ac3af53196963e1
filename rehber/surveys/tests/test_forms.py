import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from rehber.core.models import AuditEntry
from rehber.surveys import selectors, services
from rehber.surveys.fms import fms_source, xlsform_build
from rehber.surveys.models import Choice, FormVersion, Question
from rehber.surveys.tests.factories import fms_load, xlsx
from rehber.surveys.xlsform import XLSFormError, xlsform_convert

pytestmark = pytest.mark.django_db


def test_fms_source_round_trips_through_pyxform_with_four_languages():
    version = services.form_version_upload(
        data=xlsform_build(fms_source()), filename="fms.xlsx", actor=None
    )
    assert version.form.form_id == "fms_turkey"
    assert version.version == "2026.11.1"
    assert "<h:html" in version.xform and '/self_exp/self_held"' in version.xform
    reasons = Question.objects.get(version=version, name="reasons")
    assert reasons.type == "select_multiple"
    assert reasons.path == "journey/reasons"
    assert reasons.list_name == "reason"
    assert reasons.relevance == "${consent} = 'yes'"
    assert reasons.required
    assert set(reasons.labels) == {"en", "ar", "tr", "fa"}
    assert reasons.labels["ar"].startswith("لماذا")
    refused = Choice.objects.get(version=version, list_name="yes_no_dk", value="refused")
    assert refused.labels["tr"] == "Cevap vermek istemiyor"
    for question in Question.objects.filter(version=version):
        assert all(question.labels.get(code) for code in ("en", "ar", "tr", "fa")), question.name
    for choice in Choice.objects.filter(version=version):
        assert all(choice.labels.get(code) for code in ("en", "ar", "tr", "fa")), choice.value
    assert AuditEntry.objects.filter(action="surveys.form_version_upload").count() == 1


def test_every_proxy_list_offers_dont_know_and_refused():
    source = fms_source()
    values = {c["value"] for c in source["choices"]["yes_no_dk"]}
    assert {"dont_know", "refused"} <= values
    proxies = [
        q
        for q in source["survey"]
        if q.get("name", "").startswith(("self_", "fam_")) and q["type"] != "begin group"
    ]
    assert len(proxies) == 10
    assert all(q["type"] == "select_one yes_no_dk" for q in proxies)


def test_the_command_writes_the_xlsx(tmp_path):
    out = tmp_path / "fms.xlsx"
    call_command("survey_fms_xlsform", "--out", str(out))
    assert xlsform_convert(out.read_bytes()).form_id == "fms_turkey"


def test_a_new_version_string_makes_a_new_version_and_the_same_is_refused():
    source = fms_source()
    services.form_version_upload(data=xlsform_build(source), filename="a.xlsx", actor=None)
    with pytest.raises(ValidationError, match="already stored"):
        services.form_version_upload(data=xlsform_build(source), filename="a.xlsx", actor=None)
    source["settings"]["version"] = "2026.12.1"
    newer = services.form_version_upload(data=xlsform_build(source), filename="b.xlsx", actor=None)
    assert newer.form.versions.count() == 2
    assert newer.form.current_version == newer


def test_current_versions_gives_the_newest_version_of_each_form_in_one_query(
    django_assert_num_queries,
):
    source = fms_source()
    services.form_version_upload(data=xlsform_build(source), filename="a.xlsx", actor=None)
    source["settings"]["version"] = "2026.12.1"
    newer = services.form_version_upload(data=xlsform_build(source), filename="b.xlsx", actor=None)
    with django_assert_num_queries(1):
        versions = selectors.current_versions()
        assert [v.form.form_id for v in versions] == [newer.form.form_id]
    assert versions == [newer.form.current_version]


def test_a_question_without_label_is_explained():
    data = xlsx(
        [["type", "name", "label"], ["text", "a", ""]],
        settings_rows=[["form_id", "version"], ["t", "1"]],
    )
    with translation.override("en"), pytest.raises(ValidationError, match="needs a label"):
        services.form_version_upload(data=data, filename="bad.xlsx", actor=None)


def test_a_bad_xlsform_is_explained_in_the_analysts_language():
    data = xlsx(
        [["type", "name", "label"], ["selec_one x", "a", "A"]],
        settings_rows=[["form_id", "version"], ["t", "1"]],
    )
    with translation.override("tr"), pytest.raises(ValidationError) as caught:
        services.form_version_upload(data=data, filename="bad.xlsx", actor=None)
    message = caught.value.messages[0]
    assert "selec_one x" in message
    assert message != "Unknown question type 'selec_one x'."
    assert FormVersion.objects.count() == 0


def test_an_unknown_pyxform_error_keeps_pyxforms_message_with_a_lead():
    data = xlsx(
        [["type", "name", "label"], ["text", "a", "A"]],
        settings_rows=[["form_id", "version", "default_language"], ["t", "1", "x (xx)"]],
    )
    error = XLSFormError(code="other", detail="Something odd.", row=4)
    message = services.xlsform_error_message(error)
    assert "Something odd." in message and "4" in message
    assert data  # a valid file still converts
    assert services.form_version_upload(data=data, filename="ok.xlsx", actor=None)


def test_pyxform_warnings_are_kept_and_shown(staff_client):
    data = xlsx(
        [["type", "name", "label::English", "label::Kurdish"], ["text", "a", "A", "B"]],
        settings_rows=[["form_id", "version"], ["warned", "1"]],
    )
    client, _user = staff_client("analyst")
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        reverse("surveys:staff_forms"), {"file": SimpleUploadedFile("w.xlsx", data)}
    )
    assert response.status_code == 302
    version = FormVersion.objects.get(form__form_id="warned")
    assert version.warnings
    page = client.get(reverse("surveys:staff_form", kwargs={"form_id": "warned"}))
    for warning in version.warnings:
        assert warning in page.content.decode()


def test_upload_page_refuses_a_file_that_is_not_xlsx_and_says_why(staff_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client, _user = staff_client("analyst")
    with translation.override("en"):
        response = client.post(
            reverse("surveys:staff_forms"), {"file": SimpleUploadedFile("x.xlsx", b"not a zip")}
        )
    assert response.status_code == 200
    assert "not an Excel workbook" in response.content.decode()


def test_form_detail_lists_questions_in_the_page_language(staff_client):
    fms_load()
    client, _user = staff_client("analyst")
    with translation.override("fa"):
        url = reverse("surveys:staff_form", kwargs={"form_id": "fms_turkey"})
    response = client.get(url)
    assert "ملیت شما چیست؟" in response.content.decode()


def test_the_load_command_is_idempotent_and_loads_the_indicators():
    call_command("survey_fms_load")
    call_command("survey_fms_load")
    version = FormVersion.objects.get()
    names = list(version.form.indicators.values_list("name", flat=True))
    assert names == ["ht_any", "ht_family_any", "ht_family_only"]


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Age", {"en": "Age"}),
        ({"English (en)": "Age", "Arabic (ar)": "العمر"}, {"en": "Age", "ar": "العمر"}),
        ({"default": "Age", "Turkish (tr)": "Yaş"}, {"en": "Age", "tr": "Yaş"}),
        ({"Kurdish": "Temen"}, {"kurdish": "Temen"}),
    ],
)
def test_labels_are_keyed_by_language_code(label, expected):
    from rehber.surveys.xlsform import labels_by_language

    assert labels_by_language(label, "en") == expected
