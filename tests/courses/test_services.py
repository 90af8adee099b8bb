"""The enrolment rules of courses.services, each with the message the person sees."""

import datetime

import pytest
from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale

from courses import services
from courses.models import Enrollment, Offering
from courses.services import EnrollmentError
from portal.models import Audience
from tests.courses.enrolments import actions, error_code, fill
from tests.courses.factories import EnrollmentFactory, OfferingFactory, in_days
from tests.factories import CoordinatorFactory, UserFactory

Status = Enrollment.Status
pytestmark = pytest.mark.django_db


# Enrolling -------------------------------------------------------------------------------------


def test_enrol_with_a_free_seat_confirms_logs_and_mails(offering, person, sent):
    mails = sent(services.enroll, offering, person, "vegetarisch")
    enrollment = sent.result
    assert enrollment.status == Status.CONFIRMED
    assert enrollment.confirmed_at is not None
    assert enrollment.comment == "vegetarisch"
    assert actions(enrollment) == [("courses.enrollment.confirmed", person.pk)]
    assert [m.to for m in mails] == [[person.email]]
    assert mails[0].extra_headers["X-Courses-Event"] == "confirmed"


def test_enrol_into_a_full_offering_waitlists_with_position(offering, sent):
    fill(offering, 10)
    first, second = UserFactory(), UserFactory()
    services.enroll(offering, first)
    mails = sent(services.enroll, offering, second)
    enrollment = sent.result
    assert enrollment.status == Status.WAITLISTED
    assert enrollment.waitlist_position() == 2
    assert "2" in mails[0].body
    assert actions(enrollment) == [("courses.enrollment.waitlisted", second.pk)]


def test_enrol_twice_is_already_enrolled(offering, person):
    services.enroll(offering, person)
    code, message = error_code(services.enroll, offering, person)
    assert code == "already_enrolled"
    assert message == "You are already enrolled in this offering."
    assert Enrollment.objects.filter(user=person).count() == 1


def test_double_submit_past_the_precheck_becomes_already_enrolled(offering, person, monkeypatch):
    """Two tabs pass the pre-check at once: the unique constraint decides, never a 500."""
    services.enroll(offering, person)
    monkeypatch.setattr(services, "check_can_enroll", lambda *args: None)
    code, _ = error_code(services.enroll, offering, person)
    assert code == "already_enrolled"
    assert Enrollment.objects.filter(user=person).count() == 1


def test_enrol_again_after_cancelling(offering, person):
    services.cancel(services.enroll(offering, person), by=person)
    assert services.enroll(offering, person).status == Status.CONFIRMED


@pytest.mark.parametrize(
    ("change", "code", "message"),
    [
        (
            {"status": Offering.Status.PLANNED},
            "registration_not_open",
            "Registration for this offering is not open yet.",
        ),
        (
            {"registration_opens": timezone.now() + datetime.timedelta(days=1)},
            "registration_not_open",
            "Registration for this offering is not open yet.",
        ),
        (
            {"registration_closes": timezone.now() - datetime.timedelta(minutes=1)},
            "registration_closed",
            "Registration for this offering has closed.",
        ),
        (
            {"status": Offering.Status.CANCELLED},
            "offering_cancelled",
            "This offering has been cancelled.",
        ),
        (
            {"status": Offering.Status.COMPLETED},
            "offering_ended",
            "This offering has already taken place.",
        ),
    ],
)
def test_offering_rules(offering, person, change, code, message):
    Offering.objects.filter(pk=offering.pk).update(**change)
    offering.refresh_from_db()
    assert error_code(services.enroll, offering, person) == (code, message)
    assert not Enrollment.objects.exists()


def test_offering_started(person):
    yesterday = OfferingFactory(
        sessions=[(in_days(-1), datetime.time(9), datetime.time(16)), (in_days(1), *_day())]
    )
    assert error_code(services.enroll, yesterday, person)[0] == "offering_started"


def _day():
    return datetime.time(9), datetime.time(16)


def test_email_must_be_verified(offering):
    person = UserFactory(verified=False)
    assert EmailAddress.objects.filter(user=person, verified=True).count() == 0
    assert error_code(services.enroll, offering, person) == (
        "email_not_verified",
        "Please confirm your email address before you enrol.",
    )


