"""Retention of requests, interests (needs_analysis.retention) and workshop registrations
(workshops.retention): one year after closing or after the event; findings survive."""

import datetime

import pytest
from django.utils import timezone

from needs_analysis.models import ConsultationRequest, Finding, InHouseRequest, Interest
from needs_analysis.retention import retain_interests, retain_requests
from portal.retention import periods
from tests.courses.factories import OfferingFactory
from tests.factories import UserFactory
from tests.needs_analysis.factories import (
    ConsultationRequestFactory,
    FindingFactory,
    InHouseRequestFactory,
    InterestFactory,
    WorkshopFactory,
)
from workshops.models import WorkshopRegistration
from workshops.retention import retain_registrations

pytestmark = pytest.mark.django_db

YEAR = datetime.timedelta(days=365)
MINUTE = datetime.timedelta(minutes=1)
NINE, FOUR = datetime.time(9), datetime.time(16)


def age(instance, **fields):
    type(instance).objects.filter(pk=instance.pk).update(**fields)
    instance.refresh_from_db()
    return instance


def offering_ended(days_ago, now):
    day = timezone.localdate(now) - datetime.timedelta(days=days_ago)
    return OfferingFactory(sessions=[(day, NINE, FOUR)])


def remaining(model):
    return set(model.objects.values_list("pk", flat=True))


# Requests ------------------------------------------------------------------------------------


def test_consultation_requests_go_a_year_after_closing_and_their_findings_stay():
    now = timezone.now()
    closed = ConsultationRequest.Status.CLOSED
    old = ConsultationRequestFactory(status=closed, closed_at=now - YEAR - MINUTE)
    finding = FindingFactory(channel=Finding.Channel.CONSULTATION, consultation_request=old)
    recent = ConsultationRequestFactory(status=closed, closed_at=now - YEAR + MINUTE)
    # Reopened after it was closed: not closed any more, whatever closed_at says.
    reopened = ConsultationRequestFactory(
        status=ConsultationRequest.Status.IN_PROGRESS, closed_at=now - 2 * YEAR
    )
    # Closed without the admin's closed_at: the last change counts.
    no_date = age(ConsultationRequestFactory(status=closed), updated_at=now - YEAR - MINUTE)
    open_old = age(ConsultationRequestFactory(), updated_at=now - 3 * YEAR)

    counts = retain_requests(now, periods())

    assert counts["consultation_requests_deleted"] == 2
    assert remaining(ConsultationRequest) == {recent.pk, reopened.pk, open_old.pk}
    assert no_date.pk not in remaining(ConsultationRequest)
    finding.refresh_from_db()
    assert finding.consultation_request_id is None
    assert retain_requests(now, periods())["consultation_requests_deleted"] == 0


def test_in_house_requests_go_a_year_after_they_were_closed_or_held():
    now = timezone.now()
    Status = InHouseRequest.Status
    declined = age(InHouseRequestFactory(status=Status.DECLINED), updated_at=now - YEAR - MINUTE)
    closed = age(InHouseRequestFactory(status=Status.CLOSED), updated_at=now - YEAR - MINUTE)
    finding = FindingFactory(channel=Finding.Channel.IN_HOUSE, in_house_request=closed)
    recent = age(InHouseRequestFactory(status=Status.CLOSED), updated_at=now - YEAR + MINUTE)
    held = InHouseRequestFactory(status=Status.PLANNED, offering=offering_ended(366, now))
    held_recently = InHouseRequestFactory(status=Status.PLANNED, offering=offering_ended(365, now))
    in_progress = age(InHouseRequestFactory(status=Status.IN_PROGRESS), updated_at=now - 3 * YEAR)

    counts = retain_requests(now, periods())

    assert counts["in_house_requests_deleted"] == 3
    assert remaining(InHouseRequest) == {recent.pk, held_recently.pk, in_progress.pk}
    assert {declined.pk, held.pk}.isdisjoint(remaining(InHouseRequest))
    finding.refresh_from_db()
    assert finding.in_house_request_id is None
    assert retain_requests(now, periods())["in_house_requests_deleted"] == 0


# Interests -----------------------------------------------------------------------------------


def test_interests_go_a_year_after_the_event():
    now = timezone.now()
    Status = Interest.Status
    long_ago = now - 3 * YEAR
    notified_old = age(
        InterestFactory(status=Status.NOTIFIED, notified_offering=offering_ended(366, now)),
        updated_at=now,
    )
    finding = FindingFactory(channel=Finding.Channel.INTEREST, interest=notified_old)
    notified_recent = age(
        InterestFactory(status=Status.NOTIFIED, notified_offering=offering_ended(365, now)),
        updated_at=long_ago,  # the offering counts, not the last change
    )
    offering_gone = age(InterestFactory(status=Status.NOTIFIED), updated_at=now - YEAR - MINUTE)
    withdrawn_old = age(InterestFactory(status=Status.WITHDRAWN), updated_at=now - YEAR - MINUTE)
    withdrawn_recent = age(
        InterestFactory(status=Status.WITHDRAWN), updated_at=now - YEAR + MINUTE
    )
    # Still waiting for an offering: no event yet, kept however old (it goes with the account).
    active_old = age(InterestFactory(), updated_at=long_ago)

    assert retain_interests(now, periods()) == {"interests_deleted": 3}
    assert remaining(Interest) == {notified_recent.pk, withdrawn_recent.pk, active_old.pk}
    assert {offering_gone.pk, withdrawn_old.pk}.isdisjoint(remaining(Interest))
    finding.refresh_from_db()
    assert finding.interest_id is None
    assert retain_interests(now, periods()) == {"interests_deleted": 0}


# Workshop registrations ----------------------------------------------------------------------


def test_workshop_registrations_lose_the_person_a_year_after_the_talk():
    now = timezone.now()
    ended = WorkshopFactory(
        starts_at=now - YEAR - datetime.timedelta(hours=3, minutes=1),
        ends_at=now - YEAR - MINUTE,
    )
    recent = WorkshopFactory(
        starts_at=now - YEAR - datetime.timedelta(hours=3), ends_at=now - YEAR + MINUTE
    )
    person = UserFactory()
    old = WorkshopRegistration.objects.create(
        workshop=ended, user=person, audience=person.audience
    )
    kept = WorkshopRegistration.objects.create(workshop=recent, user=person)

    assert retain_registrations(now, periods()) == {"workshop_registrations_anonymised": 1}
    old.refresh_from_db()
    kept.refresh_from_db()
    assert old.user_id is None
    assert old.audience_id == person.audience_id  # the statistic stays
    assert kept.user_id == person.pk
    assert retain_registrations(now, periods()) == {"workshop_registrations_anonymised": 0}
