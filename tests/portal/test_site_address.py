"""One public address (``PORTAL_BASE_URL``) in every absolute link the platform hands out, and
the site name of the site settings in every mail.

Mails, calendar files and PDFs used ``WAGTAILADMIN_BASE_URL`` or the Wagtail site's
``root_url`` ("http://localhost" in the demo), so links in them were dead wherever the portal
was served elsewhere.
"""

import datetime
import re
import runpy
from pathlib import Path

import icalendar
import pytest
from django.urls import reverse
from wagtail.models import Site

from courses import notifications, services
from courses.certificates import certificate_pdf
from needs_analysis.emails import offering_opened_message
from portal import mail as portal_mail
from portal import settings as portal_settings
from portal.demo.pages import seed_pages
from portal.retention import warning_message
from tests.courses.factories import EnrollmentFactory, OfferingFactory, in_days
from tests.courses.past_offerings import attend_all, past_offering, pdf_text
from tests.factories import UserFactory
from tests.needs_analysis.factories import InterestFactory

BASE = "https://fortbildung.example.org"
PASSWORD = "Bewaehrung-Magdeburg-2026"
SITE_NAME = "Fortbildungsportal Musterland"
LINK = re.compile(r"https?://[^\s\"'<>]+")

pytestmark = pytest.mark.django_db


@pytest.fixture
def site_pages(shared_site_pages):
    return shared_site_pages


@pytest.fixture(autouse=True)
def _public_address(settings, site_pages):
    settings.PORTAL_BASE_URL = BASE
    Site.objects.filter(is_default_site=True).update(site_name=SITE_NAME)


def texts(message) -> str:
    """Subject, plain text, HTML alternative and attachments of a mail, as one text."""
    parts = [message.subject, message.body]
    parts += [content for content, _mimetype in getattr(message, "alternatives", [])]
    parts += [
        content if isinstance(content, str) else content.decode()
        for _name, content, _mimetype in message.attachments
    ]
    return "\n".join(parts)


def assert_links_on_public_address(text: str) -> None:
    """Every link of the platform is on ``BASE``; nothing points at a development host."""
    assert BASE in text
    assert "127.0.0.1" not in text
    assert "localhost" not in text
    for link in LINK.findall(text):
        assert link.startswith(BASE + "/"), link


def calendar_events(ics: str | bytes) -> list:
    return [c for c in icalendar.Calendar.from_ical(ics).walk() if c.name == "VEVENT"]


def assert_calendar_on_public_address(ics) -> None:
    events = calendar_events(ics)
    assert events
    for event in events:
        assert str(event["uid"]).endswith("@fortbildung.example.org")
        assert str(event["url"]).startswith(BASE + "/")


@pytest.fixture
def enrollment():
    offering = OfferingFactory(sessions=[(in_days(20), datetime.time(9), datetime.time(16))])
    return EnrollmentFactory(offering=offering, user=UserFactory(first_name="Ida", language="de"))


# Mails ------------------------------------------------------------------------------------------


def test_the_confirmation_mail_and_its_calendar_file_use_the_public_address(enrollment):
    message = notifications.build_message(
        enrollment, notifications.CONFIRMED, enrollment.user.email, "de"
    )

    text = texts(message)
    assert_links_on_public_address(text)
    assert f"{BASE}{enrollment.offering.module.url}" in message.body  # the module page
    assert f"{BASE}/mein-bereich/fortbildungen/" in message.body
    [(_name, ics, _mimetype)] = message.attachments
    assert_calendar_on_public_address(ics)
    assert SITE_NAME in message.body
    assert SITE_NAME in message.alternatives[0][0]


def test_the_reminder_uses_the_public_address(enrollment):
    message = notifications.build_message(
        enrollment, notifications.REMINDER, enrollment.user.email, "en"
    )

    assert_links_on_public_address(texts(message))
    assert f"{BASE}/en/mein-bereich/fortbildungen/" in message.body
    assert SITE_NAME in message.body


