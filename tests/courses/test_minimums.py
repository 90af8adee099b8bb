"""Minimum numbers and the go/no-go date (issue R9): which offerings are below their minimum in
the warning window, the one mail to the coordination, "Findet statt" (``confirm_runs``)."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import ModelLogEntry, Site

from courses.models import Enrollment, Offering
from courses.models.offerings import BERLIN
from courses.services import EnrollmentError, confirm_runs, offerings_below_minimum
from courses.services.minimums import (
    claim_below_minimum,
    due_below_minimum,
    warn_below_minimum,
)
from portal.models import SiteSettings
from tests.courses.factories import EnrollmentFactory, OfferingFactory, in_days
from tests.factories import CoordinatorFactory, UserFactory

Status = Enrollment.Status
pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
# Ten in the morning today: sessions at 9 today have started, sessions at 14 have not.
NOW = datetime.datetime.combine(TODAY, datetime.time(10), tzinfo=BERLIN)


def below(decision_in, *, minimum=5, confirmed=4, starts_in=30, **values):
    """An offering deciding in ``decision_in`` days, with ``confirmed`` of ``minimum``."""
    offering = OfferingFactory(
        minimum_participants=minimum,
        decision_date=in_days(decision_in) if decision_in is not None else None,
        sessions=[(in_days(starts_in), datetime.time(9), datetime.time(16))],
        **values,
    )
    EnrollmentFactory.create_batch(confirmed, offering=offering)
    return offering


def listed(**kwargs):
    return set(offerings_below_minimum(NOW, **kwargs).values_list("pk", flat=True))


def set_warning_days(days):
    site = Site.objects.get(is_default_site=True)
    settings = SiteSettings.for_site(site)
    settings.minimum_warning_days = days
    settings.save()


# Which offerings: the window and the threshold, computed by hand ----------------------------


def test_the_window_starts_fourteen_days_before_the_decision_date_by_default():
    # today >= decision_date - 14: decision in 14 days is in, in 15 days not yet.
    in_window = below(14)
    today = below(0)
    overdue = below(-2)  # no decision yet and not started: still listed
    too_early = below(15)
    assert listed() == {in_window.pk, today.pk, overdue.pk}
    assert too_early.pk not in listed()


def test_the_window_follows_the_site_setting():
    set_warning_days(3)
    three = below(3)
    four = below(4)
    assert listed() == {three.pk}
    set_warning_days(0)
    assert listed() == set()
    day = below(0)
    assert listed() == {day.pk}
    assert four.pk not in listed()


def test_below_means_fewer_confirmed_than_the_minimum():
    four_of_five = below(5, minimum=5, confirmed=4)
    five_of_five = below(5, minimum=5, confirmed=5)
    six_of_five = below(5, minimum=5, confirmed=6)
    none_of_one = below(5, minimum=1, confirmed=0)
    assert listed() == {four_of_five.pk, none_of_one.pk}
    assert not {five_of_five.pk, six_of_five.pk} & listed()


def test_only_confirmed_places_count_towards_the_minimum():
    offering = below(5, minimum=3, confirmed=2)
    # A held offer, the waiting list, a request and a cancelled place do not make it three.
    EnrollmentFactory(offering=offering, status=Status.OFFERED, confirmed_at=None)
    EnrollmentFactory(offering=offering, status=Status.WAITLISTED, confirmed_at=None)
    EnrollmentFactory(offering=offering, status=Status.REQUESTED, confirmed_at=None)
    EnrollmentFactory(offering=offering, status=Status.CANCELLED)
    [row] = offerings_below_minimum(NOW)
    assert (row.pk, row.confirmed_count) == (offering.pk, 2)
    EnrollmentFactory(offering=offering)
    assert listed() == set()


def test_offerings_without_minimum_decided_cancelled_or_started_are_not_listed():
    no_minimum = below(5, minimum=None)
    zero_minimum = below(5, minimum=0, confirmed=0)
    no_date = below(None)
    cancelled = below(5, status=Offering.Status.CANCELLED)
    completed = below(5, status=Offering.Status.COMPLETED)
    confirmed = below(5)
    Offering.objects.filter(pk=confirmed.pk).update(confirmed_to_run_at=NOW)
    started = below(-1, starts_in=0)  # today 9:00, and it is 10:00
    planned = below(5, status=Offering.Status.PLANNED)
    later_today = OfferingFactory(
        minimum_participants=5,
        decision_date=in_days(-1),
        sessions=[(TODAY, datetime.time(14), datetime.time(16))],
    )
    assert listed() == {planned.pk, later_today.pk}
    for offering in (no_minimum, zero_minimum, no_date, cancelled, completed, confirmed, started):
        assert offering.pk not in listed()


def test_a_queryset_narrows_the_offerings():
    mine, other = below(5), below(5)
    assert listed(queryset=Offering.objects.filter(pk=mine.pk)) == {mine.pk}
    assert other.pk in listed()


def test_one_query_for_the_offerings_however_many(django_assert_num_queries):
    for _ in range(4):
        below(5)
    with django_assert_num_queries(2):  # the setting, the offerings with counts and modules
        rows = list(offerings_below_minimum(NOW))
        assert [str(row.module.title) for row in rows]
        assert [row.confirmed_count for row in rows] == [4] * 4


# The mail to the coordination ----------------------------------------------------------------


@pytest.fixture
def run(django_capture_on_commit_callbacks, mailoutbox):
    """Run ``manage.py warn_minimums`` as cron would; return (mails of this run, output)."""

    def run_command():
        before = len(mailoutbox)
        out = io.StringIO()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("warn_minimums", stdout=out)
        return mailoutbox[before:], out.getvalue().strip()

    return run_command


def test_the_coordination_gets_one_mail_per_offering_even_when_run_twice(run):
    coordinator = CoordinatorFactory(language="en", first_name="Kim", last_name="Koch")
    offering = below(7, minimum=6, confirmed=2, title_suffix="Halle")

    mails, output = run()
    assert output == "1 mail(s) to the coordination about offerings below their minimum."
    [mail] = mails
    assert mail.to == [coordinator.email]
    assert mail.extra_headers["X-Courses-Event"] == "below_minimum"
    title = f"{offering.module.title} – Halle"
    assert mail.subject.startswith(f"Below the minimum: “{title}” – please decide by ")
    assert "Hello Kim Koch," in mail.body
    assert "has 2 confirmed participants so far, fewer than its minimum of 6." in mail.body
    assert f"/admin/minimums/{offering.pk}/cancel/" in mail.body
    assert f"/admin/offerings/{offering.pk}/participants/" in mail.body
    assert mail.alternatives[0][1] == "text/html"
    assert Offering.objects.get(pk=offering.pk).minimum_alert_sent_at is not None
    assert ModelLogEntry.objects.filter(action="courses.offering.below_minimum").count() == 1

    mails, output = run()
    assert mails == []
    assert output == "0 mail(s) to the coordination about offerings below their minimum."


def test_the_mail_is_in_each_coordinators_language(sent):
    german = CoordinatorFactory(language="de", first_name="Dora", last_name="Deutsch")
    english = CoordinatorFactory(language="en")
    UserFactory()  # a professional hears nothing
    CoordinatorFactory(is_active=False)
    below(3, minimum=5, confirmed=1)
    mails = sent(warn_below_minimum, NOW)
    assert sent.result == 1
    by_address = {mail.to[0]: mail for mail in mails}
    assert set(by_address) == {german.email, english.email}
    assert "Guten Tag Dora Deutsch," in by_address[german.email].body
    assert "has 1 confirmed participant so far" in by_address[english.email].body


def test_a_concurrent_run_that_claimed_first_wins(sent):
    CoordinatorFactory()
    below(3)
    stale = due_below_minimum(NOW)  # what a second run saw before the first one claimed
    assert len(sent(warn_below_minimum, NOW)) == 1
    assert sent(claim_below_minimum, stale, NOW) == []
    assert sent.result == 0


def test_offerings_outside_the_window_or_at_their_minimum_get_no_mail(sent):
    CoordinatorFactory()
    below(15)
    below(3, minimum=4, confirmed=4)
    assert sent(warn_below_minimum, NOW) == []
    assert sent.result == 0


def test_nothing_is_cancelled_automatically(sent):
    CoordinatorFactory()
    overdue = below(-3, minimum=8, confirmed=1)
    enrollment = Enrollment.objects.get(offering=overdue)
    later = NOW + datetime.timedelta(days=20)  # long after the decision date
    sent(warn_below_minimum, NOW)
    sent(warn_below_minimum, later)
    overdue.refresh_from_db()
    enrollment.refresh_from_db()
    assert overdue.status == Offering.Status.OPEN
    assert overdue.cancellation_reason == ""
    assert enrollment.status == Status.CONFIRMED
    assert overdue.pk in listed()


# "Findet statt" ------------------------------------------------------------------------------


def test_confirm_runs_records_who_and_when_without_mail(sent, coordinator):
    offering = below(3, minimum=5, confirmed=2)
    assert sent(confirm_runs, offering, coordinator) == []
    offering.refresh_from_db()
    assert offering.confirmed_to_run_by == coordinator
    assert offering.confirmed_to_run_at is not None
    assert offering.status == Offering.Status.OPEN
    [entry] = ModelLogEntry.objects.filter(action="courses.offering.confirmed_to_run")
    assert entry.user_id == coordinator.pk
    assert entry.object_id == str(offering.pk)
    assert entry.data == {"confirmed": 2, "minimum": 5, "notify_participants": False}
    assert offering.pk not in listed()


def test_confirm_runs_can_tell_the_confirmed_participants(sent, coordinator):
    offering = below(3, minimum=5, confirmed=0)
    german = EnrollmentFactory(offering=offering, user=UserFactory(language="de"))
    english = EnrollmentFactory(offering=offering, user=UserFactory(language="en"))
    EnrollmentFactory(offering=offering, status=Status.WAITLISTED, confirmed_at=None)
    EnrollmentFactory(offering=offering, status=Status.OFFERED, confirmed_at=None)
    EnrollmentFactory(offering=offering, status=Status.REQUESTED, confirmed_at=None)

    mails = sent(confirm_runs, offering, coordinator, notify_participants=True)
    by_address = {mail.to[0]: mail for mail in mails}
    assert set(by_address) == {german.user.email, english.user.email}
    title = offering.module.title
    assert by_address[english.user.email].subject == f"“{title}” takes place"
    assert "takes place as planned" in by_address[english.user.email].body
    assert by_address[english.user.email].extra_headers["X-Courses-Event"] == "offering_runs"
    assert "Bildungszentrum, Breiter Weg 1" in by_address[english.user.email].body


def test_confirming_twice_changes_nothing_the_second_time(sent, coordinator):
    offering = below(3)
    sent(confirm_runs, offering, coordinator, notify_participants=True)
    first = Offering.objects.get(pk=offering.pk).confirmed_to_run_at
    other = CoordinatorFactory()
    with pytest.raises(EnrollmentError) as error:
        sent(confirm_runs, Offering.objects.get(pk=offering.pk), other, notify_participants=True)
    assert error.value.code == "already_confirmed"
    offering.refresh_from_db()
    assert (offering.confirmed_to_run_at, offering.confirmed_to_run_by) == (first, coordinator)
    assert ModelLogEntry.objects.filter(action="courses.offering.confirmed_to_run").count() == 1


def test_a_cancelled_or_started_offering_cannot_be_confirmed(coordinator):
    cancelled = below(3, status=Offering.Status.CANCELLED)
    with pytest.raises(EnrollmentError) as error:
        confirm_runs(cancelled, coordinator)
    assert error.value.code == "offering_cancelled"
    started = below(-1, starts_in=-1)
    with pytest.raises(EnrollmentError) as error:
        confirm_runs(started, coordinator)
    assert error.value.code == "offering_started"
    assert not Offering.objects.filter(confirmed_to_run_at__isnull=False).exists()
