"""What the enrolment services tell people: mails from templates in the recipient's language.

``notify`` is called by ``courses.services`` (also for the reminders) inside the
transaction that changes the enrolment. The message is built only after the commit, from the
committed state by ``portal.mail.render_message`` and handed to the ``send_email`` background
task (``portal.mail.send_after_commit``): nothing is sent for a rolled-back change.

Every event has three templates in ``templates/courses/emails/``: ``<event>_subject.txt``,
``<event>.txt`` (the plain-text body) and ``<event>.html`` (the HTML alternative, extending
``base_email.html``). Mails that confirm a seat carry the offering's dates as an ``.ics`` file.
"""

from __future__ import annotations

from functools import partial

from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from portal.mail import (
    absolute_url,
    on_commit_unless_suppressed,
    page_url,
    render_message,
    send_after_commit,
    site_name,
)

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
REMINDER = "reminder"
EVALUATION_REQUEST = "evaluation_request"
SEAT_OFFERED = "seat_offered"
OFFER_EXPIRED = "offer_expired"

EVENTS = (
    REQUESTED,
    CONFIRMED,
    WAITLISTED,
    PROMOTED,
    APPROVED,
    APPROVED_WAITLISTED,
    DECLINED,
    CANCELLED_BY_PERSON,
    CANCELLED_BY_ORGANISER,
    OFFERING_CANCELLED,
    LATE_CANCELLATION,
    REMINDER,
    EVALUATION_REQUEST,
    SEAT_OFFERED,
    OFFER_EXPIRED,
)

# Mails that hand out a seat, and the reminder before the training, carry the calendar file
# (if the seat is still held on commit).
CALENDAR_EVENTS = frozenset({CONFIRMED, PROMOTED, APPROVED, REMINDER})

TEMPLATE_DIR = "courses/emails"
EVENT_HEADER = "X-Courses-Event"


def notify(enrollment, event: str, **context) -> None:
    """Tell the enrolled person about ``event``, after the current transaction commits."""
    if event not in EVENTS:
        raise ValueError(f"Unknown enrolment event: {event!r}")
    on_commit_unless_suppressed(partial(_send, enrollment.pk, event, context))


def notify_coordinators_late_cancellation(enrollment) -> None:
    on_commit_unless_suppressed(partial(_send_to_coordinators, enrollment.pk, LATE_CANCELLATION))


# Building the message ---------------------------------------------------------------------------


def build_message(
    enrollment, event: str, to: str, language: str, recipient=None, **extra
) -> EmailMultiAlternatives:
    """The complete mail for ``event``, rendered in ``language`` by ``portal.mail``.

    ``recipient`` is the person addressed (the enrolled person unless given, e.g. a
    coordinator); ``extra`` may carry a ``reason`` (declined, offering cancelled). Mails that
    give the person a seat carry the offering's dates as an ``.ics`` attachment.
    """
    if recipient is None:
        recipient = enrollment.user
    with translation.override(language):
        # The context holds formatted dates and labels: built in the recipient's language.
        context = email_context(enrollment, event, recipient, **extra)
        message = render_message(
            f"{TEMPLATE_DIR}/{event}",
            context,
            to=to,
            language=language,
            headers={EVENT_HEADER: event},
            reply_to=context["contact"].get("email") or "",
        )
        if event in CALENDAR_EVENTS and context["holds_seat"]:
            from courses.calendar import offering_ics

            ics = offering_ics(
                enrollment.offering,
                for_participant=True,
                url=context["module_url"] or context["my_trainings_url"],
            )
            # Text, not bytes: the task's arguments must be JSON-serialisable.
            message.attach(f"termin-{enrollment.offering.pk}.ics", ics.decode(), "text/calendar")
    return message


