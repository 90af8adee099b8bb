"""Mails of the needs analysis, from templates in the recipient's language.

``templates/needs_analysis/emails/<event>_subject.txt``, ``<event>.txt`` and ``<event>.html``;
handed to the ``send_email`` background task after the current transaction commits
(``portal.emails.send_after_commit``), so nothing is sent for a rolled-back change.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format

from portal.mail import send_after_commit

OFFERING_OPENED = "offering_opened"
TEMPLATE_DIR = "needs_analysis/emails"
EVENT_HEADER = "X-Needs-Event"


def _site_url() -> str:
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).first()
    return site.root_url if site else ""


def offering_opened_message(interest, offering) -> EmailMultiAlternatives:
    user = interest.user
    language = (getattr(user, "language", "") or settings.LANGUAGE_CODE)[:2]
    with translation.override(language):
        module = offering.module.localized
        first = offering.sessions.order_by("date", "start_time").first()
        url = module.get_url() or ""
        if url.startswith("/"):
            url = _site_url() + url
        context = {
            "name": user.first_name,
            "title": module.title,
            "region": offering.region.label,
            "format": offering.get_format_display(),
            "first_date": date_format(first.date, "DATE_FORMAT") if first else "",
            "module_url": url,
            "site_name": getattr(settings, "WAGTAIL_SITE_NAME", ""),
            "language": language,
        }
        subject = " ".join(
            render_to_string(f"{TEMPLATE_DIR}/{OFFERING_OPENED}_subject.txt", context).split()
        )
        context["subject"] = subject
        body = render_to_string(f"{TEMPLATE_DIR}/{OFFERING_OPENED}.txt", context)
        html = render_to_string(f"{TEMPLATE_DIR}/{OFFERING_OPENED}.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        headers={EVENT_HEADER: OFFERING_OPENED, "Auto-Submitted": "auto-generated"},
    )
    message.attach_alternative(html, "text/html")
    return message


def send_offering_opened(interest, offering) -> None:
    send_after_commit(offering_opened_message(interest, offering))
