"""The enrolment mails: content, language, HTML alternative, calendar file, only on commit."""

import datetime
import json

import icalendar
import pytest
from django.db import transaction
from django.utils import translation
from django.utils.formats import date_format

from courses import notifications, services
from courses.models import Enrollment, Offering
from portal.mail import serialise
from tests.courses.factories import EnrollmentFactory, OfferingFactory, in_days
from tests.factories import CoordinatorFactory, UserFactory

Status = Enrollment.Status
pytestmark = pytest.mark.django_db

VENUE = "Bildungszentrum, Breiter Weg 1, 39104 Magdeburg"
ONLINE = "https://meet.example.org/fortbildung-42 (Kennwort: Halle)"
MY_TRAININGS = "http://127.0.0.1:8000/mein-bereich/fortbildungen/"
MY_TRAININGS_EN = "http://127.0.0.1:8000/en/mein-bereich/fortbildungen/"


@pytest.fixture(autouse=True)
def _base_url(settings):
    settings.PORTAL_BASE_URL = "http://127.0.0.1:8000"


@pytest.fixture
def two_days():
    """A hybrid offering with two sessions, venue and online access, 10 seats."""
    return OfferingFactory(
        format=Offering.Format.HYBRID,
        venue=VENUE,
        online_access=ONLINE,
        title_suffix="für die Bewährungshilfe",
        sessions=[
            (in_days(40), datetime.time(9), datetime.time(16)),
            (in_days(41), datetime.time(9, 30), datetime.time(15)),
        ],
    )


def fill(offering, n):
    return [EnrollmentFactory(offering=offering) for _ in range(n)]


def event(mail):
    return mail.extra_headers["X-Courses-Event"]


def html(mail):
    [(content, mimetype)] = mail.alternatives
    assert mimetype == "text/html"
    return content


def calendars(mail):
    return [
        icalendar.Calendar.from_ical(content)
        for name, content, mimetype in mail.attachments
        if mimetype == "text/calendar"
    ]


def session_lines(offering, language):
    with translation.override(language):
        return [
            f"{date_format(s.date, 'l')}, {date_format(s.date, 'DATE_FORMAT')}, "
            f"{s.start_time:%H:%M}–{s.end_time:%H:%M}"
            for s in offering.ordered_sessions
        ]


def subject_msgid_in_german(msgid, **values):
    """The German subject if the catalogue has it, else the English msgid."""
    with translation.override("de"):
        return translation.gettext(msgid) % values


# Confirmation ------------------------------------------------------------------------------------


def test_confirmation_has_text_html_dates_place_links_and_calendar(two_days, sent):
    person = UserFactory(first_name="Paula", last_name="Muster")
    [mail] = sent(services.enroll, two_days, person)
    enrollment = sent.result
    title = f"{two_days.module.title} – für die Bewährungshilfe"

    assert event(mail) == "confirmed"
    assert mail.to == [person.email]
    assert title in mail.subject
    assert "\n" not in mail.subject
    for text in (mail.body, html(mail)):
        assert "Paula Muster" in text
        assert title in text
        for line in session_lines(two_days, "de"):
            assert line in text
        assert "Breiter Weg 1" in text
        assert "meet.example.org/fortbildung-42" in text
        assert MY_TRAININGS in text
        assert f"{MY_TRAININGS}{enrollment.pk}/stornieren/" in text
    assert '<html lang="de"' in html(mail)
    assert "<h1" in html(mail)

    [calendar] = calendars(mail)
    events = calendar.walk("VEVENT")
    assert len(events) == 2
    assert [e.decoded("dtstart") for e in events] == [
        s.starts_at for s in two_days.ordered_sessions
    ]
    assert all(str(e["location"]) == VENUE for e in events)
    assert all("meet.example.org" in str(e["description"]) for e in events)
    [(name, content, mimetype)] = mail.attachments
    assert mimetype == "text/calendar"
    assert name.endswith(".ics")
    assert isinstance(content, str)


def test_the_task_payload_is_plain_data(two_days, person, sent):
    [mail] = sent(services.enroll, two_days, person)
    payload = json.loads(json.dumps(serialise(mail)))
    assert payload["headers"]["X-Courses-Event"] == "confirmed"
    assert payload["alternatives"][0][1] == "text/html"
    assert payload["attachments"][0][2] == "text/calendar"
    assert "BEGIN:VCALENDAR" in payload["attachments"][0][1]


