"""``manage.py send_reminders``: one reminder per confirmed participant, before the start."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import timezone

from courses.models import Enrollment, Offering
from courses.models.offerings import BERLIN
from courses.services.reminders import claim_reminders as claim_and_notify
from courses.services.reminders import due_reminders as due_enrollments
from tests.courses.factories import EnrollmentFactory, OfferingFactory
from tests.factories import UserFactory

Status = Enrollment.Status
pytestmark = pytest.mark.django_db


def starting_in(hours, **kwargs):
    """An offering whose first session starts in about ``hours`` hours (on the full hour)."""
    start = timezone.localtime(timezone.now(), BERLIN) + datetime.timedelta(hours=hours)
    start = start.replace(minute=0, second=0, microsecond=0)
    sessions = [(start.date(), start.time(), datetime.time(23, 59))]
    sessions += kwargs.pop("more_sessions", [])
    return OfferingFactory(sessions=sessions, **kwargs)


@pytest.fixture
def run(django_capture_on_commit_callbacks, mailoutbox):
    """Run the command as cron would; return (mails sent by this run, its output)."""

    def run_command(*args):
        before = len(mailoutbox)
        out = io.StringIO()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_reminders", *args, stdout=out)
        return mailoutbox[before:], out.getvalue()

    return run_command


def test_a_reminder_goes_out_once_even_when_run_twice(run):
    offering = starting_in(24, online_access="https://meet.example.org/raum-7")
    enrollment = EnrollmentFactory(
        offering=offering, user=UserFactory(language="en", first_name="Pat", last_name="Lee")
    )

    mails, output = run()
    assert output.strip() == "1 reminder(s) sent."
    [mail] = mails
    assert mail.to == [enrollment.user.email]
    assert mail.extra_headers["X-Courses-Event"] == "reminder"
    assert mail.subject.startswith(f"Reminder: “{offering.module.title}” starts on ")
    assert "Hello Pat Lee," in mail.body
    assert "Bildungszentrum, Breiter Weg 1" in mail.body  # the venue: a confirmed participant
    assert "https://meet.example.org/raum-7" in mail.body
    assert "/en/mein-bereich/fortbildungen/" in mail.body
    assert mail.alternatives[0][1] == "text/html"
    assert Enrollment.objects.get(pk=enrollment.pk).reminder_sent_at is not None
    # The reminder carries the dates for the calendar, with their time zone.
    [(name, content, mimetype)] = mail.attachments
    assert (name, mimetype) == (f"termin-{offering.pk}.ics", "text/calendar")
    assert "BEGIN:VTIMEZONE" in content
    assert "TZID:Europe/Berlin" in content

    mails, output = run()
    assert mails == []
    assert output.strip() == "0 reminder(s) sent."


def test_only_confirmed_enrolments_of_open_offerings_within_the_window(run):
    due = starting_in(30)
    confirmed = EnrollmentFactory(offering=due)
    EnrollmentFactory(
        offering=due, status=Status.WAITLISTED, confirmed_at=None, waitlisted_at=timezone.now()
    )
    EnrollmentFactory(offering=due, status=Status.REQUESTED, confirmed_at=None)
    EnrollmentFactory(offering=due, status=Status.CANCELLED, cancelled_at=timezone.now())
    EnrollmentFactory(offering=due, reminder_sent_at=timezone.now())  # reminded before
    EnrollmentFactory(offering=starting_in(30, status=Offering.Status.CANCELLED))
    EnrollmentFactory(offering=starting_in(30, status=Offering.Status.PLANNED))
    EnrollmentFactory(offering=starting_in(72))  # too far ahead
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    already_started = starting_in(
        -3, more_sessions=[(tomorrow, datetime.time(9), datetime.time(12))]
    )
    EnrollmentFactory(offering=already_started)

    mails, _ = run()
    assert [m.to for m in mails] == [[confirmed.user.email]]


def test_the_window_is_an_option(run):
    enrollment = EnrollmentFactory(offering=starting_in(72))
    assert run()[0] == []
    mails, output = run("--hours", "96")
    assert [m.to for m in mails] == [[enrollment.user.email]]
    assert output.strip() == "1 reminder(s) sent."


def test_the_window_must_be_positive():
    with pytest.raises(CommandError):
        call_command("send_reminders", "--hours", "0")


def test_a_concurrent_run_that_claimed_first_wins(django_capture_on_commit_callbacks, mailoutbox):
    """Two runs saw the same due enrolment; the conditional UPDATE lets only one send."""
    EnrollmentFactory(offering=starting_in(10))
    now = timezone.now()
    seen_by_first, seen_by_second = due_enrollments(now, 48), due_enrollments(now, 48)
    assert len(seen_by_first) == len(seen_by_second) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert claim_and_notify(seen_by_first, now) == 1
        assert claim_and_notify(seen_by_second, now) == 0
    assert len(mailoutbox) == 1


def test_an_enrolment_cancelled_after_selection_is_not_reminded(
    django_capture_on_commit_callbacks, mailoutbox
):
    enrollment = EnrollmentFactory(offering=starting_in(10))
    due = due_enrollments(timezone.now(), 48)
    Enrollment.objects.filter(pk=enrollment.pk).update(status=Status.CANCELLED)
    with django_capture_on_commit_callbacks(execute=True):
        assert claim_and_notify(due, timezone.now()) == 0
    assert mailoutbox == []


def test_a_rolled_back_claim_sends_nothing_and_is_retried(
    django_capture_on_commit_callbacks, mailoutbox
):
    enrollment = EnrollmentFactory(offering=starting_in(10))
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        assert claim_and_notify(due_enrollments(timezone.now(), 48), timezone.now()) == 1
        transaction.set_rollback(True)
    assert mailoutbox == []
    assert Enrollment.objects.get(pk=enrollment.pk).reminder_sent_at is None
    assert due_enrollments(timezone.now(), 48) == [enrollment]
