from courses.models.enrollments import Enrollment, EnrollmentQuerySet
from courses.models.offerings import Offering, OfferingQuerySet, Session
from courses.models.pages import CatalogPage, Format, ModulePage

__all__ = [
    "CatalogPage",
    "Enrollment",
    "EnrollmentQuerySet",
    "Format",
    "ModulePage",
    "Offering",
    "OfferingQuerySet",
    "Session",
]
