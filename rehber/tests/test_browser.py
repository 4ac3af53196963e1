"""What a person does in a real browser (Debian's Chromium through Playwright)."""

import re

import pytest
from django.core import mail
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from rehber.accounts.tests.factories import PASSWORD, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]

UI_LANGUAGES = ["ar", "tr", "en", "fa"]


def test_arabic_home_page_is_right_to_left_and_readable_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(f"{live_server.url}/ar/")
    html = page.locator("html")
    assert html.get_attribute("lang") == "ar"
    assert html.get_attribute("dir") == "rtl"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    heading = page.locator("h1")
    assert heading.is_visible()
    assert "تركيا" in heading.inner_text()
    # Right to left: the site name sits at the right edge of the header.
    brand = page.locator(".brand").bounding_box()
    assert brand["x"] + brand["width"] > 360 * 0.6
    # The stylesheet loaded (hashed name, served from the collected files).
    assert (
        page.evaluate("getComputedStyle(document.querySelector('.site-header')).display") == "flex"
    )
    context.close()


def test_language_switch_keeps_the_page(phone, live_server):
    phone.goto(f"{live_server.url}/en/my-situation/")
    phone.get_by_role("link", name="Türkçe").click()
    phone.wait_for_url("**/tr/my-situation/")
    assert phone.locator("html").get_attribute("lang") == "tr"
    phone.get_by_role("link", name="فارسی").click()
    phone.wait_for_url("**/fa/my-situation/")
    assert phone.locator("html").get_attribute("dir") == "rtl"


@pytest.mark.parametrize("language", UI_LANGUAGES)
def test_home_page_has_no_serious_accessibility_problem(browser, live_server, axe_source, language):
    context = browser.new_context(bypass_csp=True, viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(f"{live_server.url}/{language}/")
    page.add_script_tag(content=axe_source)
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    serious = [
        (violation["id"], violation["help"], [node["target"] for node in violation["nodes"]])
        for violation in result["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]
    assert serious == []
    context.close()


def test_visitor_tells_their_situation_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(f"{live_server.url}/fa/my-situation/")
    page.locator("input[value=protection_applicant]").check()
    page.locator("select[name=province]").select_option("34")
    page.locator("main form button[type=submit]").first.click()
    page.goto(f"{live_server.url}/fa/")
    assert "استانبول" in page.locator("main").inner_text()
    context.close()


def test_staff_member_signs_in_with_a_second_factor(phone, live_server, make_staff):
    user = make_staff("moderator")
    phone.goto(f"{live_server.url}/en/staff/")
    assert "/en/account/sign-in/" in phone.url
    phone.get_by_label("E-mail address").fill(user.email)
    phone.get_by_label("Password").fill(PASSWORD)
    phone.get_by_role("button", name="Sign in").click()
    phone.wait_for_url("**/sign-in/authenticator/**")
    assert phone.get_by_role("img", name="QR code for your authenticator app").is_visible()

    device = TOTPDevice.objects.get(user=user, confirmed=False)
    code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    phone.get_by_label("6-digit code from your authenticator app").fill(f"{code:06d}")
    phone.get_by_role("button", name="Finish setup").click()
    phone.wait_for_url("**/en/staff/")
    assert phone.get_by_role("heading", name="Staff", exact=True).is_visible()


def test_a_saved_guide_opens_without_a_connection(browser, live_server):
    from rehber.guides.tests.factories import make_guide

    make_guide("work-permit", languages=("en", "ar"))
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    url = f"{live_server.url}/ar/guides/work-permit/"
    page.goto(url)
    assert page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    button = page.locator("[data-save-offline] button")
    button.click()
    page.wait_for_selector("[data-save-offline] button:disabled")

    context.set_offline(True)
    page.goto(url)
    assert page.locator("h1").inner_text() == "work-permit in ar"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    page.goto(f"{live_server.url}/ar/guides/saved/")
    page.wait_for_selector("[data-saved-list] a")
    assert page.locator("[data-saved-list] a").inner_text() == "work-permit in ar"
    context.close()


@pytest.mark.parametrize(
    "path",
    [
        "/ar/guides/",
        "/ar/guides/work-permit/",
        "/fa/laws/law-6458/",
        "/tr/search/?q=calisma+izni",
        "/fa/my-situation/",
    ],
)
def test_guide_law_and_search_pages_have_no_serious_accessibility_problem(
    browser, live_server, axe_source, path
):
    from rehber.core.search.services import search_reindex
    from rehber.guides.tests.factories import make_guide, make_law_article

    make_guide("work-permit", languages=("en", "ar", "tr"))
    make_law_article("law-6458", "35")
    search_reindex()
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


def _serious_accessibility_problems(page, axe_source) -> list:
    page.add_script_tag(content=axe_source)
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        (violation["id"], [node["target"] for node in violation["nodes"]])
        for violation in result["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]


def test_a_poster_who_forgot_their_password_chooses_a_new_one_without_javascript(
    browser, live_server, axe_source
):
    user = UserFactory(email="rana@example.org", preferred_language="ar")
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(f"{live_server.url}/ar/account/sign-in/")
    page.get_by_role("link", name="نسيت كلمة المرور؟").click()
    page.wait_for_url("**/ar/account/password-reset/")
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    page.get_by_label("البريد الإلكتروني").fill("rana@example.org")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/ar/account/password-reset/sent/")

    [message] = mail.outbox
    page.goto(re.search(r"http://\S+", message.body).group(0))
    page.wait_for_url("**/set-password/")
    page.get_by_label("كلمة المرور الجديدة", exact=True).fill("seven green lemons on the balcony")
    page.get_by_label("كلمة المرور الجديدة مرة أخرى").fill("seven green lemons on the balcony")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/ar/account/password-reset/done/")
    user.refresh_from_db()
    assert user.check_password("seven green lemons on the balcony")
    context.close()

    context = browser.new_context(bypass_csp=True, viewport={"width": 360, "height": 740})
    page = context.new_page()
    for path in ("/ar/account/password-reset/", "/fa/account/password-reset/MQ/garbled/"):
        assert page.goto(f"{live_server.url}{path}").status == 200
        assert _serious_accessibility_problems(page, axe_source) == [], path
    context.close()
