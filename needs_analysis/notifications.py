"""Who hears about a consultation or in-house request, and the mails they get.

A request reaches two sides, after the transaction that created it commits:

- the responsible coordination (``responsible_coordinators``) gets "a new request", with a link
  to the request in the admin;
- the requester gets a confirmation, with a link to "Meine Fortbildungen", where their requests
  are listed.

A message in the thread of a consultation request (``services.consultation.post_message``)
reaches the other side: a message of the coordination the professional, a message of the
professional the assigned coordinator (the responsible coordination while nobody is assigned).
It links to the request's page (``/mein-bereich/fachberatung/<pk>/`` or the admin's). A
coordinator a colleague assigned a consultation request to is told so (``notify_assigned``).

No mail carries what was asked or written: the text of a request may hold sensitive details of a
practice (or, despite the form's warning, of a client), and mail leaves the platform's access
control. Only the kind of request, its number and date, and the link go out.

Built by ``portal.mail.render_message`` from ``templates/needs_analysis/emails/request_*`` in
each recipient's language (``user.language``), queued by ``portal.mail.send_after_commit``.
"""

from __future__ import annotations

from functools import partial

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from portal.mail import (
    absolute_url,
    on_commit_unless_suppressed,
    render_message,
    send_after_commit,
    site_name,
)
from portal.projects import reachable

CONSULTATION = "consultation"
IN_HOUSE = "in_house"

#: kind -> (label, admin URL name of the request's edit view)
KINDS = {
    CONSULTATION: (_("Consultation request"), "needs_consultations:request"),
    IN_HOUSE: (_("In-house training request"), "needs_in_house:edit"),
}

TEMPLATE_DIR = "needs_analysis/emails"
RECEIVED = "request_received"  # to the coordination
CONFIRMED = "request_confirmed"  # to the requester
NEW_MESSAGE = "consultation_message"  # to the other side of a consultation's thread
ASSIGNED = "consultation_assigned"  # to the coordinator a colleague assigned it to
EVENT_HEADER = "X-Needs-Event"


def responsible_coordinators(request_or_region) -> QuerySet:
    """The coordinators who are told about a request (or a request from a region): those of
    its project (``ConsultationRequest.project``; for a region, the project of the region),
    by the one rule of ``portal.projects.people_to_tell``."""
    from portal.projects import people_to_tell, project_for_region

    if hasattr(request_or_region, "project_id"):
        project_id = request_or_region.project_id
    else:
        project_id = project_for_region(getattr(request_or_region, "pk", request_or_region))
    return people_to_tell(project_id)


def notify_request(kind: str, request) -> None:
    """Tell the coordination and the requester about a new request, after commit.

    Called by ``needs_analysis.services.intake`` inside the transaction that creates the
    request; a rolled-back request (or a double submit, which creates nothing) sends nothing.
    """
    if kind not in KINDS:
        raise ValueError(f"Unknown request kind: {kind!r}")
    on_commit_unless_suppressed(partial(_send, kind, request.pk))


def _model(kind):
    from needs_analysis.models import ConsultationRequest, InHouseRequest

    return ConsultationRequest if kind == CONSULTATION else InHouseRequest


def _send(kind: str, pk: int) -> None:
    request = _model(kind).objects.select_related("user", "region").filter(pk=pk).first()
    if request is None:
        return
    for coordinator in responsible_coordinators(request):
        send_after_commit(build_message(kind, request, coordinator, RECEIVED))
    requester = request.user
    if requester is not None and requester.email:
        send_after_commit(build_message(kind, request, requester, CONFIRMED))


def build_message(kind: str, request, recipient, event: str) -> EmailMultiAlternatives:
    """The mail ``event`` about ``request`` for ``recipient``, in the recipient's language."""
    language = (getattr(recipient, "language", "") or settings.LANGUAGE_CODE)[:2]
    label, admin_view = KINDS[kind]
    with translation.override(language):
        if event == RECEIVED:
            url = absolute_url(reverse(admin_view, args=[request.pk]))
        else:
            url = absolute_url(reverse("courses:my_trainings")) + "#my-requests"
        context = {
            "name": recipient.get_full_name().strip(),
            "kind": str(label),
            "number": request.pk,
            "date": date_format(timezone.localtime(request.created_at), "DATE_FORMAT"),
            "url": url,
            "site_name": site_name(),
            "base_url": absolute_url("/"),
            "contact": _contact() if event == CONFIRMED else {},
        }
        return render_message(
            f"{TEMPLATE_DIR}/{event}",
            context,
            to=recipient.email,
            language=language,
            headers={EVENT_HEADER: f"{kind}_{event}"},
        )


