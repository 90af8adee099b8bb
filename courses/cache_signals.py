"""What of the courses bumps the content version (``portal/content_version.py``).

The catalogue and the module pages show offerings, their sessions, free seats and the waiting
list, public materials and (on the verification page) certificates. Every enrolment transition
(``courses/services/enrolment.py``: enrol, cancel, approve, decline, promote from the waiting
list) and every offering change (``courses/services/offerings.py``) saves the rows one by one,
so these signals see each of them, in the same transaction: the bump after the commit comes
before the next request can read the new seat count. The one bulk write,
``Session.objects.bulk_create`` when an offering is created, comes with the offering's own save;
``release_due_contingents`` marks contingents released with an update and bumps itself.
"""

from portal.cache_signals import connect


def connect_courses() -> None:
    from courses.models import (
        Certificate,
        Contingent,
        Enrollment,
        Offering,
        ParticipantMaterial,
        PublicMaterial,
        Session,
    )

    connect([Offering, Session, Contingent], "offerings")
    connect([Enrollment], "enrolments")
    connect([Certificate], "certificates")
    connect([PublicMaterial, ParticipantMaterial], "materials")
