"""Qualification progress, the combined certificate issued once and automatically."""

import datetime

import pytest
from django.utils import timezone

from courses import services
from courses.models import Certificate, Enrollment
from courses.services.enrolment import EnrollmentError
from courses.services.qualifications import (
    issue_qualification_certificate,
    qualification_progress,
)
from courses.validity import add_months
from tests.courses.factories import EnrollmentFactory
from tests.courses.past_offerings import past_offering
from tests.courses.qualification_data import attend, modules, qualification
from tests.factories import ProfessionalFactory

pytestmark = pytest.mark.django_db


def titles(items):
    return sorted(getattr(item, "module", item).title for item in items)


def test_required_modules_and_a_choice_of_two_out_of_three():
    m1, m2, m3, m4 = modules(4)
    q = qualification(m1, (2, [m2, m3, m4]))
    person = ProfessionalFactory()

    progress = qualification_progress(person, q)
    assert not progress.complete and not progress.started
    assert titles(progress.missing) == ["Modul 1", "Modul 2", "Modul 3", "Modul 4"]

    attend(person, m1, days_ago=40)
    attend(person, m3, days_ago=20)
    progress = qualification_progress(person, q)
    assert not progress.complete and progress.started
    assert titles(progress.done) == ["Modul 1", "Modul 3"]
    assert [r.missing_count for r in progress.requirements] == [0, 1]
    assert titles(progress.missing) == ["Modul 2", "Modul 4"]
    assert progress.teaching_units == 16

    attend(person, m4, days_ago=10)
    progress = qualification_progress(person, q)
    assert progress.complete
    assert progress.completed_on == timezone.localdate() - datetime.timedelta(days=10)
    assert progress.missing == []


def test_unattended_cancelled_or_other_peoples_enrolments_do_not_count():
    (m1,) = modules(1)
    q = qualification(m1)
    person, other = ProfessionalFactory(), ProfessionalFactory()
    offering = past_offering(days=2, module=m1)
    EnrollmentFactory(offering=offering, user=person, status=Enrollment.Status.CANCELLED)
    absent = EnrollmentFactory(offering=offering, user=ProfessionalFactory())
    EnrollmentFactory(offering=offering, user=other)
    first, second = offering.sessions.order_by("date")
    services.mark_attendance(offering, first, [absent.pk], None)
    services.mark_attendance(offering, second, [e.pk for e in other.enrollments.all()], None)
    # "other" missed the first day, "absent" the second: with the default share (all days)
    # nobody attended.
    assert not qualification_progress(person, q).started
    assert not qualification_progress(absent.user, q).started
    assert not qualification_progress(other, q).started
    attend(other, m1)
    assert qualification_progress(other, q).complete


def test_minimum_teaching_units():
    m1, m2 = modules(2)
    q = qualification((1, [m1, m2]), min_teaching_units=16)
    person = ProfessionalFactory()
    attend(person, m1)
    assert not qualification_progress(person, q).complete  # 8 of 16 units
    attend(person, m2)
    assert qualification_progress(person, q).complete


def test_time_limit_is_a_window_modules_before_the_qualification_count():
    m1, m2 = modules(2)
    # Both attended three years ago, four months apart, long before the qualification existed.
    person = ProfessionalFactory()
    attend(person, m1, days_ago=3 * 365)
    attend(person, m2, days_ago=3 * 365 - 120)
    q = qualification(m1, m2, time_limit_months=24)
    progress = qualification_progress(person, q)
    assert progress.complete
    assert progress.completed_on == timezone.localdate() - datetime.timedelta(days=3 * 365 - 120)


def test_time_limit_drops_modules_outside_the_window_and_warns_before():
    m1, m2, m3 = modules(3)
    q = qualification(m1, m2, m3, time_limit_months=24)
    person = ProfessionalFactory()
    attend(person, m1, days_ago=800)  # more than 24 months before m2
    attend(person, m2, days_ago=30)
    attend(person, m3, days_ago=2)
    progress = qualification_progress(person, q)
    assert not progress.complete
    assert titles(progress.done) == ["Modul 2", "Modul 3"]
    assert titles(progress.missing) == ["Modul 1"]

    other = ProfessionalFactory()
    attend(other, m1, days_ago=700)  # drops out of the window in about a month
    progress = qualification_progress(other, q)
    assert titles(progress.expiring) == ["Modul 1"]
    (achievement,) = progress.expiring
    assert achievement.counts_until - timezone.localdate() < datetime.timedelta(days=90)


