"""The mail after giving up an enrolment names what was given up: a place ("abgesagt"), a place
on the waiting list ("von der Warteliste abgemeldet") or a request ("zurückgezogen")."""

import pytest

from courses import services
from courses.models import Enrollment
from tests.courses.factories import EnrollmentFactory, ModulePageFactory, OfferingFactory
from tests.factories import UserFactory

Status = Enrollment.Status
pytestmark = pytest.mark.django_db


@pytest.fixture
def offering(db):
    return OfferingFactory(module=ModulePageFactory(title="Übergangsmanagement"))


def _html(mail):
    [(content, mimetype)] = mail.alternatives
    assert mimetype == "text/html"
    return content


def _cancel_by_person(sent, offering, status):
    enrollment = EnrollmentFactory(
        offering=offering, user=UserFactory(language="de"), status=status, confirmed_at=None
    )
    mails = sent(services.cancel, enrollment, enrollment.user)
    [mail] = [m for m in mails if m.extra_headers["X-Courses-Event"] == "cancelled_by_person"]
    return mail


def test_a_cancelled_place(sent, offering):
    mail = _cancel_by_person(sent, offering, Status.CONFIRMED)
    assert mail.subject == "Sie haben Ihre Teilnahme an „Übergangsmanagement“ abgesagt"
    for body in (mail.body, _html(mail)):
        expected = "Wie gewünscht haben wir Ihre Anmeldung zu „Übergangsmanagement“ aufgehoben."
        assert expected in body


def test_leaving_the_waiting_list(sent, offering):
    mail = _cancel_by_person(sent, offering, Status.WAITLISTED)
    assert mail.subject == "Sie haben sich von der Warteliste für „Übergangsmanagement“ abgemeldet"
    for body in (mail.body, _html(mail)):
        assert (
            "Sie haben sich wie gewünscht von der Warteliste für „Übergangsmanagement“ abgemeldet."
            in body
        )
        assert "Anmeldung zu „Übergangsmanagement“ aufgehoben" not in body


def test_withdrawing_a_request(sent, offering):
    mail = _cancel_by_person(sent, offering, Status.REQUESTED)
    assert mail.subject == "Sie haben Ihre Anfrage für „Übergangsmanagement“ zurückgezogen"
    for body in (mail.body, _html(mail)):
        assert "Ihre Anfrage für „Übergangsmanagement“ wurde wie gewünscht zurückgezogen." in body
        assert "Anmeldung zu „Übergangsmanagement“ aufgehoben" not in body
