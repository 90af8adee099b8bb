"""The demo accounts the courses demo refers to (created by ``portal.demo``)."""

from portal.models import User

TRAINER_EMAIL = "referentin@example.org"
COORDINATOR_EMAIL = "koordination@example.org"
PROFESSIONAL_EMAIL = "fachkraft@example.org"


def account(email: str) -> User | None:
    """The demo account, or None where ``portal.demo`` has not created it (some tests)."""
    return User.objects.filter(email__iexact=email).first()
