"""The business rules of the courses app, one module per concern.

Views, admin views, forms, commands and other apps call these functions; none of them
re-implements a rule. ``from courses.services import enroll`` and ``services.enroll(...)`` keep
working: the public entry points are re-exported here. "May this person …?" is not a rule of
these modules but of ``courses.access``.

- ``enrolment``: enrol, cancel, approve, decline, waitlist promotion (the seat lock lives here)
- ``offerings``: create an offering with its sessions, change its capacity, cancel it
- ``attendance``: mark attendance, who counts as having attended
- ``certificates``: issue and revoke certificates
- ``evaluation``: the anonymous evaluation and its results
- ``materials``: participant materials per module
- ``reminders``: the scheduled mails sent once per enrolment (reminders, evaluation requests)
- ``minimums``: offerings below their minimum before the go/no-go date, "Findet statt"
- ``seats``: which seat a person may take (reserved contingents and the general pool)
- ``contingents``: releasing reserved seats at their date
- ``offers``: waiting-list offers with a deadline (accept, decline, expire)
"""

from courses.services.attendance import attendance_share, attended, attended_ids, mark_attendance
from courses.services.certificates import issue_certificate, issue_certificates, revoke_certificate
from courses.services.contingents import release_due_contingents
from courses.services.enrolment import (
    EnrollmentError,
    approve,
    cancel,
    check_can_cancel,
    check_can_enroll,
    decline,
    enroll,
    is_late_cancellation,
    promote_waitlist,
)
from courses.services.evaluation import (
    EVALUATION_FIELDS,
    MIN_EVALUATION_ANSWERS,
    can_evaluate,
    evaluation_results,
    submit_evaluation,
)
from courses.services.materials import (
    add_material,
    enrolment_materials_by_module_key,
    participant_materials_by_module_key,
)
from courses.services.minimums import (
    confirm_runs,
    offerings_below_minimum,
    warn_below_minimum,
)
from courses.services.offerings import cancel_offering, change_capacity, create_offering
from courses.services.offers import accept_offer, decline_offer, expire_offers
from courses.services.reminders import send_evaluation_requests, send_reminders
from courses.services.renewal_reminders import send_renewal_reminders

__all__ = [
    "EVALUATION_FIELDS",
    "MIN_EVALUATION_ANSWERS",
    "EnrollmentError",
    "accept_offer",
    "add_material",
    "approve",
    "attendance_share",
    "attended",
    "attended_ids",
    "can_evaluate",
    "cancel",
    "cancel_offering",
    "change_capacity",
    "check_can_cancel",
    "check_can_enroll",
    "confirm_runs",
    "create_offering",
    "decline",
    "decline_offer",
    "enroll",
    "enrolment_materials_by_module_key",
    "evaluation_results",
    "expire_offers",
    "is_late_cancellation",
    "issue_certificate",
    "issue_certificates",
    "mark_attendance",
    "offerings_below_minimum",
    "participant_materials_by_module_key",
    "promote_waitlist",
    "release_due_contingents",
    "revoke_certificate",
    "send_evaluation_requests",
    "send_reminders",
    "send_renewal_reminders",
    "submit_evaluation",
    "warn_below_minimum",
]