def test_the_offering_opened_mail_links_the_module_on_the_public_address():
    offering = OfferingFactory()
    interest = InterestFactory(module=offering.module, user=UserFactory(language="de"))

    message = offering_opened_message(interest, offering)

    assert_links_on_public_address(texts(message))
    assert f"{BASE}{offering.module.url}" in message.body
    assert SITE_NAME in message.body


def test_the_retention_warning_links_the_login_on_the_public_address():
    user = UserFactory(language="de")

    message = warning_message(user, datetime.date(2030, 1, 31))

    assert_links_on_public_address(texts(message))
    assert f"{BASE}/konto/login/" in message.body
    assert SITE_NAME in message.body


# Calendar files and PDFs ------------------------------------------------------------------------


def test_downloaded_calendar_files_use_the_public_address(client, enrollment):
    offering = enrollment.offering

    single = client.get(reverse("courses:offering_ics", args=[offering.pk]))
    feed = client.get(reverse("courses:feed"))

    assert single.status_code == 200
    assert feed.status_code == 200
    for response in (single, feed):
        ics = response.content
        assert_calendar_on_public_address(ics)
        assert b"testserver" not in ics  # not the host the request came in on


def test_the_certificate_pdf_prints_the_verification_url_on_the_public_address():
    offering = past_offering(days=1)
    enrollment = EnrollmentFactory(offering=offering)
    attend_all(offering)
    certificate = services.issue_certificate(enrollment)

    text = pdf_text(certificate_pdf(certificate))

    # The PDF may break the long address at its slashes.
    assert f"{BASE}/nachweis/{certificate.code}/" in text.replace("/ ", "/")
    assert "127.0.0.1" not in text
    assert "localhost" not in text
    assert SITE_NAME in text


def test_seeding_the_demo_puts_the_wagtail_site_on_the_public_address(site_pages):
    """Wagtail's own links (``full_url`` in its moderation mails, "view live") then agree with
    the platform's: seeding (``make run`` seeds first) follows ``PORTAL_BASE_URL``."""
    home_de, home_en = site_pages

    seed_pages(lambda message: None)

    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("fortbildung.example.org", 443)
    assert home_de.get_site().root_url == BASE
    assert home_en.full_url == f"{BASE}/en/"


# The helpers ------------------------------------------------------------------------------------


def test_the_helpers_follow_the_settings(settings):
    settings.PORTAL_BASE_URL = BASE + "/"

    assert portal_mail.base_url() == BASE
    assert portal_mail.absolute_url("/a/b/") == f"{BASE}/a/b/"
    assert portal_mail.site_name() == SITE_NAME


def test_without_a_site_name_the_platform_name_is_used():
    Site.objects.filter(is_default_site=True).update(site_name="")

    assert portal_mail.site_name() == "Qualifizierungsportal Straffälligenhilfe"


def test_wagtail_admin_mails_follow_the_public_address(monkeypatch):
    """Wagtail's own mails (moderation, workflow) link its admin on ``WAGTAILADMIN_BASE_URL``,
    which the settings take from ``PORTAL_BASE_URL``."""
    monkeypatch.setenv("PORTAL_BASE_URL", BASE)
    monkeypatch.delenv("WAGTAILADMIN_BASE_URL", raising=False)

    values = runpy.run_path(str(Path(portal_settings.__file__)))

    assert values["PORTAL_BASE_URL"] == BASE
    assert values["WAGTAILADMIN_BASE_URL"] == BASE


# allauth's mails --------------------------------------------------------------------------------


def test_the_signup_confirmation_names_the_site_and_links_the_public_address(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/konto/signup/",
            {"email": "neu@example.org", "password1": PASSWORD, "password2": PASSWORD},
        )

    assert response.status_code == 302
    [message] = mailoutbox
    body = message.body
    assert f"Guten Tag, hier ist eine Nachricht von {SITE_NAME}." in body
    assert f"Vielen Dank, dass Sie {SITE_NAME} nutzen!" in body
    assert "von ." not in body
    assert "Sie  nutzen" not in body
    assert "fortbildung.example.org" in body  # the site's domain under the thanks
    assert_links_on_public_address(body)
    assert re.search(re.escape(BASE) + r"/konto/confirm-email/[^/\s]+/", body)
    assert "testserver" not in body  # not the host the request came in on
