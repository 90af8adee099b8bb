"""Retention of enrolments (courses.retention): personal details go three years (plus a
funder's extension) after the offering ended; the anonymous row stays for the statistics."""

import datetime

import pytest
from django.test import override_settings
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from courses.models import Attendance, Enrollment, Offering
from courses.retention import retain_enrollments
from portal.retention import DEFAULT_PERIODS, periods
from tests.courses.factories import EnrollmentFactory, OfferingFactory
from tests.factories import CoordinatorFactory

pytestmark = pytest.mark.django_db

NINE, FOUR = datetime.time(9), datetime.time(16)
YEARS_3 = DEFAULT_PERIODS["enrollment_days"]


def ended_days_ago(days, now):
    """An offering whose last session was ``days`` local days before ``now``."""
    last = timezone.localdate(now) - datetime.timedelta(days=days)
    return OfferingFactory(
        status=Offering.Status.COMPLETED,
        sessions=[(last - datetime.timedelta(days=1), NINE, FOUR), (last, NINE, FOUR)],
    )


def personal_enrollment(offering, by):
    enrollment = EnrollmentFactory(
        offering=offering, comment="Rollstuhlgerechter Raum", decline_reason="", acted_by=by
    )
    session = offering.sessions.first()
    Attendance.objects.create(
        enrollment=enrollment, session=session, present=True, marked_at=timezone.now()
    )
    log(enrollment, "courses.enrollment.confirmed", user=by, data={"offering": offering.pk})
    return enrollment


def entries(enrollment):
    return ModelLogEntry.objects.filter(
        object_id=str(enrollment.pk), action__startswith="courses."
    )


def test_enrolments_lose_their_personal_details_three_years_after_the_offering():
    now = timezone.now()
    coordinator = CoordinatorFactory()
    past = personal_enrollment(ended_days_ago(YEARS_3 + 1, now), coordinator)
    declined = EnrollmentFactory(
        offering=past.offering,
        status=Enrollment.Status.DECLINED,
        decline_reason="Nicht zur Zielgruppe gehörig",
    )
    inside = personal_enrollment(ended_days_ago(YEARS_3, now), coordinator)

    counts = retain_enrollments(now, periods())

    assert counts == {"enrollments_anonymised": 2, "enrollment_log_entries_deleted": 1}
    past.refresh_from_db()
    assert (past.user_id, past.acted_by_id, past.comment) == (None, None, "")
    declined.refresh_from_db()
    assert (declined.user_id, declined.decline_reason) == (None, "")
    # The statistics stay: the row, its status and its attendance.
    assert past.status == Enrollment.Status.CONFIRMED
    assert declined.status == Enrollment.Status.DECLINED
    assert Attendance.objects.filter(enrollment=past, present=True).count() == 1
    assert not entries(past).exists()
    # One day less and everything is still there.
    inside.refresh_from_db()
    assert inside.user_id is not None
    assert inside.comment == "Rollstuhlgerechter Raum"
    assert entries(inside).count() == 1

    assert retain_enrollments(now, periods()) == {
        "enrollments_anonymised": 0,
        "enrollment_log_entries_deleted": 0,
    }


def test_a_funders_retention_duty_moves_the_boundary():
    now = timezone.now()
    coordinator = CoordinatorFactory()
    four_years = personal_enrollment(ended_days_ago(YEARS_3 + 365, now), coordinator)
    longer = personal_enrollment(ended_days_ago(YEARS_3 + 366, now), coordinator)

    with override_settings(
        PRIVACY_RETENTION={**DEFAULT_PERIODS, "enrollment_funder_extension_days": 365}
    ):
        counts = retain_enrollments(now, periods())

    assert counts["enrollments_anonymised"] == 1
    four_years.refresh_from_db()
    longer.refresh_from_db()
    assert four_years.user_id is not None
    assert longer.user_id is None


def test_an_offering_without_sessions_counts_from_its_last_change():
    now = timezone.now()
    offering = OfferingFactory(status=Offering.Status.CANCELLED, sessions=[])
    enrollment = EnrollmentFactory(offering=offering, status=Enrollment.Status.CANCELLED)
    Offering.objects.filter(pk=offering.pk).update(
        updated_at=now - datetime.timedelta(days=YEARS_3 + 2)
    )

    assert retain_enrollments(now, periods())["enrollments_anonymised"] == 1
    enrollment.refresh_from_db()
    assert enrollment.user_id is None


def test_upcoming_and_recent_offerings_are_untouched():
    now = timezone.now()
    upcoming = EnrollmentFactory(comment="Vegetarisch")  # an offering in 30 days

    assert retain_enrollments(now, periods())["enrollments_anonymised"] == 0
    upcoming.refresh_from_db()
    assert upcoming.comment == "Vegetarisch"
