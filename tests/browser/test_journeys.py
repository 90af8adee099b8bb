"""Each role's journey through the seeded demo, as a new user would walk it: every page at 1280 px
and at 390 px, with axe on each. The public and logged-in site must have no violation at all;
the admin pages none that axe rates serious or critical (Wagtail's own screens keep a few minor
ones that are not ours to fix).

One test per role keeps the logins (and the staff's one-time codes) to one each. With
``SCREENSHOTS=1`` (``make screenshots``) the walk also writes the README's screenshots to
docs/screenshots/; without it nothing tracked is touched.
"""

import io
import os

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
SCREENSHOT_DIR = settings.BASE_DIR / "docs" / "screenshots"


@pytest.fixture
def demo(transactional_db):
    """The whole demo, as ``make run`` loads it (every app's seeder, mails suppressed)."""
    from django.core.management import call_command

    call_command("seed_demo", stdout=io.StringIO())


def assert_fits(page, width):
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{page.url} is {scroll_width} px wide at {width} px"


def screenshot(page, name):
    """The current viewport as docs/screenshots/<name>.png, only when SCREENSHOTS is set."""
    if not os.environ.get("SCREENSHOTS"):
        return
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(
        path=SCREENSHOT_DIR / f"{name}.png", animations="disabled", caret="hide", scale="css"
    )


def at_both_widths(page, check, *, admin=False, shot=None, phone_shot=None):
    """Check the current page on a phone, then on a desktop (left at desktop size for the next
    step of the journey). The site itself must also fit the screen; the admin is Wagtail's."""
    for size, name in ((PHONE, phone_shot), (DESKTOP, shot)):
        page.set_viewport_size(size)
        if not admin:
            assert_fits(page, size["width"])
        check(page)
        if name:
            screenshot(page, name)


def visit(page, url, check, **kwargs):
    response = page.goto(url)
    assert response.status == 200, f"{url}: {response.status}"
    at_both_widths(page, check, **kwargs)


def h1(page):
    return page.get_by_role("heading", level=1).first.inner_text()


def test_anonymous_visitor_in_german_and_english(page, demo, assert_accessible):
    from courses.models import ModulePage

    visit(page, "/", assert_accessible, shot="home", phone_shot="home-phone")
    assert h1(page) == "Qualifizierung für die Straffälligenhilfe"

    visit(
        page, "/fortbildungen/", assert_accessible, shot="catalogue", phone_shot="catalogue-phone"
    )
    all_modules = page.locator(".module-card").count()
    page.locator("select[name=topic]").select_option("rechtsextremismus")
    page.locator(".catalog__filters button[type=submit]").click()
    page.wait_for_load_state()
    assert "topic=rechtsextremismus" in page.url
    assert 0 < page.locator(".module-card").count() < all_modules
    at_both_widths(page, assert_accessible)

    page.locator(".module-card a").first.click()
    page.wait_for_load_state()
    module = ModulePage.objects.live().get(url_path__endswith=page.url.split("/")[-2] + "/")
    assert h1(page) == module.title
    at_both_widths(page, assert_accessible, shot="module")

    visit(page, "/werkstattgespraeche/", assert_accessible)
    assert page.locator("main h3 a[href^='/werkstattgespraeche/']").count() >= 1
    visit(page, "/datenschutz/", assert_accessible)
    visit(page, "/konto/login/", assert_accessible)
    assert page.locator("input[name=login]").is_visible()

    # The public pages in English, with an English module reached from the catalogue.
    visit(page, "/en/", assert_accessible)
    assert page.locator("html").get_attribute("lang") == "en"
    visit(page, "/en/trainings/", assert_accessible)
    page.locator(".module-card a[href^='/en/trainings/']").first.click()
    page.wait_for_load_state()
    assert page.url.split("/")[3:5] == ["en", "trainings"]
    at_both_widths(page, assert_accessible)
    for url in ("/en/workshop-talks/", "/en/privacy/", "/en/konto/login/"):
        visit(page, url, assert_accessible)


def enrolable_offering(user):
    """An open offering with a free seat that the demo professional may enrol in."""
    from courses import services
    from courses.models import Enrollment, Offering

    for offering in Offering.objects.filter(
        status=Offering.Status.OPEN, requires_approval=False
    ).order_by("pk"):
        confirmed = offering.enrollments.filter(status=Enrollment.Status.CONFIRMED).count()
        try:
            services.check_can_enroll(offering, user)
        except services.EnrollmentError:
            continue
        if confirmed < offering.capacity:
            return offering
    raise AssertionError("the demo has no offering the professional can enrol in")


