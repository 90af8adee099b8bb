import functools

from django import template
from django.utils.dateformat import format as format_date
from django.utils.formats import get_format
from django.utils.html import format_html_join
from django.utils.translation import get_language

register = template.Library()


@register.filter
def free_seats(offering) -> int:
    """Free places of an offering annotated with ``with_seat_counts()``."""
    return max(0, offering.capacity - offering.seats_taken)


@register.filter
def session_items(offering):
    """The ``<li>`` of each session of ``offering`` (``offering_dates.html``): "Di., 1. Dezember
    2026, 09:00–16:00" in a ``<time>``. One date format per session instead of six template
    filters: on the catalogue these lines were a tenth of the page's time."""
    language = get_language()
    return format_html_join(
        "",
        '<li><time datetime="{}T{}">{}, {}–{}</time></li>',
        (
            (
                session.date.isoformat(),
                f"{session.start_time:%H:%M}",
                _day(session.date, language),
                f"{session.start_time:%H:%M}",
                f"{session.end_time:%H:%M}",
            )
            for session in sessions_of(offering)
        ),
    )


def sessions_of(offering):
    """The offering's sessions in order: the plain rows ``courses.catalog.attach_sessions``
    read, else the (prefetched) related sessions."""
    rows = getattr(offering, "session_rows", None)
    return offering.sessions.all() if rows is None else rows


@functools.lru_cache(maxsize=4096)
def _day(date, language) -> str:
    """The day as "Di., 1. Dezember 2026": the same for every offering on it, per language."""
    return format_date(date, "D, " + get_format("DATE_FORMAT"))


@register.filter
def withdraw_label(enrollment) -> str:
    """The link that gives up ``enrollment``, named by its state (``courses.withdrawal``)."""
    from courses.withdrawal import wording

    return wording(enrollment).action


@register.simple_tag
def offering_card(offering, with_button=False):
    """The ``<li>`` of one offering in the catalogue or on a module page (``courses.cards``)."""
    from courses.cards import offering_card as card

    return card(offering, with_button)


@register.simple_tag
def module_card(module, query=""):
    """The ``<li>`` of one module in the catalogue's results (``courses.cards``)."""
    from courses.cards import module_card as card

    return card(module, query)