def _contact() -> dict:
    from courses.notifications import contact

    return contact()


def notify_message(message) -> None:
    """Tell the other side of the thread that there is a new message, after commit; the mail
    says only that, with the link (``services.consultation.post_message`` calls it)."""
    on_commit_unless_suppressed(partial(_send_message, message.pk))


def message_recipients(message) -> list:
    """Who hears about ``message``: the professional, or the assignee (while active, with an
    address), else the responsible coordination."""
    request = message.request
    if message.by_coordination:
        person = request.user
        return [person] if person is not None and person.is_active and person.email else []
    assignee = request.assigned_to
    if assignee is not None and reachable(type(assignee).objects.filter(pk=assignee.pk)):
        return [assignee]
    return list(responsible_coordinators(request))


def _send_message(pk: int) -> None:
    from needs_analysis.models import ConsultationMessage

    message = (
        ConsultationMessage.objects.select_related("request__user", "request__assigned_to")
        .filter(pk=pk)
        .first()
    )
    if message is None:
        return
    for recipient in message_recipients(message):
        send_after_commit(build_message_mail(message, recipient))


def notify_assigned(request, by) -> None:
    """Tell the coordinator ``request`` was assigned to, after commit, unless they assigned it
    to themselves (``services.consultation.assign`` calls it)."""
    if request.assigned_to_id is None or request.assigned_to_id == getattr(by, "pk", None):
        return
    on_commit_unless_suppressed(partial(_send_assigned, request.pk, request.assigned_to_id))


def _send_assigned(pk: int, assignee_id: int) -> None:
    from needs_analysis.models import ConsultationRequest

    request = ConsultationRequest.objects.select_related("assigned_to").filter(pk=pk).first()
    # Assigned to somebody else meanwhile, or not reachable: nothing to say.
    if request is None or request.assigned_to_id != assignee_id:
        return
    assignee = request.assigned_to
    if not reachable(type(assignee).objects.filter(pk=assignee.pk)).exists():
        return
    language = (assignee.language or settings.LANGUAGE_CODE)[:2]
    with translation.override(language):
        context = {
            "name": assignee.get_full_name().strip(),
            "kind": str(KINDS[CONSULTATION][0]),
            "number": request.pk,
            "date": date_format(timezone.localtime(request.created_at), "DATE_FORMAT"),
            "url": absolute_url(reverse("needs_consultations:request", args=[request.pk])),
            "site_name": site_name(),
            "base_url": absolute_url("/"),
        }
        send_after_commit(
            render_message(
                f"{TEMPLATE_DIR}/{ASSIGNED}",
                context,
                to=assignee.email,
                language=language,
                headers={EVENT_HEADER: f"{CONSULTATION}_assigned"},
            )
        )


def build_message_mail(message, recipient) -> EmailMultiAlternatives:
    """ "There is a new message on your consultation request", in the recipient's language,
    with the link to the request's page (the professional's or the admin's)."""
    language = (getattr(recipient, "language", "") or settings.LANGUAGE_CODE)[:2]
    request = message.request
    with translation.override(language):
        if message.by_coordination:
            path = reverse("needs_analysis:my_consultation", args=[request.pk])
        else:
            path = reverse("needs_consultations:request", args=[request.pk])
        context = {
            "name": recipient.get_full_name().strip(),
            "kind": str(KINDS[CONSULTATION][0]),
            "number": request.pk,
            "date": date_format(timezone.localtime(request.created_at), "DATE_FORMAT"),
            "url": absolute_url(path),
            "site_name": site_name(),
            "base_url": absolute_url("/"),
            "to_coordination": not message.by_coordination,
        }
        return render_message(
            f"{TEMPLATE_DIR}/{NEW_MESSAGE}",
            context,
            to=recipient.email,
            language=language,
            headers={EVENT_HEADER: f"{CONSULTATION}_message"},
        )
