"""Refreshers renew certificates: from the old expiry, from the refresher's day within the
grace period, not at all after it; once per refresher."""

import datetime

import pytest
from django.utils import timezone

from courses import services
from courses.models import Certificate, CertificateRenewal
from courses.services.renewal import renewed_until
from courses.validity import add_months
from tests.courses.qualification_data import attend, modules, qualification
from tests.factories import ProfessionalFactory

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def days_ago(days):
    return timezone.localdate() - datetime.timedelta(days=days)


@pytest.fixture
def threat_management():
    """A qualification valid for 24 months from one module, and its refresher."""
    (basis,) = modules(1)
    q = qualification(basis, title="Persönliches Bedrohungsmanagement", validity_months=24)
    (refresher,) = modules(1)
    refresher.title = "Auffrischung Bedrohungsmanagement"
    refresher.renews_qualifications.add(q)
    refresher.save()
    return q, basis, refresher


def holder_of(q, basis, completed_days_ago):
    person = ProfessionalFactory()
    attend(person, basis, days_ago=completed_days_ago)
    return person, Certificate.objects.get(kind=Certificate.Kind.QUALIFICATION, holder=person)


def test_a_valid_certificate_is_extended_from_its_old_expiry(threat_management):
    q, basis, refresher = threat_management
    person, certificate = holder_of(q, basis, completed_days_ago=700)
    old = certificate.valid_until
    assert old == add_months(days_ago(700), 24) - DAY
    assert old >= timezone.localdate()

    enrollment = attend(person, refresher, days_ago=1)
    certificate.refresh_from_db()
    assert certificate.valid_until == add_months(old, 24)
    renewal = CertificateRenewal.objects.get(certificate=certificate)
    assert (renewal.previous_valid_until, renewal.valid_until) == (old, certificate.valid_until)
    assert renewal.enrollment == enrollment and renewal.attended_on == days_ago(1)

    # Marking the refresher's attendance again changes nothing.
    session = enrollment.offering.sessions.get()
    services.mark_attendance(enrollment.offering, session, [], None)
    services.mark_attendance(enrollment.offering, session, [enrollment.pk], None)
    certificate.refresh_from_db()
    assert certificate.valid_until == add_months(old, 24)
    assert CertificateRenewal.objects.count() == 1


def test_an_expired_certificate_is_renewed_from_the_refresher_within_the_grace_period(
    threat_management,
):
    q, basis, refresher = threat_management
    person, certificate = holder_of(q, basis, completed_days_ago=800)  # expired ~2 months ago
    assert certificate.is_expired()
    attend(person, refresher, days_ago=1)
    certificate.refresh_from_db()
    assert certificate.valid_until == add_months(days_ago(1), 24) - DAY
    assert not certificate.is_expired()


def test_after_the_grace_period_the_qualification_must_be_earned_again(threat_management):
    q, basis, refresher = threat_management
    person, certificate = holder_of(q, basis, completed_days_ago=1100)  # expired ~1 year ago
    old = certificate.valid_until
    attend(person, refresher, days_ago=1)
    certificate.refresh_from_db()
    assert certificate.valid_until == old
    assert not CertificateRenewal.objects.exists()


def test_revoked_or_unlimited_certificates_are_not_renewed(threat_management):
    q, basis, refresher = threat_management
    person, certificate = holder_of(q, basis, completed_days_ago=100)
    services.revoke_certificate(certificate, by=None, reason="Irrtum")
    attend(person, refresher, days_ago=1)
    assert not CertificateRenewal.objects.exists()

    (unlimited,) = modules(1)
    q2 = qualification(unlimited, title="Ohne Ablauf")
    refresher.renews_qualifications.add(q2)
    refresher.save()
    other = ProfessionalFactory()
    attend(other, unlimited, days_ago=50)
    attend(other, refresher, days_ago=1)
    assert Certificate.objects.get(holder=other, qualification=q2).valid_until is None
    assert not CertificateRenewal.objects.exists()


def test_a_refresher_renews_the_newest_module_certificate():
    (module,) = modules(1, validity_months=12)
    (refresher,) = modules(1)
    refresher.renews_modules.add(module)
    refresher.save()
    person = ProfessionalFactory()
    older = services.issue_certificate(attend(person, module, days_ago=330))
    newer = services.issue_certificate(attend(person, module, days_ago=200))
    attend(person, refresher, days_ago=1)
    older.refresh_from_db()
    newer.refresh_from_db()
    assert older.valid_until == add_months(days_ago(330), 12) - DAY
    assert newer.valid_until == add_months(add_months(days_ago(200), 12) - DAY, 12)
    assert CertificateRenewal.objects.get().certificate == newer


@pytest.mark.parametrize(
    ("current", "attended", "grace", "expected"),
    [
        # Still valid: from the old expiry.
        (datetime.date(2027, 6, 30), datetime.date(2027, 5, 1), 180, datetime.date(2029, 6, 30)),
        # On the last valid day: still from the old expiry.
        (datetime.date(2027, 6, 30), datetime.date(2027, 6, 30), 180, datetime.date(2029, 6, 30)),
        # Expired 31 days before: from the refresher's day.
        (datetime.date(2027, 6, 30), datetime.date(2027, 7, 31), 180, datetime.date(2029, 7, 30)),
        # Expired longer than the grace period before: nothing.
        (datetime.date(2027, 6, 30), datetime.date(2028, 1, 1), 180, None),
        (datetime.date(2027, 6, 30), datetime.date(2027, 7, 1), 0, None),
    ],
)
def test_renewed_until(current, attended, grace, expected):
    assert renewed_until(current, attended, 24, grace) == expected
