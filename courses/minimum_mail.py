"""The two mails of the minimum number of participants (``courses.services.minimums``).

- ``below_minimum``: to the responsible coordination (``courses.notifications
  .responsible_coordinators``, the same people who hear about late cancellations), once per
  offering, when it is still below its minimum in the warning window before its go/no-go date:
  how many have confirmed, the minimum, the decision date and a link to the decision in the
  admin.
- ``offering_runs``: to every confirmed participant, when the coordination decided that the
  offering takes place ("Findet statt") and chose to tell them.

Both are built after the commit from the committed state, in each recipient's language, from
``templates/courses/emails/<event>{_subject.txt,.txt,.html}`` (``portal.mail.render_message``)
and queued by ``portal.mail.send_after_commit``.
"""

from __future__ import annotations

from functools import partial

from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from courses.notifications import (
    EVENT_HEADER,
    TEMPLATE_DIR,
    contact,
    email_context,
    responsible_coordinators,
)
from portal.mail import (
    absolute_url,
    on_commit_unless_suppressed,
    page_url,
    render_message,
    send_after_commit,
    site_name,
)

BELOW_MINIMUM = "below_minimum"
OFFERING_RUNS = "offering_runs"


def tell_coordination(offering) -> None:
    """Queue the mail "below the minimum" about ``offering`` for after the commit."""
    on_commit_unless_suppressed(partial(_send_to_coordination, offering.pk))


def _load_offering(pk):
    from courses.models import Offering
    from courses.services.minimums import with_minimum_state

    return (
        with_minimum_state(Offering.objects.filter(pk=pk))
        .select_related("module", "region")
        .prefetch_related("sessions")
        .first()
    )


def _send_to_coordination(pk) -> None:
    offering = _load_offering(pk)
    if offering is None:
        return
    for coordinator in responsible_coordinators(offering):
        send_after_commit(coordination_message(offering, coordinator))


def decision_url(offering) -> str:
    """The admin page where the coordination decides (cancel or confirm)."""
    from courses.admin_minimums import CANCEL_URL_NAME

    return absolute_url(reverse(CANCEL_URL_NAME, args=[offering.pk]))


def coordination_message(offering, coordinator):
    """The mail "below the minimum" for ``coordinator``, in their language. ``offering``
    carries ``confirmed_count`` (``courses.services.minimums.with_minimum_state``)."""
    language = coordinator.language
    with translation.override(language):
        module = offering.module.localized
        title = module.title
        if offering.title_suffix:
            title = f"{title} – {offering.title_suffix}"
        context = {
            "event": BELOW_MINIMUM,
            "offering": offering,
            "recipient": coordinator,
            "name": coordinator.get_full_name().strip(),
            "title": title,
            "sessions": offering.ordered_sessions,
            "format": offering.get_format_display(),
            "region": offering.region.label,
            "confirmed": offering.confirmed_count,
            "minimum": offering.minimum_participants,
            "decision_date": date_format(offering.decision_date, "DATE_FORMAT"),
            "module_url": page_url(module),
            "admin_url": absolute_url(reverse("offerings:participants", args=[offering.pk])),
            "decision_url": decision_url(offering),
            "dashboard_url": absolute_url(reverse("wagtailadmin_home")),
            "contact": contact(),
            "site_name": site_name(),
            "base_url": absolute_url("/"),
        }
        return render_message(
            f"{TEMPLATE_DIR}/{BELOW_MINIMUM}",
            context,
            to=coordinator.email,
            language=language,
            headers={EVENT_HEADER: BELOW_MINIMUM},
        )


def tell_participants(offering) -> None:
    """Queue the mail "your training takes place" to the confirmed participants of
    ``offering`` for after the commit (they are read then)."""
    on_commit_unless_suppressed(partial(_send_to_participants, offering.pk))


def _send_to_participants(pk) -> None:
    from courses.models import Enrollment

    enrollments = (
        Enrollment.objects.confirmed()
        .filter(offering_id=pk, user__is_active=True)
        .exclude(user__email="")
        .select_related("user", "offering__module", "offering__region")
        .prefetch_related("offering__sessions")
        .order_by("pk")
    )
    for enrollment in enrollments:
        send_after_commit(participant_message(enrollment))


def participant_message(enrollment):
    """The mail "your training takes place" for the enrolled person, in their language."""
    user = enrollment.user
    with translation.override(user.language):
        context = email_context(enrollment, OFFERING_RUNS)
        return render_message(
            f"{TEMPLATE_DIR}/{OFFERING_RUNS}",
            context,
            to=user.email,
            language=user.language,
            headers={EVENT_HEADER: OFFERING_RUNS},
            reply_to=context["contact"].get("email") or "",
        )
