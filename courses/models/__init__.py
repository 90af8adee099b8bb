from courses.models.attendance import Attendance
from courses.models.calendar_feeds import CalendarFeedToken
from courses.models.certificates import Certificate, CertificateRenewal
from courses.models.contingents import Contingent
from courses.models.enrollments import Enrollment, EnrollmentQuerySet
from courses.models.evaluation import Evaluation
from courses.models.funding import ModuleFunding, OfferingFunding
from courses.models.materials import (
    PARTICIPANT_COLLECTION,
    PUBLIC_COLLECTION,
    ParticipantMaterial,
    PublicMaterial,
)
from courses.models.offerings import Offering, OfferingQuerySet, Session
from courses.models.pages import CatalogPage, Format, ModulePage
from courses.models.qualifications import Qualification
from courses.models.transfer import TransferAnswer

__all__ = [
    "PARTICIPANT_COLLECTION",
    "PUBLIC_COLLECTION",
    "Attendance",
    "CalendarFeedToken",
    "CatalogPage",
    "Certificate",
    "CertificateRenewal",
    "Contingent",
    "Enrollment",
    "EnrollmentQuerySet",
    "Evaluation",
    "Format",
    "ModuleFunding",
    "ModulePage",
    "Offering",
    "OfferingFunding",
    "OfferingQuerySet",
    "ParticipantMaterial",
    "PublicMaterial",
    "Qualification",
    "Session",
    "TransferAnswer",
]