def test_english_person_gets_english_mail_and_links(two_days, sent):
    english = UserFactory(language="en", first_name="Pat", last_name="Smith")
    [mail] = sent(services.enroll, two_days, english)
    assert mail.subject.startswith("Your place in “")
    assert "Hello Pat Smith," in mail.body
    assert '<html lang="en"' in html(mail)
    for line in session_lines(two_days, "en"):
        assert line in mail.body
    assert MY_TRAININGS_EN in mail.body
    assert MY_TRAININGS_EN in html(mail)


def test_german_person_gets_links_without_language_prefix(two_days, person, sent):
    [mail] = sent(services.enroll, two_days, person)
    assert "/en/" not in mail.body
    assert mail.subject == subject_msgid_in_german(
        "Your place in “%(title)s” is confirmed",
        title=f"{two_days.module.title} – für die Bewährungshilfe",
    )
    for line in session_lines(two_days, "de"):
        assert line in mail.body


def test_contact_and_module_link_from_the_site(site_pages, person, sent):
    offering = OfferingFactory()  # its module now sits in the site's catalogue
    [mail] = sent(services.enroll, offering, person)
    assert "kontakt@example.org" in mail.body
    assert 'href="mailto:kontakt@example.org"' in html(mail)
    assert mail.extra_headers["Reply-To"] == "kontakt@example.org"
    assert f"http://127.0.0.1:8000{offering.module.url}" in mail.body


def test_without_a_site_the_mail_still_goes_out(offering, person, sent):
    from wagtail.models import Site

    Site.objects.all().delete()
    [mail] = sent(services.enroll, offering, person)
    assert offering.module.title in mail.body
    assert "Reply-To" not in mail.extra_headers


# Waiting list, promotion, approval -------------------------------------------------------------


def test_waitlisted_mail_has_the_position_but_no_place_or_calendar(two_days, sent):
    fill(two_days, 10)
    services.enroll(two_days, UserFactory())
    [mail] = sent(services.enroll, two_days, UserFactory())
    assert event(mail) == "waitlisted"
    for text in (mail.body, html(mail)):
        assert "Breiter Weg" not in text
        assert "meet.example.org" not in text
        assert "/stornieren/" in text
    assert calendars(mail) == []
    [mail] = sent(services.enroll, two_days, UserFactory(language="en"))
    for text in (mail.body, html(mail)):
        assert "waiting list at position 3." in text
        assert "once your place is confirmed" in text


def test_promotion_mail_carries_venue_and_calendar(two_days, sent):
    confirmed = fill(two_days, 10)
    waiting = UserFactory(language="en")
    services.enroll(two_days, waiting)
    mails = sent(services.cancel, confirmed[0], confirmed[0].user)
    [promoted] = [m for m in mails if event(m) == "promoted"]
    assert promoted.to == [waiting.email]
    assert promoted.subject.startswith("A place in “")
    assert "Breiter Weg 1" in promoted.body
    [calendar] = calendars(promoted)
    assert len(calendar.walk("VEVENT")) == 2
    assert str(calendar.walk("VEVENT")[0]["location"]) == VENUE


def test_request_approval_and_approval_onto_the_waitlist(sent):
    offering = OfferingFactory(requires_approval=True, capacity=1)
    first, second = UserFactory(language="en"), UserFactory(language="en")
    coordinator = CoordinatorFactory()

    [requested] = sent(services.enroll, offering, first)
    assert event(requested) == "requested"
    assert "We have received your request" in requested.body
    assert "Bildungszentrum" not in requested.body
    assert calendars(requested) == []

    [approved] = sent(services.approve, services.enroll(offering, second), coordinator)
    assert event(approved) == "approved"
    assert "you are registered" in approved.body
    assert "Bildungszentrum" in approved.body
    assert len(calendars(approved)) == 1

    first_request = Enrollment.objects.get(user=first)
    [waitlisted] = sent(services.approve, first_request, coordinator)
    assert event(waitlisted) == "approved_waitlisted"
    assert "waiting list at position 1." in waitlisted.body
    assert calendars(waitlisted) == []


# Declined and cancelled ------------------------------------------------------------------------


