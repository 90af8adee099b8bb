"""The offering card (dates, format and region, free seats, and on a module page the enrolment
and calendar links), rendered in Python.

The catalogue shows up to thirty of these cards and a module page all of a module's dates. As
an ``{% include %}`` with two nested includes each card cost about a quarter of the
catalogue's rendering time (a context push, the tag lookups and the ``{% blocktranslate %}``
machinery per card); here it is a few string joins. The HTML is the same the templates made
(``tests/courses/test_cards.py`` compares them): the msgids are the templates' own, so the
translations in ``locale/`` still apply. ``courses/includes/seats.html`` and
``offering_dates.html`` stay for the pages that show a single offering.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.formats import date_format, localize
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language_info, gettext, ngettext

from courses.models.pages import Format
from courses.reserved_seats import reserved_texts
from courses.templatetags.courses_tags import free_seats, session_items, sessions_of
from portal.search import highlight


def offering_card(offering, with_button: bool = False) -> SafeString:
    """One ``<li class="offering">`` of a catalogue card or a module page's dates."""
    region = conditional_escape(getattr(offering.region, "label", ""))
    # A professional exchange meeting ("Fachaustausch") is marked as such: no training with a
    # certificate, a meeting among colleagues.
    exchange = offering.format == Format.EXCHANGE
    parts = [
        '\n<li class="offering">\n  <div class="offering__when"><ul class="plain dates">',
        session_items(offering),
        '</ul>\n</div>\n  <div class="offering__where">\n    ',
        '<span class="badge badge--exchange">' if exchange else "<span>",
        conditional_escape(offering.get_format_display()),
        "</span> · <span>",
        region,
        "</span>\n    ",
    ]
    if offering.title_suffix:
        parts.append(format_html('<br><span class="muted">{}</span>', offering.title_suffix))
    parts.append("\n    ")
    if offering.requires_approval:
        approval = escape_gettext(gettext("Enrolment requires approval"))
        parts += ['<br><span class="muted">', approval, "</span>"]
    parts += ['\n  </div>\n  <div class="offering__seats">', seats(offering)]
    for text in reserved_texts(offering):
        parts += ['<br><span class="muted">', conditional_escape(text), "</span>"]
    parts.append("\n</div>\n  ")
    if with_button:
        parts.append(_actions(offering, region))
    parts.append("\n</li>\n")
    return mark_safe("".join(parts))  # every value above is escaped


def seats(offering) -> str:
    """The free places, or "fully booked" with the waiting list (``seats.html``)."""
    free = free_seats(offering)
    if free:
        text = ngettext(
            "%(counter)s of %(capacity)s place free",
            "%(counter)s of %(capacity)s places free",
            free,
        ) % {
            "counter": localize(free),
            "capacity": conditional_escape(localize(offering.capacity)),
        }
        return f'<span class="badge badge--free">{text}</span>'
    waiting = getattr(offering, "waitlist_length", 0)
    if waiting:
        text = ngettext(
            "%(counter)s person on the waiting list",
            "%(counter)s people on the waiting list",
            waiting,
        ) % {"counter": localize(waiting)}
    else:
        text = escape_gettext(gettext("waiting list open"))
    full = escape_gettext(gettext("Fully booked"))
    return f'<span class="badge badge--full">{full}</span> <span class="muted">{text}</span>'


def _actions(offering, region: str) -> str:
    """Enrol (or join the waiting list) and add to the calendar, on a module page."""
    sessions = sessions_of(offering)
    day = date_format(sessions[0].date, "DATE_FORMAT") if sessions else ""
    action = gettext("Enrol") if free_seats(offering) else gettext("Join the waiting list")
    action = escape_gettext(action)
    add = escape_gettext(gettext("Add to calendar"))
    return (
        '\n    <div class="offering__action">\n'
        f'      <a class="button" href="{reverse("courses:enroll", args=[offering.pk])}">'
        f'{action}<span class="visually-hidden"> – {day}, {region}</span></a>\n'
        f'      <a href="{reverse("courses:offering_ics", args=[offering.pk])}">'
        f'{add}<span class="visually-hidden"> ({day})</span></a>\n'
        "    </div>\n  "
    )


def escape_gettext(text: str) -> str:
    """A translation as ``{% translate %}`` puts it into HTML: escaped.

    Every msgid here is a literal inside ``gettext(...)`` outside an f-string, so that
    ``makemessages`` (xgettext) finds it; a wrapper function or an f-string would hide it and
    the msgid would drop out of the catalogues."""
    return conditional_escape(text)


def module_card(module, query: str = "") -> SafeString:
    """One ``<li class="module-card">`` of the catalogue's results: the module's title and
    teaser (search words marked), its topics and provider, and its next offerings (set by
    ``courses.catalog.attach_offerings``; ``card_url`` by ``courses.page_context``)."""
    pk, url = module.pk, conditional_escape(module.card_url)
    other = conditional_escape(module.other_language)
    lang = f' lang="{other}"' if other else ""
    link_language = f'{lang} hreflang="{other}"' if other else ""
    badge = ""
    if other:
        name = conditional_escape(gettext(get_language_info(module.other_language)["name"]))
        in_language = gettext("in %(language)s") % {"language": name}
        badge = f'<p><span class="badge">{in_language}</span></p>'
    topics = "".join(f"<li>{conditional_escape(topic.label)}</li>" for topic in module.card_topics)
    provider = ""
    if module.provider:
        name = highlight(module.provider.short_name or module.provider.name, query)
        label = escape_gettext(gettext("Provider"))
        provider = f'<p class="muted">{label}: {name}</p>'
    topics_label = escape_gettext(gettext("Topics"))
    return mark_safe(  # every value is escaped above or by highlight()
        f'\n          <li class="module-card">\n'
        f'            <article aria-labelledby="module-{pk}">\n'
        f'              <h3 id="module-{pk}"><a href="{url}"{link_language}>'
        f"{highlight(module.title, query)}</a></h3>\n"
        f"              {badge}\n"
        f"              <p{lang}>{highlight(module.teaser, query)}</p>\n"
        f'              <ul class="tags" aria-label="{topics_label}">{topics}</ul>\n'
        f"              {provider}\n"
        f"              {_next_dates(module, url)}\n"
        "            </article>\n          </li>\n        "
    )


def _next_dates(module, url: str) -> str:
    if not module.next_offerings:
        no_dates = escape_gettext(gettext("No dates are scheduled at the moment."))
        return f'\n                <p class="muted">{no_dates}</p>\n              '
    cards = "".join(offering_card(offering) for offering in module.next_offerings)
    more = ""
    if module.more_offerings:
        text = ngettext("%(counter)s more date", "%(counter)s more dates", module.more_offerings)
        text %= {"counter": localize(module.more_offerings)}
        more = f'<p><a href="{url}#termine">{text}</a></p>'
    next_dates = escape_gettext(gettext("Next dates"))
    return (
        f"\n                <h4>{next_dates}</h4>\n"
        '                <ul class="offerings plain">\n'
        f"                  {cards}\n"
        "                </ul>\n"
        f"                {more}\n              "
    )