def test_profile_must_be_complete(offering):
    person = UserFactory(organisation="")
    assert error_code(services.enroll, offering, person) == (
        "profile_incomplete",
        "Please complete your profile before you enrol.",
    )


def test_eligible_audiences(person):
    other = Audience.objects.exclude(pk=person.audience_id).first()
    restricted = OfferingFactory(eligible_audiences=[other])
    assert error_code(services.enroll, restricted, person) == (
        "not_eligible",
        "This offering is reserved for other fields of work.",
    )
    open_to_mine = OfferingFactory(eligible_audiences=[other, person.audience])
    assert services.enroll(open_to_mine, person).status == Status.CONFIRMED


def test_messages_are_lazy_translations():
    error = EnrollmentError("already_enrolled")
    assert error.message.__class__.__name__ == "__proxy__"


# Approval --------------------------------------------------------------------------------------


@pytest.fixture
def approval_offering(db):
    return OfferingFactory(requires_approval=True, capacity=1)


def test_request_takes_no_seat_until_approved(approval_offering, sent):
    coordinator = CoordinatorFactory()
    first, second = UserFactory(), UserFactory()
    mails = sent(services.enroll, approval_offering, first)
    request = sent.result
    assert request.status == Status.REQUESTED
    assert mails[0].extra_headers["X-Courses-Event"] == "requested"
    other = services.enroll(approval_offering, second)
    assert other.status == Status.REQUESTED

    mails = sent(services.approve, request, coordinator)
    assert sent.result.status == Status.CONFIRMED
    assert sent.result.acted_by == coordinator
    assert mails[0].extra_headers["X-Courses-Event"] == "approved"

    # Full now: the next approval puts the person on the waitlist.
    mails = sent(services.approve, other, coordinator)
    assert sent.result.status == Status.WAITLISTED
    assert mails[0].extra_headers["X-Courses-Event"] == "approved_waitlisted"
    assert actions(other) == [
        ("courses.enrollment.requested", second.pk),
        ("courses.enrollment.approved", coordinator.pk),
    ]


def test_only_requests_can_be_approved(offering, person):
    enrollment = services.enroll(offering, person)
    assert error_code(services.approve, enrollment, None) == (
        "not_requested",
        "Only requested enrolments can be approved.",
    )


def test_decline_a_request(approval_offering, person, sent):
    coordinator = CoordinatorFactory()
    request = services.enroll(approval_offering, person)
    mails = sent(services.decline, request, coordinator, "Nur für Fachkräfte aus Halle.")
    request.refresh_from_db()
    assert request.status == Status.DECLINED
    assert request.decline_reason == "Nur für Fachkräfte aus Halle."
    assert "Nur für Fachkräfte aus Halle." in mails[0].body
    assert actions(request)[-1] == ("courses.enrollment.declined", coordinator.pk)


def test_declining_a_confirmed_seat_promotes_the_waitlist(offering, sent):
    confirmed = fill(offering, 10)
    waiting = fill(offering, 2, Status.WAITLISTED)
    mails = sent(services.decline, confirmed[0], CoordinatorFactory())
    waiting[0].refresh_from_db()
    waiting[1].refresh_from_db()
    assert waiting[0].status == Status.CONFIRMED
    assert waiting[1].status == Status.WAITLISTED
    assert {m.extra_headers["X-Courses-Event"] for m in mails} == {"declined", "promoted"}


# Cancelling ------------------------------------------------------------------------------------


def test_cancel_promotes_first_waitlisted_fifo(offering, sent):
    confirmed = fill(offering, 10)
    waiting = fill(offering, 3, Status.WAITLISTED)
    person = confirmed[3].user
    mails = sent(services.cancel, confirmed[3], person)
    statuses = [Enrollment.objects.get(pk=e.pk).status for e in waiting]
    assert statuses == [Status.CONFIRMED, Status.WAITLISTED, Status.WAITLISTED]
    assert Enrollment.objects.get(pk=waiting[1].pk).waitlist_position() == 1
    assert actions(waiting[0]) == [("courses.enrollment.promoted", None)]
    assert actions(confirmed[3]) == [("courses.enrollment.cancelled", person.pk)]
    events = sorted(m.extra_headers["X-Courses-Event"] for m in mails)
    assert events == ["cancelled_by_person", "promoted"]


