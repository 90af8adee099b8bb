"""Data export and account deletion: what a person can take with them and what is forgotten."""

import json

import pytest
from django.contrib.auth import get_user_model

from courses import services
from courses.models import Enrollment
from portal.privacy import export_user_data
from tests.courses.factories import EnrollmentFactory, OfferingFactory
from tests.courses.past_offerings import past_offering
from tests.factories import PASSWORD, CoordinatorFactory, ProfessionalFactory, TrainerFactory

pytestmark = pytest.mark.django_db

URLS = ["/mein-bereich/datenschutz/", "/mein-bereich/datenschutz/export/"]


@pytest.mark.parametrize("url", [*URLS, "/mein-bereich/datenschutz/konto-loeschen/"])
def test_anonymous_visitors_are_sent_to_the_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/")


@pytest.mark.parametrize("factory", [ProfessionalFactory, TrainerFactory, CoordinatorFactory])
@pytest.mark.parametrize("url", URLS)
def test_every_role_reaches_its_own_data(client, factory, url):
    user = factory()
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")


def test_the_export_holds_profile_and_enrolments(client):
    user = ProfessionalFactory(first_name="Paula", organisation="LKR")
    offering = OfferingFactory(module__title="Rechtsextremismus erkennen")
    services.enroll(offering, user, comment="Rollstuhlgerechter Raum")
    client.force_login(user)

    response = client.get("/mein-bereich/datenschutz/export/")

    assert response["Content-Disposition"] == 'attachment; filename="meine-daten.json"'
    data = json.loads(response.content)
    assert data["account"]["email"] == user.email
    assert data["account"]["organisation"] == "LKR"
    assert data["email_addresses"][0]["verified"] is True
    [enrollment] = data["enrollments"]
    assert enrollment["module"] == "Rechtsextremismus erkennen"
    assert enrollment["status"] == "confirmed"
    assert enrollment["comment"] == "Rollstuhlgerechter Raum"


def test_the_export_holds_the_attendance_of_each_enrolment():
    user = ProfessionalFactory()
    offering = past_offering(days=2)
    mine = EnrollmentFactory(offering=offering, user=user)
    EnrollmentFactory(offering=offering)  # somebody else's attendance stays out
    services.enroll(OfferingFactory(), user)  # not yet marked
    first, second = offering.ordered_sessions
    coordinator = CoordinatorFactory()
    services.mark_attendance(offering, second, [], coordinator)
    services.mark_attendance(offering, first, [mine.pk], coordinator)

    data = json.loads(json.dumps(export_user_data(user)))

    attended, upcoming = data["enrollments"]
    assert attended["attendance"] == [
        {
            "date": first.date.isoformat(),
            "start": f"{first.start_time:%H:%M}",
            "present": True,
        },
        {
            "date": second.date.isoformat(),
            "start": f"{second.start_time:%H:%M}",
            "present": False,
        },
    ]
    assert upcoming["attendance"] == []


def test_deletion_asks_to_log_in_again(client):
    client.force_login(ProfessionalFactory())
    response = client.get("/mein-bereich/datenschutz/konto-loeschen/")
    assert response.status_code == 302
    assert "/konto/reauthenticate/" in response["Location"]


def _reauthenticated_client(client, user):
    client.force_login(user)
    response = client.post("/konto/reauthenticate/", {"password": PASSWORD})
    assert response.status_code == 302
    return client


def test_deleting_the_account_frees_places_and_keeps_anonymous_numbers(
    client, django_capture_on_commit_callbacks
):
    user = ProfessionalFactory()
    offering = OfferingFactory(capacity=1)
    mine = services.enroll(offering, user, comment="Vegetarisch")
    waiting = services.enroll(offering, ProfessionalFactory())
    assert waiting.status == Enrollment.Status.WAITLISTED
    _reauthenticated_client(client, user)

    response = client.post("/mein-bereich/datenschutz/konto-loeschen/", {})
    assert response.status_code == 200  # the confirmation box is required
    assert get_user_model().objects.filter(pk=user.pk).exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/mein-bereich/datenschutz/konto-loeschen/", {"confirm": "on"})

    assert response.status_code == 302
    assert not get_user_model().objects.filter(pk=user.pk).exists()
    mine.refresh_from_db()
    waiting.refresh_from_db()
    assert mine.user is None
    assert mine.comment == ""
    assert mine.status == Enrollment.Status.CANCELLED
    assert waiting.status == Enrollment.Status.CONFIRMED
    assert Enrollment.objects.filter(offering=offering).count() == 2
    assert "_auth_user_id" not in client.session
