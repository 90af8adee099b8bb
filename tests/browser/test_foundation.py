"""A visitor reads the German home page, switches to English, and a professional logs in."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_home_language_switch_and_login(page, demo_site, assert_accessible, login):
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "de"
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Qualifizierung für die Straffälligenhilfe"
    )
    for legal in ("Impressum", "Datenschutzerklärung", "Erklärung zur Barrierefreiheit"):
        assert page.get_by_role("contentinfo").get_by_role("link", name=legal).is_visible()
    assert_accessible(page)

    # The skip link is the first thing the keyboard reaches, and it leads to the main content.
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Zum Inhalt springen")
    assert skip.evaluate("el => el === document.activeElement")

    page.get_by_role("navigation", name="Sprache").get_by_role("link", name="English").click()
    page.wait_for_url("**/en/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text() == "Training for offender aid"
    assert_accessible(page)

    page.goto("/")
    login("fachkraft@example.org")
    assert "/mein-bereich/" in page.url
    assert page.get_by_role("heading", level=1).inner_text().startswith("Willkommen")
    assert_accessible(page)


def test_login_page_is_accessible_and_rejects_wrong_password(page, demo_site, assert_accessible):
    page.goto("/konto/login/")
    assert_accessible(page)
    page.get_by_role("textbox", name="E-Mail").fill("fachkraft@example.org")
    # Tab goes from the address to the password, then to the button (not to the reset link).
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "password"
    page.locator("input[name=password]").fill("falsch-falsch-falsch")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert "/konto/login/" in page.url
    assert page.get_by_role("alert").is_visible()
    assert_accessible(page)
