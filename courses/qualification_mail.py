"""The mail that tells a person their qualification is complete, with the certificate's page.

Built after the commit, from the committed certificate, in the holder's language, from
``templates/courses/emails/qualification_issued{_subject.txt,.txt,.html}``.
"""

from __future__ import annotations

from functools import partial

from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from courses.notifications import EVENT_HEADER, TEMPLATE_DIR, contact
from portal.mail import (
    absolute_url,
    on_commit_unless_suppressed,
    render_message,
    send_after_commit,
    site_name,
)

QUALIFICATION_ISSUED = "qualification_issued"


def tell_issued(certificate) -> None:
    """Queue the mail to the holder for after the current transaction."""
    on_commit_unless_suppressed(partial(_send, certificate.pk))


def _send(certificate_pk) -> None:
    from courses.models import Certificate

    certificate = Certificate.objects.select_related("holder").filter(pk=certificate_pk).first()
    if certificate is None or certificate.holder is None or not certificate.holder.email:
        return
    send_after_commit(message(certificate))


def message(certificate):
    holder = certificate.holder
    with translation.override(holder.language):
        context = {
            "name": holder.get_full_name().strip(),
            "title": certificate.module_title,
            "valid_until": (
                date_format(certificate.valid_until, "DATE_FORMAT")
                if certificate.valid_until
                else ""
            ),
            "certificate_url": absolute_url(
                reverse("courses:certificate_pdf", args=[certificate.code])
            ),
            "verification_url": absolute_url(certificate.get_absolute_url()),
            "my_trainings_url": absolute_url(reverse("courses:my_trainings")),
            "contact": contact(),
            "site_name": site_name(),
        }
        return render_message(
            f"{TEMPLATE_DIR}/{QUALIFICATION_ISSUED}",
            context,
            to=holder.email,
            language=holder.language,
            headers={EVENT_HEADER: QUALIFICATION_ISSUED},
            reply_to=context["contact"].get("email") or "",
        )