def test_professional_journey(page, demo, login, assert_accessible):
    from django.contrib.auth import get_user_model

    from courses.models import Enrollment
    from workshops.models import WorkshopRegistration

    person = get_user_model().objects.get(email="fachkraft@example.org")
    login(person.email)
    visit(page, "/mein-bereich/", assert_accessible)
    assert "/konto/login/" not in page.url

    # A workshop talk, so that "Meine Fortbildungen" has a registration to show.
    visit(page, "/werkstattgespraeche/", assert_accessible)
    page.locator("main h3 a").first.click()
    page.wait_for_load_state()
    at_both_widths(page, assert_accessible)
    page.locator("main form[action*='/anmelden/'] button").click()
    page.wait_for_load_state()
    assert WorkshopRegistration.objects.filter(user=person, status="registered").count() == 1

    visit(page, "/mein-bereich/fortbildungen/", assert_accessible, shot="my-trainings")
    for section in ("#my-workshops", "#my-interests", "#calendar-feed"):
        assert page.locator(section).is_visible(), section

    # Enrol in an offering from its module page, then cancel on the confirmation page.
    offering = enrolable_offering(person)
    visit(page, offering.module.url, assert_accessible)
    page.locator(f"a[href$='/termine/{offering.pk}/anmelden/']").first.click()
    page.wait_for_load_state()
    at_both_widths(page, assert_accessible)
    page.locator("main form.stack button[type=submit]").click()
    page.wait_for_load_state()
    enrollment = Enrollment.objects.get(offering=offering, user=person)
    assert enrollment.status == Enrollment.Status.CONFIRMED
    assert page.url.endswith("/mein-bereich/fortbildungen/")
    page.locator(f"a[href$='/mein-bereich/fortbildungen/{enrollment.pk}/stornieren/']").click()
    page.wait_for_load_state()
    at_both_widths(page, assert_accessible)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.CANCELLED
    at_both_widths(page, assert_accessible)

    visit(page, "/mein-bereich/datenschutz/export/uebersicht/", assert_accessible)
    assert page.get_by_text(person.email).first.is_visible()
    visit(page, "/bedarf-melden/", assert_accessible)
    assert page.locator("main form button[type=submit]").is_visible()


def test_trainer_journey(page, demo, login, assert_admin_accessible):
    from django.contrib.auth import get_user_model

    from courses.access import offerings_for
    from courses.models import Offering

    trainer = get_user_model().objects.get(email="referentin@example.org")
    login(trainer.email)
    visit(page, "/admin/", assert_admin_accessible, admin=True)
    assert page.url.endswith("/admin/")

    visit(page, "/admin/offerings/", assert_admin_accessible, admin=True)
    offering = (
        offerings_for(trainer)
        .filter(status=Offering.Status.OPEN, enrollments__isnull=False)
        .distinct()
        .order_by("pk")
        .first()
    )
    visit(
        page, f"/admin/offerings/{offering.pk}/participants/", assert_admin_accessible, admin=True
    )
    assert page.locator("main table").first.is_visible()

    # Material for the offering's module, from the participants page, in one step.
    page.locator("a[href*='/admin/materials/module/']").first.click()
    page.wait_for_load_state()
    assert "/upload/" in page.url
    assert page.locator("main input[type=file]").count() == 1
    at_both_widths(page, assert_admin_accessible, admin=True)

    visit(page, "/admin/needs/my-topics/", assert_admin_accessible, admin=True)


def test_coordinator_journey(page, demo, login, assert_admin_accessible):
    login("koordination@example.org")
    visit(page, "/admin/", assert_admin_accessible, admin=True)
    assert page.url.endswith("/admin/")

    visit(page, "/admin/needs/", assert_admin_accessible, admin=True)
    page.locator(".na-wrap").get_by_role("link", name="Sachsen-Anhalt", exact=True).click()
    page.wait_for_load_state()
    assert "state=" in page.url
    assert page.get_by_text("Magdeburg").first.is_visible()
    at_both_widths(page, assert_admin_accessible, admin=True, shot="needs-dashboard")

    for url in (
        "/admin/needs/recommendations/",
        "/admin/needs/findings/",
        "/admin/needs/consultations/",
    ):
        visit(page, url, assert_admin_accessible, admin=True)
