import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from rehber.core.models import AuditEntry
from rehber.surveys.models import Source, Submission
from rehber.surveys.tests.factories import basic_auth, fms_load, instance_xml

pytestmark = pytest.mark.django_db
PASSWORD = "a long enough password 42"


@pytest.fixture
def enumerator(make_staff):
    user = make_staff("enumerator")
    user.set_password(PASSWORD)
    user.save()
    return user


def _submit(client, user, data, password=PASSWORD):
    return client.post(
        reverse("openrosa:submission"),
        {"xml_submission_file": SimpleUploadedFile("submission.xml", data, "text/xml")},
        HTTP_X_OPENROSA_VERSION="1.0",
        **basic_auth(user.email, password),
    )


def test_urls_are_outside_the_language_prefix():
    assert reverse("openrosa:form_list") == "/openrosa/formList"
    assert reverse("openrosa:submission") == "/openrosa/submission"


def test_form_list_names_each_form_with_its_hash_and_download_url(client, enumerator):
    version = fms_load()
    response = client.get(reverse("openrosa:form_list"), **basic_auth(enumerator.email, PASSWORD))
    assert response.status_code == 200
    assert response["X-OpenRosa-Version"] == "1.0"
    body = response.content.decode()
    assert "<formID>fms_turkey</formID>" in body
    assert "<version>2026.11.1</version>" in body
    assert "<hash>md5:" in body
    assert "http://testserver/openrosa/forms/fms_turkey/form.xml" in body
    download = client.get(
        "/openrosa/forms/fms_turkey/form.xml", **basic_auth(enumerator.email, PASSWORD)
    )
    assert download.status_code == 200
    assert download.content.decode() == version.xform


def test_submission_is_stored_and_a_duplicate_instance_id_answers_409(client, enumerator):
    fms_load()
    data = instance_xml(instance_id="uuid:11111111-2222-3333-4444-555555555555", self_held="yes")
    response = _submit(client, enumerator, data)
    assert response.status_code == 201, response.content
    assert b"OpenRosaResponse" in response.content
    submission = Submission.objects.get()
    assert submission.source == Source.OPENROSA
    assert submission.submitted_by == enumerator
    assert submission.answers["reasons"] == ["economic", "conflict"]
    assert submission.answers["age"] == 24
    assert submission.indicators["ht_any"] == 1
    audit = AuditEntry.objects.get(action="surveys.submission_create")
    assert "afghanistan" not in str(audit.data)
    again = _submit(client, enumerator, data)
    assert again.status_code == 409
    assert Submission.objects.count() == 1


def test_head_on_submission_answers_204_with_the_size_limit(client, enumerator):
    response = client.head(reverse("openrosa:submission"), **basic_auth(enumerator.email, PASSWORD))
    assert response.status_code == 204
    assert int(response["X-OpenRosa-Accept-Content-Length"]) > 0


def test_without_credentials_the_client_is_asked_to_authenticate(client):
    for url in (reverse("openrosa:form_list"), reverse("openrosa:submission")):
        response = client.head(url) if url.endswith("submission") else client.get(url)
        assert response.status_code == 401
        assert response["WWW-Authenticate"].startswith("Basic")


def test_a_wrong_password_is_401(client, enumerator):
    fms_load()
    assert _submit(client, enumerator, instance_xml(), password="wrong").status_code == 401
    assert Submission.objects.count() == 0


def test_staff_without_the_enumerator_role_get_403(client, make_staff):
    user = make_staff("analyst")
    user.set_password(PASSWORD)
    user.save()
    fms_load()
    assert _submit(client, user, instance_xml()).status_code == 403
    assert (
        client.get(reverse("openrosa:form_list"), **basic_auth(user.email, PASSWORD)).status_code
        == 403
    )


@pytest.mark.parametrize(
    "data",
    [
        b"<data id='fms_turkey'><unclosed></data>",
        b"<!DOCTYPE x [<!ENTITY a 'b'>]><data/>",
        b"<data id='fms_turkey'><age>1</age></data>",
    ],
)
def test_bad_xml_is_400_with_a_message(client, enumerator, data):
    fms_load()
    response = _submit(client, enumerator, data)
    assert response.status_code == 400
    assert b"<message" in response.content


def test_an_answer_of_the_wrong_type_is_400(client, enumerator):
    fms_load()
    response = _submit(client, enumerator, instance_xml(age="twenty"))
    assert response.status_code == 400
    assert b"age" in response.content
    assert Submission.objects.count() == 0


def test_form_list_can_be_filtered_by_form_id(client, enumerator):
    fms_load()
    auth = basic_auth(enumerator.email, PASSWORD)
    assert b"fms_turkey" in client.get("/openrosa/formList?formID=fms_turkey", **auth).content
    assert b"fms_turkey" not in client.get("/openrosa/formList?formID=other", **auth).content
