"""Attendance, certificates and evaluations for the past demo offerings (``evaluations.yaml``).

Through the services, idempotently: offerings with attendance already marked are left alone,
certificates are issued once, and only enrolments that have not answered yet are evaluated.
"""

from django.utils import timezone

from courses import services
from courses.demo.offerings import NOTE_PREFIX, demo_key
from courses.demo.people import COORDINATOR_EMAIL, PROFESSIONAL_EMAIL, account
from courses.models import Attendance, Certificate, Enrollment, Offering
from portal.demo.data import load


def seed_attendance_certificates_evaluations(log) -> None:
    """The demo professional gets a certificate for the evaluated offering and can still
    evaluate it herself; the offerings in ``unmarked_past_offerings`` are left for trainers to
    try marking attendance."""
    plan = load(__file__, "evaluations.yaml")
    coordinator, professional = account(COORDINATOR_EMAIL), account(PROFESSIONAL_EMAIL)
    past = (
        Offering.objects.filter(
            internal_notes__startswith=NOTE_PREFIX, status=Offering.Status.COMPLETED
        )
        .select_related("module")
        .prefetch_related("sessions", "trainers")
    )
    now = timezone.now()
    marked = issued = evaluated = 0
    for offering in past:
        key = demo_key(offering)
        if key in plan["unmarked_past_offerings"]:
            continue
        if offering.ends_at is None or offering.ends_at > now:
            continue
        by = next(iter(offering.trainers.all()), None) or coordinator
        if not Attendance.objects.filter(session__offering=offering).exists():
            present = list(
                Enrollment.objects.confirmed()
                .filter(offering=offering)
                .values_list("pk", flat=True)
            )
            for session in offering.ordered_sessions:
                services.mark_attendance(offering, session, present, by)
            marked += 1
        before = Certificate.objects.filter(enrollment__offering=offering).count()
        issued += len(services.issue_certificates(offering, coordinator)) if before == 0 else 0
        if key == plan["evaluated_offering"]:
            evaluated += _evaluate(offering, professional, plan["evaluations"])
        elif key in plan.get("rated_offerings", ()):
            evaluated += _evaluate(offering, professional, plan["ratings"])
    if marked or issued or evaluated:
        log(f"Anwesenheit: {marked} Termine, Bescheinigungen: {issued}, Evaluationen: {evaluated}")


def _evaluate(offering, professional, answer_sets) -> int:
    """One answer set per confirmed participant (the demo professional left out), in order."""
    enrollments = list(
        Enrollment.objects.confirmed()
        .filter(offering=offering)
        .exclude(user=professional)
        .order_by("pk")[: len(answer_sets)]
    )
    count = 0
    for enrollment, answers in zip(enrollments, answer_sets, strict=False):
        if enrollment.evaluated:
            continue
        services.submit_evaluation(enrollment, dict(answers))
        count += 1
    return count
