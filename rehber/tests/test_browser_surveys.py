"""An enumerator fills in the survey on a phone, with JavaScript off (Debian's Chromium)."""

import pytest
from django.conf import settings
from django.test import Client

from rehber.conftest import sign_in_verified
from rehber.surveys.models import Draft, Submission
from rehber.surveys.tests.factories import fms_load

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]


@pytest.fixture(params=[False], ids=["no-js"])
def enumerator_page(request, browser, live_server, make_staff):
    fms_load()
    user = make_staff("enumerator")
    client = Client()
    sign_in_verified(client, user)
    context = browser.new_context(
        java_script_enabled=request.param, bypass_csp=True, viewport={"width": 360, "height": 740}
    )
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
    yield page, user
    context.close()


def test_enumerator_saves_a_draft_and_submits_on_a_phone_without_javascript(
    enumerator_page,
    live_server,
):
    page, user = enumerator_page
    page.goto(f"{live_server.url}/ar/staff/surveys/entry/fms_turkey/")
    assert page.locator("form[dir=rtl]").count() == 1
    page.get_by_label("رمز الموقع أو المجموعة (من ورقة فريقك)").fill("VAN-03")
    page.get_by_label("كم عمرك؟ (بالسنوات)").fill("عشرون")
    page.locator("button[value=save]").click()
    assert Draft.objects.get(enumerator=user).answers["site_id"] == "VAN-03"
    page.locator("button[value=submit]").click()
    assert page.locator("#id-age").input_value() == "عشرون"
    assert page.locator("#age-errors").is_visible()
    assert Submission.objects.count() == 0
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360


@pytest.mark.parametrize("enumerator_page", [True], indirect=True, ids=["js"])
def test_entry_page_has_no_serious_accessibility_problem(
    enumerator_page,
    live_server,
    axe_source,
):
    page, _user = enumerator_page
    page.goto(f"{live_server.url}/fa/staff/surveys/entry/fms_turkey/")
    page.locator("button[value=submit]").click()
    page.add_script_tag(content=axe_source)
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    serious = [
        (violation["id"], [node["target"] for node in violation["nodes"]][:3])
        for violation in result["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]
    assert serious == []


@pytest.mark.parametrize("language", ["ar", "en"])
def test_analyst_pages_have_no_serious_accessibility_problem(
    browser, live_server, axe_source, make_staff, language
):
    from rehber.surveys.services import submission_store

    version = fms_load()
    submission = submission_store(
        version=version, instance_id="uuid:a11y", answers={"age": 30}, actor=None, source="web"
    )
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
    for path in (
        "staff/surveys/",
        "staff/surveys/fms_turkey/",
        "staff/surveys/fms_turkey/submissions/",
        "staff/surveys/fms_turkey/import/",
        f"staff/surveys/submissions/{submission.pk}/",
    ):
        page.goto(f"{live_server.url}/{language}/{path}")
        page.add_script_tag(content=axe_source)
        result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        serious = [
            (violation["id"], [node["target"] for node in violation["nodes"]][:3])
            for violation in result["violations"]
            if violation["impact"] in {"serious", "critical"}
        ]
        assert serious == [], path
    context.close()
