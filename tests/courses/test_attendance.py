"""Attendance: marking through the service, the attended rule, the admin grid and the sheet."""

import pytest
from django.test import override_settings
from django.urls import reverse
from wagtail.models import ModelLogEntry

from courses import services
from courses.models import Attendance, Enrollment
from tests.courses.factories import (
    EnrollmentFactory,
    ModulePageFactory,
    OfferingFactory,
)
from tests.courses.past_offerings import past_offering, pdf_text, trainer_of
from tests.factories import CoordinatorFactory, ProfessionalFactory, TrainerFactory

pytestmark = pytest.mark.django_db


def test_mark_attendance_sets_every_confirmed_participant():
    offering = past_offering(days=2)
    here = EnrollmentFactory(offering=offering)
    away = EnrollmentFactory(offering=offering)
    waiting = EnrollmentFactory(
        offering=offering, status=Enrollment.Status.WAITLISTED, confirmed_at=None
    )
    coordinator = CoordinatorFactory()
    first, second = offering.ordered_sessions
    assert services.mark_attendance(offering, first, [here.pk, waiting.pk], coordinator) == 1
    marks = {a.enrollment_id: a.present for a in Attendance.objects.filter(session=first)}
    assert marks == {here.pk: True, away.pk: False}
    assert ModelLogEntry.objects.filter(action="courses.offering.attendance_marked").count() == 1
    assert not services.attended(here)  # one of two sessions
    services.mark_attendance(offering, second, [here.pk], coordinator)
    assert services.attended(here)
    assert not services.attended(away)
    assert not services.attended(waiting)
    assert services.attended_ids([here, away, waiting]) == {here.pk}
    # Marking again changes, never duplicates.
    services.mark_attendance(offering, second, [], coordinator)
    assert Attendance.objects.count() == 4
    assert not services.attended(here)


@override_settings(PORTAL_ATTENDANCE_SHARE=0.5)
def test_attended_share_is_configurable():
    offering = past_offering(days=2)
    enrollment = EnrollmentFactory(offering=offering)
    first = offering.ordered_sessions[0]
    services.mark_attendance(offering, first, [enrollment.pk], None)
    assert services.attended(enrollment)
    assert services.attended_ids([enrollment]) == {enrollment.pk}


def test_future_sessions_and_foreign_sessions_are_refused():
    offering = OfferingFactory()  # in 30 days
    other = past_offering()
    with pytest.raises(services.EnrollmentError) as error:
        services.mark_attendance(offering, offering.ordered_sessions[0], [], None)
    assert error.value.code == "session_not_started"
    with pytest.raises(services.EnrollmentError) as error:
        services.mark_attendance(offering, other.ordered_sessions[0], [], None)
    assert error.value.code == "wrong_session"


@pytest.mark.parametrize("name", ["attendance", "sign_in_sheet"])
def test_attendance_pages_permissions(client, name):
    offering = past_offering()
    EnrollmentFactory(offering=offering)
    url = reverse(f"offerings:{name}", args=[offering.pk])
    assert client.get(url).status_code == 302  # anonymous → login
    client.force_login(ProfessionalFactory())
    response = client.get(url)  # no admin access: Wagtail sends them to the login
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/?next=")
    client.force_login(TrainerFactory())  # a trainer of other modules
    assert client.get(url).status_code == 404
    client.force_login(trainer_of(offering))
    assert client.get(url).status_code == 200
    client.force_login(CoordinatorFactory())
    assert client.get(url).status_code == 200


def test_offering_trainer_may_mark(client):
    offering = past_offering()
    trainer = TrainerFactory()
    offering.trainers.add(trainer)
    offering.save()
    client.force_login(trainer)
    assert client.get(reverse("offerings:attendance", args=[offering.pk])).status_code == 200


def test_attendance_grid_saves_through_the_service(client):
    offering = past_offering(days=2)
    here = EnrollmentFactory(offering=offering, user__first_name="Hanna")
    away = EnrollmentFactory(offering=offering)
    first, second = offering.ordered_sessions
    client.force_login(trainer_of(offering))
    url = reverse("offerings:attendance", args=[offering.pk])
    response = client.get(url)
    assert b'type="checkbox"' in response.content
    assert "Hanna" in response.content.decode()
    response = client.post(
        url,
        {
            "session": [first.pk, second.pk],
            f"present-{first.pk}": [here.pk],
            f"present-{second.pk}": [here.pk, away.pk],
        },
    )
    assert response.status_code == 302
    assert services.attended(here)
    assert not services.attended(away)
    assert Attendance.objects.filter(enrollment=away, present=True).count() == 1


def test_professional_cannot_post_attendance(client):
    offering = past_offering()
    enrollment = EnrollmentFactory(offering=offering)
    session = offering.ordered_sessions[0]
    client.force_login(enrollment.user)
    client.post(
        reverse("offerings:attendance", args=[offering.pk]),
        {"session": [session.pk], f"present-{session.pk}": [enrollment.pk]},
    )
    assert not Attendance.objects.exists()


def test_sign_in_sheet_lists_confirmed_participants(client):
    module = ModulePageFactory(title="Fallmanagement nach der Haft")
    offering = past_offering(module=module)
    EnrollmentFactory(offering=offering, user__first_name="Jolanda", user__last_name="Beispiel")
    EnrollmentFactory(
        offering=offering,
        status=Enrollment.Status.WAITLISTED,
        confirmed_at=None,
        user__first_name="Wartende",
    )
    client.force_login(CoordinatorFactory())
    response = client.get(reverse("offerings:sign_in_sheet", args=[offering.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Jolanda Beispiel" in text
    assert "Fallmanagement nach der Haft" in text
    assert "Wartende" not in text