def email_context(enrollment, event: str, recipient=None, **extra) -> dict:
    """Everything the templates show; call it with the recipient's language active."""
    from courses.models import Enrollment

    offering = enrollment.offering
    module = offering.module.localized
    title = module.title
    if offering.title_suffix:
        title = f"{title} – {offering.title_suffix}"
    now = timezone.now()
    sessions = offering.ordered_sessions
    holds_seat = enrollment.status == Enrollment.Status.CONFIRMED and not offering.is_cancelled
    reason = extra.get("reason") or ""
    if not reason and event == DECLINED:
        reason = enrollment.decline_reason
    if not reason and event == OFFERING_CANCELLED:
        reason = offering.cancellation_reason
    can_cancel = enrollment.is_active and not offering.has_started(now)
    # What the person gave up (``CANCELLED_BY_PERSON``): the words follow ``courses.withdrawal``.
    previous_status = extra.get("previous_status") or ""
    person = enrollment.user
    deadline = offering.cancellation_deadline
    if not (holds_seat and deadline and deadline > now):
        deadline = None
    return {
        "event": event,
        "language": translation.get_language(),
        "enrollment": enrollment,
        "offering": offering,
        "recipient": recipient,
        "name": (recipient.get_full_name() if recipient else "").strip(),
        "person": person,
        "person_name": (person.get_full_name() or person.email) if person else "",
        "title": title,
        "sessions": sessions,
        "first_session": sessions[0] if sessions else None,
        "format": offering.get_format_display(),
        "region": offering.region.label,
        "holds_seat": holds_seat,
        "venue": offering.venue.strip() if holds_seat else "",
        "online_access": offering.online_access.strip() if holds_seat else "",
        "position": enrollment.waitlist_position(),
        "reason": reason.strip(),
        "late": enrollment.late_cancellation,
        "previous_status": previous_status,
        "withdrawal": withdrawal_kind(previous_status),
        "cancellation_deadline": deadline,
        "deadline_text": _date_and_time(deadline) if deadline else "",
        "module_url": page_url(module),
        "my_trainings_url": absolute_url(reverse("courses:my_trainings")),
        "cancel_url": (
            absolute_url(reverse("courses:cancel", args=[enrollment.pk])) if can_cancel else ""
        ),
        "admin_url": _admin_url(offering),
        "offer_url": (
            absolute_url(reverse("courses:offer", args=[enrollment.pk]))
            if enrollment.status == Enrollment.Status.OFFERED
            else ""
        ),
        "offer_deadline_text": (
            _date_and_time(enrollment.offer_expires_at) if enrollment.offer_expires_at else ""
        ),
        "evaluation_url": (
            absolute_url(reverse("courses:evaluate", args=[enrollment.pk]))
            if event == EVALUATION_REQUEST
            else ""
        ),
        "contact": contact(),
        "site_name": site_name(),
        "base_url": absolute_url("/"),
    }


def withdrawal_kind(previous_status: str) -> str:
    """``"cancel"``, ``"leave_waitlist"`` or ``"withdraw_request"``: which of the three
    situations of ``courses.withdrawal`` a mail about giving up an enrolment speaks of."""
    from courses import withdrawal

    wording = withdrawal.BY_STATUS.get(previous_status, withdrawal.CANCEL)
    if wording is withdrawal.LEAVE_WAITLIST:
        return "leave_waitlist"
    if wording is withdrawal.WITHDRAW_REQUEST:
        return "withdraw_request"
    return "cancel"


def _date_and_time(moment) -> str:
    """Date and time in the active language, e.g. "11. Dezember 2026, 18:00"."""
    local = timezone.localtime(moment)
    return f"{date_format(local, 'DATE_FORMAT')}, {local:%H:%M}"


def _admin_url(offering) -> str:
    return absolute_url(reverse("offerings:participants", args=[offering.pk]))


def contact() -> dict:
    """The organisation's contact details from the default site's settings (may be empty)."""
    from wagtail.models import Site

    from portal.models import SiteSettings

    site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    site_settings = SiteSettings.objects.filter(site=site).first() if site else None
    if site_settings is None:
        return {}
    return {
        "organisation": site_settings.organisation,
        "address": site_settings.address,
        "email": site_settings.email,
        "phone": site_settings.phone,
        "office_hours": site_settings.office_hours,
    }


# Sending ----------------------------------------------------------------------------------------


def _load(enrollment_pk):
    from courses.models import Enrollment

    return (
        Enrollment.objects.select_related("user", "offering__module", "offering__region")
        .prefetch_related("offering__sessions")
        .filter(pk=enrollment_pk)
        .first()
    )


def _send(enrollment_pk, event, context):
    enrollment = _load(enrollment_pk)
    if enrollment is None or enrollment.user is None or not enrollment.user.email:
        return
    user = enrollment.user
    send_after_commit(build_message(enrollment, event, user.email, user.language, **context))


def responsible_coordinators(offering=None):
    """The coordinators told about an offering (a late cancellation, a missed minimum): the
    coordinators of its module's project (``portal.projects.people_to_tell``)."""
    from portal.projects import people_to_tell

    return people_to_tell(offering.module.project_id if offering is not None else None)


def _send_to_coordinators(enrollment_pk, event):
    enrollment = _load(enrollment_pk)
    if enrollment is None:
        return
    for coordinator in responsible_coordinators(enrollment.offering):
        send_after_commit(
            build_message(
                enrollment, event, coordinator.email, coordinator.language, recipient=coordinator
            )
        )
