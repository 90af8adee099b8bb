"""The public and logged-in pages on a phone (390 × 844) and on a desktop (1280 px): nothing wider
than the screen, a compact header whose menu opens by keyboard and without JavaScript, the
catalogue's results before its filters, and axe without violations."""

import pytest

from courses.models import ModulePage

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
PROFESSIONAL = "fachkraft@example.org"


@pytest.fixture
def full_demo(demo_site):
    """The demo with modules, offerings, participants and needs (the "In demand" table)."""
    from courses.demo import seed as seed_courses
    from needs_analysis.demo import seed as seed_needs

    seed_courses(log=lambda message: None)
    seed_needs(log=lambda message: None)


def module_url():
    return ModulePage.objects.live().filter(locale__language_code="de").first().url


def public_pages():
    return ["/", "/fortbildungen/", module_url(), "/konto/login/"]


LOGGED_IN_PAGES = ["/mein-bereich/", "/mein-bereich/fortbildungen/"]


def assert_fits(page, width):
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{page.url} is {scroll_width} px wide"


def assert_compact_header(page):
    header = page.locator("header.site-header").bounding_box()
    assert header["height"] <= 200, f"{page.url}: header {header['height']} px tall"
    assert page.locator(".site-menu").get_attribute("open") is None
    assert not page.get_by_role("navigation", name="Hauptnavigation").is_visible()


def test_phone_pages_fit_with_a_compact_header(page, full_demo, login, assert_accessible):
    page.set_viewport_size(PHONE)
    for url in public_pages():
        page.goto(url)
        assert_fits(page, PHONE["width"])
        assert_compact_header(page)
        assert_accessible(page)

    login(PROFESSIONAL)
    for url in LOGGED_IN_PAGES:
        page.goto(url)
        assert_fits(page, PHONE["width"])
        assert_compact_header(page)
        assert_accessible(page)


def test_phone_menu_opens_by_keyboard(page, full_demo, assert_accessible):
    page.set_viewport_size(PHONE)
    page.goto("/")
    toggle = page.locator(".site-menu__toggle")
    toggle.focus()
    assert toggle.evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    menu = page.get_by_role("navigation", name="Hauptnavigation")
    assert menu.is_visible()
    assert page.get_by_role("searchbox", name="Website durchsuchen").is_visible()
    account = page.get_by_role("navigation", name="Ihr Konto")
    assert account.get_by_role("link", name="Anmelden").is_visible()
    assert_fits(page, PHONE["width"])
    assert_accessible(page)

    # The next Tab goes into the open menu, whose first link leads to its page.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('.main-nav') !== null")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert page.locator(".site-menu").get_attribute("open") is None


def test_phone_menu_works_without_javascript(browser, live_server, full_demo):
    context = browser.new_context(
        base_url=live_server.url, locale="de-DE", viewport=PHONE, java_script_enabled=False
    )
    try:
        page = context.new_page()
        page.goto("/fortbildungen/")
        assert not page.get_by_role("navigation", name="Hauptnavigation").is_visible()
        page.locator(".site-menu__toggle").click()
        assert page.get_by_role("navigation", name="Hauptnavigation").is_visible()
        page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
            "link", name="Startseite"
        ).click()
        page.wait_for_load_state()
        assert page.get_by_role("heading", level=1).inner_text() == (
            "Qualifizierung für die Straffälligenhilfe"
        )

        # The catalogue's filters are closed and open with their "Filter" toggle.
        page.goto("/fortbildungen/")
        filters = page.locator("details.catalog__filters")
        assert filters.get_attribute("open") is None
        assert not page.locator("select[name=topic]").is_visible()
        filters.locator("summary").click()
        assert page.locator("select[name=topic]").is_visible()
    finally:
        context.close()


def test_phone_catalogue_shows_results_first(page, full_demo, assert_accessible):
    page.set_viewport_size(PHONE)
    page.goto("/fortbildungen/")
    first_result = page.locator(".module-card").first.bounding_box()
    assert first_result["y"] < PHONE["height"], "the first result is below the first screen"
    assert not page.locator("select[name=topic]").is_visible()

    # The filters stay usable: open them, filter, and the result list follows.
    page.locator("details.catalog__filters summary").click()
    page.locator("select[name=topic]").select_option("rechtsextremismus")
    page.locator(".catalog__filters button[type=submit]").click()
    page.wait_for_load_state()
    assert "topic=rechtsextremismus" in page.url
    assert page.locator("details.catalog__filters summary").inner_text().startswith("Filter (")
    assert page.locator(".module-card").first.bounding_box()["y"] < PHONE["height"]
    assert_fits(page, PHONE["width"])
    assert_accessible(page)


def test_desktop_pages_show_the_menu_and_pass_axe(page, full_demo, login, assert_accessible):
    page.set_viewport_size(DESKTOP)
    for url in public_pages():
        page.goto(url)
        assert page.get_by_role("navigation", name="Hauptnavigation").is_visible()
        assert not page.locator(".site-menu__toggle").is_visible()
        assert page.locator("select[name=topic]").count() == 0 or (
            page.locator("select[name=topic]").is_visible()
        )
        assert_fits(page, DESKTOP["width"])
        assert_accessible(page)

    login(PROFESSIONAL)
    for url in LOGGED_IN_PAGES:
        page.goto(url)
        assert page.get_by_role("navigation", name="Hauptnavigation").is_visible()
        assert_fits(page, DESKTOP["width"])
        assert_accessible(page)
