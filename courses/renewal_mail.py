"""The reminder that a certificate expires soon (``courses.services.renewal_reminders``).

Built after the commit of the claim, from the committed certificate, in the holder's
language, from ``templates/courses/emails/renewal_reminder{_subject.txt,.txt,.html}``
(``portal.mail.render_message``): which certificate, until when, that a refresher renews it,
and the refreshers' next offerings in the holder's region; without an offering, the
refreshers' pages (where the person can express interest) and the coordination's contact.
"""

from __future__ import annotations

import datetime
from functools import partial

from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from courses.notifications import EVENT_HEADER, TEMPLATE_DIR, contact
from portal.mail import (
    absolute_url,
    on_commit_unless_suppressed,
    page_url,
    render_message,
    send_after_commit,
    site_name,
)

RENEWAL_REMINDER = "renewal_reminder"


def remind(certificate, stage: int, today: datetime.date) -> None:
    """Queue the reminder (``stage``: 90 or 30 days) for after the current transaction."""
    on_commit_unless_suppressed(partial(_send, certificate.pk, stage, today))


def _send(certificate_pk, stage, today) -> None:
    from courses.models import Certificate

    certificate = (
        Certificate.objects.select_related(
            "holder__region", "qualification", "enrollment__offering__module"
        )
        .filter(pk=certificate_pk)
        .first()
    )
    if certificate is None or certificate.holder is None or not certificate.holder.email:
        return
    if certificate.is_revoked or certificate.valid_until is None:
        return  # changed since the claim: nothing to remind of
    send_after_commit(message(certificate, stage, today))


def certificate_title(certificate) -> str:
    """The qualification's or module's title in the active language; the certificate's
    snapshot when the page is gone."""
    if certificate.is_qualification:
        page = certificate.qualification
    else:
        page = certificate.enrollment.offering.module if certificate.enrollment_id else None
    return page.localized.title if page is not None else certificate.module_title


def _offering(offering) -> dict:
    module = offering.module.localized
    title = module.title
    if offering.title_suffix:
        title = f"{title} – {offering.title_suffix}"
    return {
        "title": title,
        "sessions": offering.ordered_sessions,
        "format": offering.get_format_display(),
        "region": offering.region.label,
        "url": page_url(module),
    }


def message(certificate, stage: int, today: datetime.date):
    """The reminder for the holder of ``certificate``, in their language."""
    from courses.services.renewal_reminders import refresher_modules, refresher_offerings

    holder = certificate.holder
    region = holder.region
    with translation.override(holder.language):
        offerings = refresher_offerings(certificate, region, today)
        refreshers = [] if offerings else [m.localized for m in refresher_modules(certificate)]
        context = {
            "name": holder.get_full_name().strip(),
            "title": certificate_title(certificate),
            "is_qualification": certificate.is_qualification,
            "stage": stage,
            "days_left": (certificate.valid_until - today).days,
            "valid_until": date_format(certificate.valid_until, "DATE_FORMAT"),
            "valid_until_iso": certificate.valid_until.isoformat(),
            "region": region.label if region is not None else "",
            "offerings": [_offering(o) for o in offerings],
            "refreshers": [{"title": m.title, "url": page_url(m)} for m in refreshers],
            "verification_url": absolute_url(certificate.get_absolute_url()),
            "my_trainings_url": absolute_url(reverse("courses:my_trainings")),
            "contact": contact(),
            "site_name": site_name(),
            "base_url": absolute_url("/"),
        }
        return render_message(
            f"{TEMPLATE_DIR}/{RENEWAL_REMINDER}",
            context,
            to=holder.email,
            language=holder.language,
            headers={EVENT_HEADER: RENEWAL_REMINDER},
            reply_to=context["contact"].get("email") or "",
        )
