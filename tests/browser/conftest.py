"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Skipped with a reason where Chromium is missing, unless REQUIRE_BROWSER is set (CI), where a
missing browser is an error instead of a silent skip.
"""

import os
import shutil
import time

import pytest

# The live server runs in a thread next to Playwright's event loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    # Runs before -m deselects, so `-m "not browser"` leaves these out wherever they are.
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(f"REQUIRE_BROWSER is set but Chromium is missing at {CHROMIUM}")
        pytest.skip(f"Chromium not found at {CHROMIUM}: install Debian's chromium package")
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Django keeps its connections per context; Playwright's sync API switches to a context of
    # its own, so the tests after this point get fresh connection objects. The database content
    # that ``serialized_rollback`` restores after each browser test is kept on the connection
    # that set up the test database: hand it over, or the tests after the first one start
    # without the page tree whenever a non-browser test ran first.
    serialized = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    with sync_playwright() as playwright:
        for alias, contents in serialized.items():
            if not hasattr(connections[alias], "_test_serialized_contents"):
                connections[alias]._test_serialized_contents = contents
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="de-DE")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def demo_site(transactional_db):
    """The portal's demo (pages, organisations, accounts) and the catalogue page."""
    from courses.demo.catalog import seed_catalog
    from portal.demo import seed
    from portal.models import HomePage

    seed(log=lambda message: None)
    seed_catalog(HomePage.objects.get(locale__language_code="de"), lambda message: None)


@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


WCAG_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
# On Wagtail's admin screens only these fail a test: Wagtail's own markup has a few minor
# findings the project cannot change; ours must not add worse ones.
BLOCKING_ADMIN_IMPACTS = {"serious", "critical"}


@pytest.fixture
def assert_accessible(axe):
    """Run axe-core on the current page; fail with its report on any WCAG A/AA violation."""

    def check(page):
        results = axe.run(page, options=WCAG_AA)
        assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"

    return check


@pytest.fixture
def assert_admin_accessible(axe):
    """axe on an admin page: fail on serious or critical WCAG A/AA violations only."""

    def check(page):
        results = axe.run(page, options=WCAG_AA)
        blocking = [
            f"{violation['id']} ({violation['impact']}): "
            + ", ".join(", ".join(node["target"]) for node in violation["nodes"])
            for violation in results.response["violations"]
            if violation["impact"] in BLOCKING_ADMIN_IMPACTS
        ]
        assert not blocking, f"{page.url}\n" + "\n".join(blocking)

    return check


def current_totp_code(email, used=None):
    """The code the person's authenticator app would show now, computed from the secret that
    allauth stored for them. ``used`` holds the (email, time step) pairs already entered: allauth
    accepts each code once, so a second login in the same 30 seconds waits for the next one."""
    from allauth.mfa import app_settings
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
    from allauth.mfa.utils import decrypt

    authenticator = Authenticator.objects.get(user__email__iexact=email, type="totp")
    secret = decrypt(authenticator.data["secret"])
    period = app_settings.TOTP_PERIOD
    used = set() if used is None else used
    while True:
        now = time.time()
        step = int(now // period)
        if (email, step) not in used and period - now % period > 2:
            break
        time.sleep(period - now % period + 0.1)
    used.add((email, step))
    return format_hotp_value(hotp_value(secret, step))


@pytest.fixture
def login(page):
    used_codes = set()

    def do_login(email, password="demo-Passwort-2026", next_url=None):
        """Log in through allauth; staff (with two-factor authentication) enter their code."""
        url = "/konto/login/" + (f"?next={next_url}" if next_url else "")
        page.goto(url)
        page.locator("input[name=login]").fill(email)
        page.locator("input[name=password]").fill(password)
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()
        if "/2fa/authenticate/" in page.url:
            page.locator("input[name=code]").fill(current_totp_code(email, used_codes))
            page.locator("main form:has(input[name=code]) button[type=submit]:not([form])").click()
            page.wait_for_load_state()

    return do_login
