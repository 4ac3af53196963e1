"""Publishing: the public sees only the suppressed snapshot, never a submission."""

import pytest
from django.urls import reverse
from django.utils import translation

from rehber.accounts.roles import Role
from rehber.core.models import AuditEntry
from rehber.surveys.analysis.services import published_table_withdraw
from rehber.surveys.models import PublishedTable
from rehber.surveys.tests.analysis_factories import add_submissions, flows_answers, make_flows_form


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def analyst(staff_client):
    client, _user = staff_client(Role.ANALYST)
    return client


@pytest.fixture
def flows(db):
    version = make_flows_form()
    base = flows_answers(1)[0]
    people = (
        [("syria", "turkey")] * 20
        + [("syria", "germany")] * 8
        + [("iran", "turkey")] * 9
        + [("iran", "germany")] * 7
        + [("iran", "other")] * 2
    )
    answers = [
        {**base, "nationality": n, "destination": d, "notes": f"secret-{i}"}
        for i, (n, d) in enumerate(people)
    ]
    add_submissions(version, answers)
    return version


def _publish(client, **extra):
    data = {"variable": "destination", "by": "nationality", "title_en": "Where people go"}
    data.update(extra)
    return client.post(reverse("surveys:analysis_publish", kwargs={"form_id": "flows"}), data)


def test_publishing_stores_the_suppressed_snapshot_and_audits(flows, analyst):
    response = _publish(analyst)
    table = PublishedTable.objects.get()
    assert response.status_code == 302
    assert response["Location"] == table.get_absolute_url()
    assert table.k == 5
    assert table.titles["en"] == "Where people go"
    assert table.titles["ar"]  # made from the labels
    cells = {(c["group"], c["category"]): c for c in table.snapshot["cells"]}
    assert cells[("iran", "other")]["n"] is None
    assert cells[("iran", "other")]["estimate"] is None
    assert cells[("iran", "other")]["suppressed"] == "primary"
    assert cells[("syria", "turkey")]["n"] == 20
    assert AuditEntry.objects.filter(action="surveys.table_publish").count() == 1


def test_public_page_shows_only_the_snapshot(flows, analyst, client):
    _publish(analyst)
    table = PublishedTable.objects.get()
    add_submissions(flows, [{**flows_answers(1)[0], "destination": "other"}] * 30)
    client.logout()
    response = client.get(reverse("surveys:public_detail", kwargs={"pk": table.pk}))
    content = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Where people go</h1>" in content
    assert "n = 20" in content  # the snapshot, not the 30 new submissions
    assert "hidden (small cell)" in content
    assert "secret-" not in content  # no microdata
    assert "Not representative." in content
    assert "Taylor linearisation" in content
    assert "<svg" in content and "<script" not in content


def test_public_pages_mirror_in_arabic_and_use_arabic_labels(flows, analyst, client):
    _publish(analyst)
    table = PublishedTable.objects.get()
    with translation.override("ar"):
        response = client.get(table.get_absolute_url())
    content = response.content.decode()
    assert 'dir="rtl"' in content
    assert 'direction="rtl"' in content
    assert "سوريا" in content and "تركيا" in content


def test_weighted_publication_has_no_not_representative_note(flows, analyst, client):
    _publish(analyst, weight="weight", strata="stratum", cluster="site")
    table = PublishedTable.objects.get()
    content = client.get(table.get_absolute_url()).content.decode()
    assert "Not representative." not in content
    assert "Sampling weight" in content  # the weight is named in the method note


def test_k_below_three_cannot_be_published(flows, analyst):
    response = _publish(analyst, k=2)
    assert response.status_code == 302
    assert not PublishedTable.objects.exists()


def test_a_larger_k_is_kept_with_the_publication(flows, analyst, client):
    _publish(analyst, k=10)
    table = PublishedTable.objects.get()
    cells = {(c["group"], c["category"]): c for c in table.snapshot["cells"]}
    assert cells[("iran", "turkey")]["suppressed"]  # 9 < 10
    assert "fewer than 10 people" in client.get(table.get_absolute_url()).content.decode()


def test_unpublishing_takes_the_table_off_the_public_pages(flows, analyst, client):
    _publish(analyst)
    table = PublishedTable.objects.get()
    listing = client.get(reverse("surveys:public_list")).content.decode()
    assert table.get_absolute_url() in listing
    assert "not representative" in listing  # no weights
    response = analyst.post(reverse("surveys:published_withdraw", kwargs={"pk": table.pk}))
    assert response.status_code == 302
    client.logout()
    assert client.get(table.get_absolute_url()).status_code == 404
    assert (
        table.get_absolute_url() not in client.get(reverse("surveys:public_list")).content.decode()
    )
    assert AuditEntry.objects.filter(action="surveys.table_withdraw").count() == 1


def test_public_pages_are_small(flows, analyst, client):
    _publish(analyst, month="survey_date")
    table = PublishedTable.objects.get()
    response = client.get(table.get_absolute_url())
    assert len(response.content) < 30_000
    assert "By month" in response.content.decode()


def test_home_page_links_to_the_statistics(db, client):
    content = client.get(reverse("core:home")).content.decode()
    assert reverse("surveys:public_list") in content


def test_demo_publications_load_once_and_show_on_the_public_list(db, client):
    from rehber.surveys.analysis.demo import demo_published_tables_load
    from rehber.surveys.demo import demo_surveys_load

    demo_surveys_load()
    tables = demo_published_tables_load()
    assert len(tables) == 3
    assert demo_published_tables_load() == []
    weighted = tables[0]
    assert weighted.snapshot["representative"] is True
    assert weighted.states == ["approved", "received"]
    assert tables[2].snapshot["series"]["cells"]
    listing = client.get(reverse("surveys:public_list")).content.decode()
    for table in tables:
        assert table.get_absolute_url() in listing
    content = client.get(weighted.get_absolute_url()).content.decode()
    assert "Approved submissions and submissions not reviewed yet." in content
    assert "Not representative." not in content


def test_the_api_gives_published_snapshots_only(flows, analyst, client):
    _publish(analyst)
    table = PublishedTable.objects.get()
    client.logout()
    listing = client.get("/api/v1/surveys/published", {"lang": "ar"}).json()
    assert listing["results"][0]["id"] == table.pk
    assert listing["results"][0]["title"] == table.titles["ar"]
    body = client.get(f"/api/v1/surveys/published/{table.pk}", {"lang": "ar"}).json()
    assert body["k"] == 5 and body["representative"] is False
    assert body["variable_label"] == "الوجهة المقصودة"
    cells = {(c["group"], c["category"]): c for c in body["rows"]}
    assert cells[("iran", "other")]["n"] is None
    assert cells[("iran", "other")]["estimate"] is None
    assert cells[("iran", "other")]["suppressed"] == "primary"
    assert cells[("syria", "turkey")]["n"] == 20
    assert cells[("syria", "turkey")]["category_label"] == "تركيا"
    assert "secret-" not in str(body)
    assert client.get("/api/v1/surveys/published/999999").status_code == 404
    assert client.get("/api/v1/surveys/published/abc").status_code == 422
    assert client.get("/api/v1/surveys/published", {"lang": "../x"}).status_code == 422
    published_table_withdraw(table=table, actor=None)
    assert client.get(f"/api/v1/surveys/published/{table.pk}").status_code == 404


def test_an_empty_table_is_not_published(db, analyst):
    version = make_flows_form()
    add_submissions(version, flows_answers(5), state="received")
    response = _publish(analyst)
    assert response.status_code == 302
    assert not PublishedTable.objects.exists()
