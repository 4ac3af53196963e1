"""The services directory in a real browser (fixtures in rehber/tests/conftest.py)."""

import pytest

from rehber.directory.tests.factories import NEVER_OPEN, make_service

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]


def test_arabic_reader_finds_an_open_service_for_their_status_on_a_phone(phone, live_server):
    """Open all day every day, so "now" needs no control; the closed one never opens."""
    fits = make_service(
        names={"ar": "مركز الأمل القانوني", "en": "Hope legal centre"},
        legal_statuses=["temporary_protection"],
        phone="157",
    )
    make_service(
        names={"ar": "مكتب مغلق", "en": "Closed office"},
        legal_statuses=["temporary_protection"],
        weekly_hours=NEVER_OPEN,
    )
    make_service(
        names={"ar": "مركز للمقيمين", "en": "Residents centre"},
        legal_statuses=["residence_permit"],
    )
    phone.goto(f"{live_server.url}/ar/my-situation/")
    phone.locator("input[value=temporary_protection]").check()
    phone.locator("main form button[type=submit]").first.click()
    phone.wait_for_load_state()

    phone.goto(f"{live_server.url}/ar/services/")
    assert phone.locator("html").get_attribute("dir") == "rtl"
    phone.locator("input[name=open_now]").check()
    phone.locator("input[name=for_me]").check()
    phone.locator("form.filters button[type=submit]").first.click()
    phone.wait_for_url("**/ar/services/?*")

    results = phone.locator(".service-list > li")
    assert results.count() == 1
    link = results.first.locator("a")
    assert link.inner_text() == "مركز الأمل القانوني"
    assert link.get_attribute("lang") == "ar" and link.get_attribute("dir") == "rtl"
    assert results.first.locator(".badge").first.inner_text() == "مفتوح الآن"
    # The page fits the phone: no sideways scrolling.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360

    link.click()
    phone.wait_for_url(f"**/ar/services/{fits.pk}/")
    assert phone.locator("a[href='tel:157']").is_visible()
    assert phone.locator("h1").inner_text() == "مركز الأمل القانوني"


@pytest.mark.parametrize(
    "path", ["/ar/services/", "/fa/services/{pk}/", "/tr/services/{pk}/feedback/"]
)
def test_directory_pages_have_no_serious_accessibility_problem(
    browser, live_server, axe_source, path
):
    service = make_service(names={"ar": "مركز", "en": "Centre"}, phone="157")
    context = browser.new_context(bypass_csp=True, viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(live_server.url + path.format(pk=service.pk))
    page.add_script_tag(content=axe_source)
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    serious = [
        (violation["id"], violation["help"], [node["target"] for node in violation["nodes"]])
        for violation in result["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]
    assert serious == []
    context.close()