def test_cancelling_a_waitlisted_enrolment_frees_no_seat(offering):
    fill(offering, 10)
    waiting = fill(offering, 2, Status.WAITLISTED)
    services.cancel(waiting[0], by=waiting[0].user)
    assert Enrollment.objects.get(pk=waiting[1].pk).status == Status.WAITLISTED
    assert Enrollment.objects.confirmed().count() == 10


def test_cancel_twice_is_not_active(offering, person):
    enrollment = services.enroll(offering, person)
    services.cancel(enrollment, person)
    assert error_code(services.cancel, enrollment, person) == (
        "not_active",
        "This enrolment is no longer active.",
    )


def test_late_cancellation_is_marked_and_coordinators_told(offering, person, sent):
    coordinator = CoordinatorFactory()
    Offering.objects.filter(pk=offering.pk).update(
        cancellation_deadline=timezone.now() - datetime.timedelta(days=1)
    )
    offering.refresh_from_db()
    enrollment = services.enroll(offering, person)
    mails = sent(services.cancel, enrollment, person)
    assert sent.result.late_cancellation is True
    assert sorted(m.to[0] for m in mails) == sorted([person.email, coordinator.email])


def test_cancel_before_the_deadline_is_not_late(offering, person):
    Offering.objects.filter(pk=offering.pk).update(
        cancellation_deadline=timezone.now() + datetime.timedelta(days=1)
    )
    offering.refresh_from_db()
    enrollment = services.cancel(services.enroll(offering, person), person)
    assert enrollment.late_cancellation is False


def test_person_cannot_cancel_after_start_but_organisers_can():
    started = OfferingFactory(sessions=[(in_days(-1), *_day()), (in_days(1), *_day())])
    enrollment = EnrollmentFactory(offering=started)
    assert error_code(services.cancel, enrollment, enrollment.user)[0] == "offering_started"
    ended = EnrollmentFactory(offering=OfferingFactory(sessions=[(in_days(-1), *_day())]))
    assert error_code(services.cancel, ended, ended.user)[0] == "offering_ended"
    assert services.cancel(enrollment, CoordinatorFactory()).status == Status.CANCELLED


def test_no_promotion_once_the_offering_started():
    started = OfferingFactory(sessions=[(in_days(-1), *_day())], capacity=1)
    confirmed = EnrollmentFactory(offering=started)
    waiting = fill(started, 1, Status.WAITLISTED)[0]
    services.cancel(confirmed, CoordinatorFactory())
    assert services.promote_waitlist(started) == []
    assert Enrollment.objects.get(pk=waiting.pk).status == Status.WAITLISTED


# Side effects only on commit -------------------------------------------------------------------


def test_nothing_is_sent_for_a_rolled_back_enrolment(
    offering, person, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        services.enroll(offering, person)
        transaction.set_rollback(True)
    assert callbacks == []
    assert mailoutbox == []
    assert not Enrollment.objects.exists()


def test_mail_in_the_persons_language(offering, sent):
    english = UserFactory(language="en")
    mails = sent(services.enroll, offering, english)
    assert mails[0].subject.startswith("Your place in")
    assert offering.module.title in mails[0].subject


# Queries and translations ------------------------------------------------------------------------


def test_seat_counts_in_one_query(django_assert_num_queries):
    for capacity in (1, 2, 3):
        offering = OfferingFactory(capacity=capacity)
        fill(offering, capacity)
        fill(offering, 2, Status.WAITLISTED)
    EnrollmentFactory(offering=offering, status=Status.REQUESTED, confirmed_at=None)
    with django_assert_num_queries(1):
        rows = list(Offering.objects.with_seat_counts().order_by("capacity"))
    assert [(o.seats_taken, o.waitlist_length, o.requests_count) for o in rows] == [
        (1, 2, 0),
        (2, 2, 0),
        (3, 2, 1),
    ]


def test_translations_share_offerings(offering):
    english = Locale.objects.get_or_create(language_code="en")[0]
    catalog = offering.module.get_parent()
    catalog.copy_for_translation(english)
    translation = offering.module.copy_for_translation(english)
    assert translation.pk != offering.module.pk
    assert list(translation.specific.offerings_for_any_translation()) == [offering]
    assert list(Offering.objects.for_module(translation)) == [offering]
