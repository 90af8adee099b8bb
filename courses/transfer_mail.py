"""The mail that asks a participant for the transfer survey (``courses.services.transfer``).

Built after the commit of the claim, from the committed state, in the recipient's language,
from ``templates/courses/emails/transfer_survey{_subject.txt,.txt,.html}``
(``portal.mail.render_message``) and queued by ``portal.mail.send_after_commit``: nothing is
sent for a rolled-back claim. The context is the enrolment mails' (``courses.notifications``)
plus the survey's address.
"""

from __future__ import annotations

from functools import partial

from django.urls import reverse
from django.utils import translation

from courses.notifications import EVENT_HEADER, TEMPLATE_DIR, email_context
from portal.mail import (
    absolute_url,
    on_commit_unless_suppressed,
    render_message,
    send_after_commit,
)

TRANSFER_SURVEY = "transfer_survey"


def ask(enrollment) -> None:
    """Queue the survey mail to the enrolled person for after the current transaction."""
    on_commit_unless_suppressed(partial(_send, enrollment.pk))


def _send(enrollment_pk) -> None:
    from courses.models import Enrollment

    enrollment = (
        Enrollment.objects.select_related("user", "offering__module", "offering__region")
        .prefetch_related("offering__sessions")
        .filter(pk=enrollment_pk)
        .first()
    )
    if enrollment is None or enrollment.user is None or not enrollment.user.email:
        return
    send_after_commit(message(enrollment))


def message(enrollment):
    """The survey mail for the enrolled person, in their language."""
    user = enrollment.user
    with translation.override(user.language):
        context = {
            **email_context(enrollment, TRANSFER_SURVEY),
            "transfer_url": absolute_url(reverse("courses:transfer_survey", args=[enrollment.pk])),
        }
        return render_message(
            f"{TEMPLATE_DIR}/{TRANSFER_SURVEY}",
            context,
            to=user.email,
            language=user.language,
            headers={EVENT_HEADER: TRANSFER_SURVEY},
            reply_to=context["contact"].get("email") or "",
        )
