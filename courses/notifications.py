"""What the enrolment services tell people.

``notify`` is called by ``courses.services`` inside the transaction; the message is built and
queued only after the commit (nothing is sent for a rolled-back change). For now a short
plain-text message in the person's language; the rich templated mails with ``.ics``
attachments replace ``build_message`` later, keeping the event names.
"""

from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from portal.emails import send_after_commit

REQUESTED = "requested"
CONFIRMED = "confirmed"
WAITLISTED = "waitlisted"
PROMOTED = "promoted"
APPROVED = "approved"
APPROVED_WAITLISTED = "approved_waitlisted"
DECLINED = "declined"
CANCELLED_BY_PERSON = "cancelled_by_person"
CANCELLED_BY_ORGANISER = "cancelled_by_organiser"
OFFERING_CANCELLED = "offering_cancelled"
LATE_CANCELLATION = "late_cancellation"

SUBJECTS = {
    REQUESTED: _("Your request for “{title}” has been received"),
    CONFIRMED: _("Your place in “{title}” is confirmed"),
    WAITLISTED: _("You are on the waiting list for “{title}”"),
    PROMOTED: _("A place in “{title}” has become free for you"),
    APPROVED: _("Your request for “{title}” has been approved"),
    APPROVED_WAITLISTED: _("Your request for “{title}” has been approved: waiting list"),
    DECLINED: _("Your enrolment in “{title}” has been declined"),
    CANCELLED_BY_PERSON: _("You have cancelled your enrolment in “{title}”"),
    CANCELLED_BY_ORGANISER: _("Your enrolment in “{title}” has been cancelled"),
    OFFERING_CANCELLED: _("“{title}” has been cancelled"),
    LATE_CANCELLATION: _("Late cancellation for “{title}”"),
}

BODIES = {
    REQUESTED: _("We have received your request. The coordination will get back to you."),
    CONFIRMED: _("You are registered. We look forward to seeing you."),
    WAITLISTED: _("The offering is full. You are number {position} on the waiting list."),
    PROMOTED: _("A place has become free: you are now registered."),
    APPROVED: _("Your request has been approved: you are registered."),
    APPROVED_WAITLISTED: _(
        "Your request has been approved, but the offering is full. "
        "You are number {position} on the waiting list."
    ),
    DECLINED: _("Unfortunately we cannot offer you a place. {reason}"),
    CANCELLED_BY_PERSON: _("Your cancellation has been recorded."),
    CANCELLED_BY_ORGANISER: _("The organisers have cancelled your enrolment."),
    OFFERING_CANCELLED: _("Unfortunately the offering has been cancelled. Reason: {reason}"),
    LATE_CANCELLATION: _("{person} cancelled after the cancellation deadline."),
}


def notify(enrollment, event: str, **context) -> None:
    """Tell the enrolled person about ``event``, after the current transaction commits."""
    transaction.on_commit(partial(_send, enrollment.pk, event, context))


def notify_coordinators_late_cancellation(enrollment) -> None:
    transaction.on_commit(partial(_send_to_coordinators, enrollment.pk, LATE_CANCELLATION))


def _load(enrollment_pk):
    from courses.models import Enrollment

    return (
        Enrollment.objects.select_related("user", "offering__module")
        .prefetch_related("offering__sessions")
        .filter(pk=enrollment_pk)
        .first()
    )


def build_message(enrollment, event: str, to: str, language: str, **context) -> EmailMessage:
    with translation.override(language):
        title = str(enrollment.offering)
        context = {"title": title, "position": "", "reason": "", **context}
        if event in (WAITLISTED, APPROVED_WAITLISTED):
            context["position"] = enrollment.waitlist_position() or ""
        if event == LATE_CANCELLATION:
            context["person"] = str(enrollment.user) if enrollment.user_id else "–"
        subject = str(SUBJECTS[event]).format(**context)
        lines = [str(BODIES[event]).format(**context).strip(), "", title]
        lines += [str(session) for session in enrollment.offering.ordered_sessions]
        return EmailMessage(
            subject=subject,
            body="\n".join(lines) + "\n",
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[to],
            headers={"X-Courses-Event": event},
        )


def _send(enrollment_pk, event, context):
    enrollment = _load(enrollment_pk)
    if enrollment is None or enrollment.user is None or not enrollment.user.email:
        return
    user = enrollment.user
    send_after_commit(build_message(enrollment, event, user.email, user.language, **context))


def _send_to_coordinators(enrollment_pk, event):
    from portal.models import User
    from portal.roles import COORDINATORS

    enrollment = _load(enrollment_pk)
    if enrollment is None:
        return
    for coordinator in User.objects.filter(groups__name=COORDINATORS, is_active=True):
        send_after_commit(
            build_message(enrollment, event, coordinator.email, coordinator.language)
        )