def test_expired_or_revoked_module_certificates_do_not_count():
    m1, m2 = modules(2, validity_months=12)
    q = qualification(m1, m2)
    person = ProfessionalFactory()
    old = attend(person, m1, days_ago=400)
    attend(person, m2, days_ago=5)
    certificate = services.issue_certificate(old)
    assert certificate.valid_until < timezone.localdate()
    progress = qualification_progress(person, q)
    assert not progress.complete and titles(progress.missing) == ["Modul 1"]

    revoked = ProfessionalFactory()
    q.unpublish()  # no automatic issuing while these are attended
    mistaken = attend(revoked, m1, days_ago=3)
    attend(revoked, m2, days_ago=2)
    services.revoke_certificate(services.issue_certificate(mistaken), by=None, reason="Irrtum")
    assert not qualification_progress(revoked, q).complete
    assert titles(qualification_progress(revoked, q).missing) == ["Modul 1"]


def test_issue_refuses_while_incomplete():
    m1, m2 = modules(2)
    q = qualification(m1, m2)
    person = ProfessionalFactory()
    attend(person, m1)
    Certificate.objects.all().delete()  # only the qualification's certificate is asked for
    with pytest.raises(EnrollmentError) as error:
        issue_qualification_certificate(person, q)
    assert error.value.code == "qualification_incomplete"
    assert not Certificate.objects.filter(kind=Certificate.Kind.QUALIFICATION).exists()


def test_issued_automatically_after_the_last_attendance_with_a_mail(sent):
    m1, m2 = modules(2)
    q = qualification(m1, m2, validity_months=36)
    person = ProfessionalFactory(first_name="Frieda", last_name="Fachkraft")
    attend(person, m1, days_ago=30)
    assert not Certificate.objects.filter(kind=Certificate.Kind.QUALIFICATION).exists()

    mails = sent(attend, person, m2, 3)
    certificate = Certificate.objects.get(kind=Certificate.Kind.QUALIFICATION)
    assert certificate.holder == person and certificate.qualification_id == q.pk
    assert certificate.participant_name == "Frieda Fachkraft"
    assert certificate.module_title == q.title
    assert [part["title"] for part in certificate.parts] == ["Modul 1", "Modul 2"]
    assert all(part["code"] for part in certificate.parts)  # the module certificates exist
    assert certificate.teaching_units == 16
    completed = timezone.localdate() - datetime.timedelta(days=3)
    assert certificate.last_date == completed
    assert certificate.valid_until == add_months(completed, 36) - datetime.timedelta(days=1)
    (mail,) = [
        m for m in mails if m.extra_headers.get("X-Courses-Event") == "qualification_issued"
    ]
    assert mail.to == [person.email]
    assert certificate.code in mail.body

    again = issue_qualification_certificate(person, q)
    assert again.pk == certificate.pk
    assert Certificate.objects.filter(kind=Certificate.Kind.QUALIFICATION).count() == 1


def test_attending_again_issues_nothing_new(sent):
    (m1,) = modules(1)
    q = qualification(m1)
    person = ProfessionalFactory()
    first = sent(attend, person, m1, 10)
    second = sent(attend, person, m1, 2)
    assert (
        Certificate.objects.filter(kind=Certificate.Kind.QUALIFICATION, qualification=q).count()
        == 1
    )
    events = [m.extra_headers.get("X-Courses-Event") for m in first + second]
    assert events.count("qualification_issued") == 1


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (datetime.date(2026, 3, 15), 36, datetime.date(2029, 3, 15)),
        (datetime.date(2026, 1, 31), 1, datetime.date(2026, 2, 28)),
        (datetime.date(2027, 11, 30), 3, datetime.date(2028, 2, 29)),
        (datetime.date(2026, 5, 10), -24, datetime.date(2024, 5, 10)),
    ],
)
def test_months_are_calendar_months(day, months, expected):
    assert add_months(day, months) == expected
