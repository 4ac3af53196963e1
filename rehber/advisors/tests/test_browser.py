"""A whole advisor run in a real browser with JavaScript off, in Arabic, on a phone."""

import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]


@pytest.mark.parametrize("advisor", ["bank-account", "residence-permit"])
def test_arabic_advisor_run_without_javascript_reaches_a_right_to_left_result(
    browser, live_server, advisor
):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(f"{live_server.url}/ar/advisors/")
    page.locator(f'a[href="/ar/advisors/{advisor}/"]').click()
    page.locator(f'a[href="/ar/advisors/{advisor}/questions/"]').click()
    for _step in range(40):
        if "/result/" in page.url:
            break
        assert "/questions/" in page.url
        assert page.locator("html").get_attribute("dir") == "rtl"
        assert page.locator(".progress").is_visible()
        radios = page.locator("form.question input[type=radio]")
        text = page.locator("form.question input[type=text]")
        date = page.locator("form.question input[type=date]")
        if radios.count():
            radios.first.check()
        elif text.count():
            text.fill("٣٠")  # Arabic-Indic digits, as a phone keyboard types them
        else:
            date.fill("2026-10-01")
        page.locator("form.question button[type=submit]").first.click()
        page.wait_for_load_state()
    assert "/result/" in page.url
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    assert page.locator("h1").inner_text() == "نتيجتك"
    assert page.locator("section.verdict").count() >= 1
    assert page.locator("section.verdict").first.get_attribute("dir") == "rtl"
    # The share box holds the address of this very page.
    assert page.locator("#share-url").input_value() == page.url
    # Change the first answer and come back to a result.
    page.locator("a.change-link").first.click()
    assert "/questions/" in page.url
    page.locator("form.question button[type=submit]").first.click()
    page.wait_for_load_state()
    context.close()


@pytest.mark.parametrize(
    "path",
    [
        "/ar/advisors/",
        "/fa/advisors/family-reunification/",
        "/ar/advisors/residence-permit/questions/?status=student",
        "/ar/advisors/residence-permit/questions/?status=student&purpose=stay_long_term&age=x",
        "/tr/advisors/turquoise-card/result/?category=qualified_labour&education=doctorate",
        "/ar/advisors/bank-account/result/?status=refugee&has_foreigner_id_99=yes",
    ],
)
def test_advisor_pages_have_no_serious_accessibility_problem(
    browser, live_server, axe_source, path
):
    context = browser.new_context(bypass_csp=True, viewport={"width": 360, "height": 740})
    page = context.new_page()
    response = page.goto(f"{live_server.url}{path}")
    assert response.status == 200
    page.add_script_tag(content=axe_source)
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    serious = [
        (violation["id"], [node["target"] for node in violation["nodes"]])
        for violation in result["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]
    assert serious == []
    context.close()
