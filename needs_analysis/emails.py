"""Mails of the needs analysis, built by ``portal.mail.render_message`` (the one renderer).

``templates/needs_analysis/emails/<event>_subject.txt``, ``<event>.txt`` and ``<event>.html``,
in the recipient's language; plain text unescaped, HTML escaped. Sent after the current
transaction commits (``portal.mail.send_after_commit``), so nothing is sent for a rolled-back
change.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.utils import translation
from django.utils.formats import date_format

from portal.mail import page_url, render_message, send_after_commit, site_name

OFFERING_OPENED = "offering_opened"
TEMPLATE_DIR = "needs_analysis/emails"
EVENT_HEADER = "X-Needs-Event"


def offering_opened_message(interest, offering) -> EmailMultiAlternatives:
    user = interest.user
    language = (getattr(user, "language", "") or settings.LANGUAGE_CODE)[:2]
    with translation.override(language):
        module = offering.module.localized
        first = offering.sessions.order_by("date", "start_time").first()
        context = {
            "name": user.first_name,
            "title": module.title,
            "region": offering.region.label,
            "format": offering.get_format_display(),
            "first_date": date_format(first.date, "DATE_FORMAT") if first else "",
            "module_url": page_url(module),
            "site_name": site_name(),
        }
    return render_message(
        f"{TEMPLATE_DIR}/{OFFERING_OPENED}",
        context,
        to=user.email,
        language=language,
        headers={EVENT_HEADER: OFFERING_OPENED},
    )


def send_offering_opened(interest, offering) -> None:
    send_after_commit(offering_opened_message(interest, offering))
