"""Who hears about a consultation or in-house request, and the mails they get.

A request reaches two sides, after the transaction that created it commits:

- the responsible coordination (``responsible_coordinators``) gets "a new request", with a link
  to the request in the admin;
- the requester gets a confirmation, with a link to "Meine Fortbildungen", where their requests
  are listed.

Neither mail carries what was asked: the text of a request may hold sensitive details of a
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

CONSULTATION = "consultation"
IN_HOUSE = "in_house"

#: kind -> (label, admin URL name of the request's edit view)
KINDS = {
    CONSULTATION: (_("Consultation request"), "needs_consultations:edit"),
    IN_HOUSE: (_("In-house training request"), "needs_in_house:edit"),
}

TEMPLATE_DIR = "needs_analysis/emails"
RECEIVED = "request_received"  # to the coordination
CONFIRMED = "request_confirmed"  # to the requester
EVENT_HEADER = "X-Needs-Event"


def responsible_coordinators(region) -> QuerySet:
    """The coordinators who are told about a request from ``region``.

    Today coordinators have no region of responsibility (their profile region is where they
    work, not what they cover), so this is every active member of the coordination group with
    an address and a second factor: without one they could not open the request in the admin
    (``portal.mfa``). ``region`` is not used yet.

    Extension point for R10 (projects): once a coordinator belongs to a ``Project`` with
    regions, keep the coordinators of the projects whose regions cover ``region``, that is a
    project region in ``{region.pk} | region.ancestor_ids()``; fall back to everybody above
    when no project covers it, so that no request goes unseen. Callers need not change.
    """
    from allauth.mfa.models import Authenticator

    from portal.mfa import SECOND_FACTORS
    from portal.models import User
    from portal.roles import COORDINATORS

    verified = Authenticator.objects.filter(type__in=SECOND_FACTORS).values("user_id")
    return (
        User.objects.filter(groups__name=COORDINATORS, is_active=True, pk__in=verified)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


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
    for coordinator in responsible_coordinators(request.region):
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
