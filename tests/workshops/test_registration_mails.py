"""Workshop-talk registrations reach the person: a confirmation with the talk as a calendar
file (with VTIMEZONE), a short note on cancellation, after commit, in the person's language."""

import datetime
import zoneinfo

import icalendar
import pytest
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from portal.privacy import delete_account
from tests.factories import ProfessionalFactory
from tests.needs_analysis.factories import WorkshopFactory
from workshops import services
from workshops.models import Workshop, WorkshopIndexPage

pytestmark = pytest.mark.django_db

BASE = "https://portal.example.org"
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
ONLINE = "https://meet.example.org/werkstatt-7 (Kennwort: Elbe)"


@pytest.fixture(autouse=True)
def _base_url(settings):
    settings.PORTAL_BASE_URL = BASE


@pytest.fixture
def site_pages(shared_site_pages):
    return shared_site_pages


@pytest.fixture
def index_page(site_pages):
    home_de, _home_en = site_pages
    return home_de.add_child(
        instance=WorkshopIndexPage(title="Werkstattgespräche", slug="werkstattgespraeche-mails")
    )


@pytest.fixture
def workshop(index_page):
    start = timezone.now().astimezone(BERLIN).replace(
        hour=14, minute=0, second=0, microsecond=0
    ) + datetime.timedelta(days=30)
    return WorkshopFactory(
        title="Werkstattgespräch Übergangsmanagement",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=3),
        format=Workshop.Format.HYBRID,
        online_access=ONLINE,
    )


@pytest.fixture
def person(db):
    return ProfessionalFactory(email="fachkraft@example.org", first_name="Frida")


def _calendars(mail):
    return [
        icalendar.Calendar.from_ical(content)
        for _name, content, mimetype in mail.attachments
        if mimetype == "text/calendar"
    ]


def _register(workshop, person, capture):
    with capture(execute=True):
        return services.register(workshop, person)


def test_registration_is_confirmed_with_the_talk_as_calendar_file(
    workshop, person, mailoutbox, django_capture_on_commit_callbacks
):
    _register(workshop, person, django_capture_on_commit_callbacks)

    [mail] = mailoutbox
    assert mail.to == ["fachkraft@example.org"]
    assert mail.extra_headers["X-Workshops-Event"] == "registered"
    assert "Werkstattgespräch Übergangsmanagement" in mail.subject
    assert "Frida" in mail.body
    assert "14:00–17:00" in mail.body
    assert "Bildungszentrum, Breiter Weg 1" in mail.body
    assert ONLINE in mail.body
    page_url = f"{BASE}/werkstattgespraeche-mails/{workshop.pk}/"
    assert page_url in mail.body
    assert f"{BASE}/mein-bereich/fortbildungen/" in mail.body
    [(html, mimetype)] = mail.alternatives
    assert mimetype == "text/html"
    assert "Übergangsmanagement" in html

    [calendar] = _calendars(mail)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    [event] = calendar.walk("VEVENT")
    assert event["SUMMARY"] == "Werkstattgespräch Übergangsmanagement"
    assert event.decoded("DTSTART") == workshop.starts_at
    assert event.decoded("DTSTART").tzinfo.key == "Europe/Berlin"
    assert event.decoded("DTEND") == workshop.ends_at
    assert event["LOCATION"] == "Bildungszentrum, Breiter Weg 1, 39104 Magdeburg"
    assert ONLINE in event["DESCRIPTION"]
    assert event["URL"] == page_url
    assert str(event["UID"]) == f"workshop-{workshop.pk}@portal.example.org"


def test_an_english_speaker_gets_it_in_english(
    workshop, person, mailoutbox, django_capture_on_commit_callbacks
):
    person.language = "en"
    person.save()
    _register(workshop, person, django_capture_on_commit_callbacks)
    [mail] = mailoutbox
    title = "Werkstattgespräch Übergangsmanagement"
    assert mail.subject == f"You are registered for the workshop talk “{title}”"
    assert f"{BASE}/en/mein-bereich/fortbildungen/" in mail.body


def test_cancelling_sends_a_short_note_without_a_calendar_file(
    workshop, person, mailoutbox, django_capture_on_commit_callbacks
):
    _register(workshop, person, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(workshop, person)

    assert len(mailoutbox) == 2
    note = mailoutbox[1]
    assert note.extra_headers["X-Workshops-Event"] == "cancelled"
    with translation.override("de"):
        expected = gettext("Your registration for “%(title)s” has been cancelled") % {
            "title": workshop.title
        }
    assert note.subject == expected
    assert _calendars(note) == []
    assert ONLINE not in note.body  # the access is for registered people only


def test_the_site_buttons_send_the_mails(
    client, workshop, person, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(person)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/werkstattgespraeche/{workshop.pk}/anmelden/").status_code == 302
        assert client.post(f"/werkstattgespraeche/{workshop.pk}/abmelden/").status_code == 302
    assert [m.extra_headers["X-Workshops-Event"] for m in mailoutbox] == [
        "registered",
        "cancelled",
    ]


def test_a_refused_or_rolled_back_registration_sends_nothing(
    workshop, person, mailoutbox, django_capture_on_commit_callbacks
):
    _register(workshop, person, django_capture_on_commit_callbacks)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(services.RegistrationError):
            services.register(workshop, person)  # already registered
        other = ProfessionalFactory()
        with pytest.raises(RuntimeError), transaction.atomic():
            services.register(workshop, other)
            raise RuntimeError("rolled back")
    assert mailoutbox == []


def test_deleting_the_account_sends_no_cancellation(
    workshop, person, mailoutbox, django_capture_on_commit_callbacks
):
    _register(workshop, person, django_capture_on_commit_callbacks)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        delete_account(person)
    assert mailoutbox == []