def test_declined_mail_gives_the_reason(offering, sent):
    enrollment = EnrollmentFactory(offering=offering, user=UserFactory(language="en"))
    mails = sent(
        services.decline, enrollment, CoordinatorFactory(), "Nur für Fachkräfte aus Halle."
    )
    [mail] = [m for m in mails if event(m) == "declined"]
    for text in (mail.body, html(mail)):
        assert "Reason: Nur für Fachkräfte aus Halle." in text
        assert "/stornieren/" not in text
    assert calendars(mail) == []


def test_cancelled_by_person_and_by_organiser(offering, sent):
    own = EnrollmentFactory(offering=offering, user=UserFactory(language="en"))
    [mail] = sent(services.cancel, own, own.user)
    assert event(mail) == "cancelled_by_person"
    assert mail.subject.startswith("You have cancelled your enrolment in “")
    assert "after the cancellation deadline" not in mail.body

    other = EnrollmentFactory(offering=offering, user=UserFactory(language="en"))
    [mail] = sent(services.cancel, other, CoordinatorFactory())
    assert event(mail) == "cancelled_by_organiser"
    assert "The coordination has cancelled your enrolment" in mail.body


def test_late_cancellation_tells_the_person_and_the_coordinators(offering, sent):
    Offering.objects.filter(pk=offering.pk).update(
        cancellation_deadline=datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=1)
    )
    coordinator = CoordinatorFactory(language="en")
    enrollment = EnrollmentFactory(
        offering=offering, user=UserFactory(first_name="Lena", last_name="Spät", language="en")
    )
    mails = sent(services.cancel, enrollment, enrollment.user)
    [own] = [m for m in mails if event(m) == "cancelled_by_person"]
    assert "after the cancellation deadline" in own.body
    [late] = [m for m in mails if event(m) == "late_cancellation"]
    assert late.to == [coordinator.email]
    assert late.subject.startswith("Late cancellation for “")
    assert "Hello Kim" in late.body
    assert "Lena Spät has cancelled their place" in late.body
    assert enrollment.user.email in late.body
    assert f"/admin/offerings/{offering.pk}/participants/" in late.body


def test_offering_cancelled_gives_the_reason_without_place(two_days, sent):
    enrollment = EnrollmentFactory(offering=two_days, user=UserFactory(language="en"))
    [mail] = sent(services.cancel_offering, two_days, CoordinatorFactory(), "Erkrankung.")
    assert mail.to == [enrollment.user.email]
    assert event(mail) == "offering_cancelled"
    for text in (mail.body, html(mail)):
        assert "Reason: Erkrankung." in text
        assert "Breiter Weg" not in text
        assert "/stornieren/" not in text
    assert calendars(mail) == []


# Every event renders in both languages -----------------------------------------------------------


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("name", notifications.EVENTS)
def test_every_event_renders(offering, name, language):
    enrollment = EnrollmentFactory(offering=offering, user=UserFactory(language=language))
    mail = notifications.build_message(
        enrollment, name, enrollment.user.email, language, reason="Ein Grund."
    )
    assert mail.subject.strip() and "\n" not in mail.subject
    assert offering.module.title in mail.subject
    assert offering.module.title in mail.body
    assert "{%" not in mail.body and "{{" not in mail.body
    page = html(mail)
    assert f'<html lang="{language}"' in page and "<h1" in page and "{{" not in page
    assert mail.extra_headers["X-Courses-Event"] == name
    assert "\n\n\n" not in mail.body


# Only on commit, from the committed state ------------------------------------------------------


def test_nothing_is_sent_when_the_transaction_rolls_back(
    two_days, person, django_capture_on_commit_callbacks, mailoutbox
):
    class Boom(Exception):
        pass

    with (
        pytest.raises(Boom),
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        transaction.atomic(),
    ):
        services.enroll(two_days, person)
        raise Boom
    assert callbacks == []
    assert mailoutbox == []
    assert not Enrollment.objects.exists()


def test_the_mail_reflects_the_committed_state(two_days, person, sent):
    def enrol_and_cancel():
        with transaction.atomic():
            enrollment = services.enroll(two_days, person)
            services.cancel(enrollment, person)

    mails = sent(enrol_and_cancel)
    confirmed = next(m for m in mails if event(m) == "confirmed")
    assert calendars(confirmed) == []  # the seat was given back before the commit
    assert "Breiter Weg" not in confirmed.body
