"""Published survey statistics in a real browser: a phone, no JavaScript, right to left."""

import pytest
from django.conf import settings
from django.test import Client

from rehber.conftest import sign_in_verified
from rehber.surveys.analysis import data, services
from rehber.surveys.analysis.report import AnalysisSpec, default_titles, snapshot_build
from rehber.surveys.tests.analysis_factories import add_submissions, flows_answers, make_flows_form

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]


@pytest.fixture
def published():
    version = make_flows_form()
    add_submissions(version, flows_answers(150))
    spec = AnalysisSpec(
        variable="destination",
        by="nationality",
        weight="weight",
        strata="stratum",
        cluster="site",
        month="survey_date",
    )
    snapshot = snapshot_build(version.form, spec, data.form_variables(version.form))
    return services.published_table_create(
        form=version.form, spec=spec, snapshot=snapshot, titles=default_titles(snapshot), actor=None
    )


def test_published_table_on_a_phone_without_javascript_in_arabic(browser, live_server, published):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{live_server.url}/ar/surveys/{published.pk}/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    chart = page.locator("svg.chart").first
    assert chart.is_visible()
    assert chart.get_attribute("direction") == "rtl"
    # Bars grow from the right edge of the chart.
    box = chart.bounding_box()
    bar = page.locator("svg.chart rect.bar").first.bounding_box()
    assert abs((bar["x"] + bar["width"]) - (box["x"] + box["width"])) < 6
    assert bar["x"] > box["x"] + 6
    # Arabic labels from the questionnaire, numbers with n and the interval.
    text = page.locator("main").inner_text()
    assert "تركيا" in text and "n = " in text
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert len(requests) <= 6
    assert all(url.startswith(live_server.url) for url in requests)
    context.close()


@pytest.mark.parametrize("language", ["ar", "en", "fa"])
def test_published_table_has_no_serious_accessibility_problem(
    browser, live_server, axe_source, published, language
):
    context = browser.new_context(bypass_csp=True, viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(f"{live_server.url}/{language}/surveys/{published.pk}/")
    page.add_script_tag(content=axe_source)
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    serious = [
        (violation["id"], violation["help"], [node["target"] for node in violation["nodes"]][:3])
        for violation in result["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]
    assert serious == []
    context.close()


def test_statistics_list_is_linked_from_the_menu(phone, live_server, published):
    phone.goto(f"{live_server.url}/en/")
    phone.locator(".site-nav").get_by_role("link", name="Statistics").click()
    phone.get_by_role("link", name=published.titles["en"]).click()
    assert phone.locator("h1").inner_text() == published.titles["en"]


@pytest.mark.parametrize("language", ["ar", "en"])
def test_analysis_page_has_no_serious_accessibility_problem(
    browser, live_server, axe_source, published, make_staff, language
):
    client = Client()
    sign_in_verified(client, make_staff("analyst"))
    context = browser.new_context(bypass_csp=True, viewport={"width": 360, "height": 740})
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    page.goto(
        f"{live_server.url}/{language}/staff/surveys/flows/analysis/"
        "?variable=destination&by=nationality&month=_received"
    )
    assert page.locator("svg.chart").count() == 2
    page.add_script_tag(content=axe_source)
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    serious = [
        (violation["id"], violation["help"], [node["target"] for node in violation["nodes"]][:3])
        for violation in result["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]
    assert serious == []
    context.close()
