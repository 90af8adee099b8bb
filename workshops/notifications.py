"""What a person hears about their workshop-talk registration: a confirmation with the talk's
calendar file, and a short note when the registration is cancelled.

``notify`` is called by ``workshops.services`` inside the transaction that changes the
registration; the mail is built after the commit from the committed state (a registration whose
person was deleted meanwhile gets none) by ``portal.mail.render_message`` in the person's
language, and queued by ``portal.mail.send_after_commit``. Templates:
``templates/workshops/emails/<event>_subject.txt``, ``<event>.txt``, ``<event>.html``.
"""

from __future__ import annotations

from functools import partial

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from portal.mail import (
    absolute_url,
    on_commit_unless_suppressed,
    render_message,
    send_after_commit,
    site_name,
)

REGISTERED = "registered"
CANCELLED = "cancelled"
EVENTS = (REGISTERED, CANCELLED)

TEMPLATE_DIR = "workshops/emails"
EVENT_HEADER = "X-Workshops-Event"


def notify(registration, event: str) -> None:
    """Tell the registered person about ``event``, after the current transaction commits."""
    if event not in EVENTS:
        raise ValueError(f"Unknown registration event: {event!r}")
    on_commit_unless_suppressed(partial(_send, registration.pk, event))


def _send(registration_pk: int, event: str) -> None:
    from workshops.models import WorkshopRegistration

    registration = (
        WorkshopRegistration.objects.select_related("user", "workshop__region")
        .filter(pk=registration_pk)
        .first()
    )
    if registration is None or registration.user is None or not registration.user.email:
        return
    send_after_commit(build_message(registration, event))


def build_message(registration, event: str) -> EmailMultiAlternatives:
    """The mail for ``event`` in the person's language; a confirmation of a registration that
    still holds carries the talk as an ``.ics`` file."""
    user = registration.user
    workshop = registration.workshop
    language = (user.language or settings.LANGUAGE_CODE)[:2]
    with translation.override(language):
        url = workshop_url(workshop, language)
        registered = registration.status == registration.Status.REGISTERED
        online = workshop.format != workshop.Format.IN_PERSON
        context = {
            "name": user.get_full_name().strip(),
            "title": workshop.title,
            "when": _when(workshop),
            "format": workshop.get_format_display(),
            "region": workshop.region.label,
            "venue": workshop.venue.strip() if not workshop.is_online else "",
            "online_access": (workshop.online_access.strip() if registered and online else ""),
            "workshop_url": url,
            "my_trainings_url": absolute_url(reverse("courses:my_trainings")),
            "site_name": site_name(),
            "base_url": absolute_url("/"),
            "contact": _contact(),
            "holds_seat": registered,
        }
        message = render_message(
            f"{TEMPLATE_DIR}/{event}",
            context,
            to=user.email,
            language=language,
            headers={EVENT_HEADER: event},
            reply_to=context["contact"].get("email") or "",
        )
        if event == REGISTERED and registered:
            from workshops.calendar import workshop_ics

            ics = workshop_ics(workshop, for_participant=True, url=url)
            # Text, not bytes: the task's arguments must be JSON-serialisable.
            message.attach(f"werkstattgespraech-{workshop.pk}.ics", ics.decode(), "text/calendar")
    return message


def _when(workshop) -> str:
    """The talk's date and time in the active language, e.g. "11. Dezember 2026, 18:00–21:00"
    (with the end's date if it ends on another day)."""
    start = timezone.localtime(workshop.starts_at)
    end = timezone.localtime(workshop.ends_at)
    text = f"{date_format(start, 'DATE_FORMAT')}, {start:%H:%M}–"
    if end.date() != start.date():
        text += f"{date_format(end, 'DATE_FORMAT')}, "
    return text + f"{end:%H:%M}"


def workshop_url(workshop, language: str) -> str:
    """The talk's page on the public address, in ``language`` if the listing has that
    translation; "" if no listing is published."""
    from workshops.models import WorkshopIndexPage

    pages = WorkshopIndexPage.objects.live()
    page = pages.filter(locale__language_code=language).first() or pages.first()
    parts = page.get_url_parts() if page else None
    if not parts:
        return ""
    return absolute_url(parts[2] + page.reverse_subpage("detail_route", args=[workshop.pk]))


def _contact() -> dict:
    from courses.notifications import contact

    return contact()
