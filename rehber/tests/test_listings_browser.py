"""A poster publishes and a seeker finds the listing, on a phone, without JavaScript."""

import pytest

from rehber.accounts.tests.factories import PASSWORD, UserFactory
from rehber.listings import services

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]

PHONE = {"viewport": {"width": 360, "height": 740}, "device_scale_factor": 2}


def test_poster_publishes_and_seeker_finds_it_on_a_phone(browser, live_server):
    poster = UserFactory(email="association@example.org")
    services.poster_verify(
        user=poster, kind="organization", organization_name="Umut Derneği", actor=None
    )
    context = browser.new_context(java_script_enabled=False, **PHONE)
    page = context.new_page()
    page.goto(f"{live_server.url}/tr/listings/new/?kind=housing")
    assert "/tr/account/sign-in/" in page.url
    page.locator("input[name=username]").fill(poster.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/tr/listings/new/?kind=housing")

    page.locator("select[name=language]").select_option("tr")
    page.locator("input[name=title]").fill("Gaziantep Şahinbey'de eşyalı iki oda")
    page.locator("textarea[name=description]").fill(
        "Tramvaya yakın, temiz ve sıcak bir daire.\nBeni 0532 123 45 67 numarasından arayın."
    )
    page.locator("select[name=province]").select_option(label="Gaziantep")
    page.locator("input[name=monthly_rent]").fill("9500")
    page.locator("input[name=rooms]").fill("2")
    page.locator("input[name=furnished]").check()
    page.locator("button[value=preview]").click()
    # The preview hides the number and now offers the province's districts.
    preview = page.locator(".preview")
    assert "☎ ···" in preview.inner_text() and "0532" not in preview.inner_text()
    page.locator("select[name=district]").select_option(label="Şahinbey")
    page.locator("button[value=publish]").click()
    page.wait_for_url("**/tr/listings/mine/")
    assert "Gaziantep Şahinbey'de eşyalı iki oda" in page.locator("main").inner_text()
    context.close()

    seeker = browser.new_context(java_script_enabled=False, **PHONE)
    page = seeker.new_page()
    page.goto(f"{live_server.url}/ar/listings/")
    page.locator("main input[name=q]").fill("esyali oda")
    page.locator("main select[name=kind]").select_option("housing")
    page.locator("main form button[type=submit]").click()
    link = page.get_by_role("link", name="Gaziantep Şahinbey'de eşyalı iki oda")
    assert link.is_visible()
    link.click()
    article = page.locator("article.listing")
    assert article.get_attribute("lang") == "tr" and article.get_attribute("dir") == "ltr"
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert "0532" not in page.content()
    # Nothing is wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    seeker.close()


@pytest.mark.parametrize("path", ["/ar/listings/", "/fa/listings/{pk}/", "/en/listings/new/"])
def test_listing_pages_have_no_serious_accessibility_problem(
    browser,
    live_server,
    axe_source,
    path,
):
    from rehber.listings.tests.factories import ListingFactory

    listing = ListingFactory(language="ar", title="شقة غرفتين")
    context = browser.new_context(bypass_csp=True, **PHONE)
    page = context.new_page()
    response = page.goto(f"{live_server.url}{path.format(pk=listing.pk)}")
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
