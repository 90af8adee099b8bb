# ruff: noqa: E501 - the templates below are kept line for line as they were
"""The offering and module cards rendered in Python (``courses/cards.py``) are the HTML the
templates made until R8: the templates are kept here and rendered beside them, for every kind
of card (free, fully booked with and without a waiting list, approval, a title suffix, another
language, a search term, more dates than shown)."""

import pytest
from django.template import engines
from django.test import RequestFactory
from django.utils import translation

from courses.cards import module_card, offering_card
from courses.catalog import module_offerings
from courses.models import CatalogPage, Offering
from courses.page_context import catalog_context
from tests.courses.catalog_data import offer
from tests.courses.factories import EnrollmentFactory
from tests.courses.test_catalog_queries import add_modules

pytestmark = pytest.mark.django_db

OFFERING_CARD = (  # templates/courses/includes/offering_card.html until R8
    "{% load i18n courses_tags %}\n"
    '<li class="offering">\n'
    '  <div class="offering__when">{% include "courses/includes/offering_dates.html" %}</div>\n'
    '  <div class="offering__where">\n'
    '    {% if offering.format == "exchange" %}<span class="badge badge--exchange">{% else %}<span>{% endif %}{{ offering.get_format_display }}</span> · <span>{{ offering.region.label }}</span>\n'
    '    {% if offering.title_suffix %}<br><span class="muted">{{ offering.title_suffix }}</span>{% endif %}\n'
    '    {% if offering.requires_approval %}<br><span class="muted">{% translate "Enrolment requires approval" %}</span>{% endif %}\n'
    "  </div>\n"
    '  <div class="offering__seats">{% include "courses/includes/seats.html" %}</div>\n'
    "  {% if with_button %}\n"
    '    <div class="offering__action">\n'
    '      <a class="button" href="{% url \'courses:enroll\' offering.pk %}">{% if offering|free_seats %}{% translate "Enrol" %}{% else %}{% translate "Join the waiting list" %}{% endif %}<span class="visually-hidden"> – {{ offering.sessions.all.0.date|date:"DATE_FORMAT" }}, {{ offering.region.label }}</span></a>\n'
    '      <a href="{% url \'courses:offering_ics\' offering.pk %}">{% translate "Add to calendar" %}<span class="visually-hidden"> ({{ offering.sessions.all.0.date|date:"DATE_FORMAT" }})</span></a>\n'
    "    </div>\n"
    "  {% endif %}\n"
    "</li>\n"
)

MODULE_CARD = (  # the loop body of templates/courses/catalog_page.html until R8
    "{% load i18n search_tags %}\n"
    '          <li class="module-card">\n'
    '            <article aria-labelledby="module-{{ module.pk }}">\n'
    '              <h3 id="module-{{ module.pk }}"><a href="{{ module.card_url }}"{% if module.other_language %} lang="{{ module.other_language }}" hreflang="{{ module.other_language }}"{% endif %}>{{ module.title|highlight:filters.query }}</a></h3>\n'
    '              {% if module.other_language %}<p><span class="badge">{% blocktranslate with language=module.other_language|language_name_translated %}in {{ language }}{% endblocktranslate %}</span></p>{% endif %}\n'
    '              <p{% if module.other_language %} lang="{{ module.other_language }}"{% endif %}>{{ module.teaser|highlight:filters.query }}</p>\n'
    '              <ul class="tags" aria-label="{% translate \'Topics\' %}">{% for topic in module.card_topics %}<li>{{ topic.label }}</li>{% endfor %}</ul>\n'
    '              {% if module.provider %}<p class="muted">{% translate "Provider" %}: {{ module.provider.short_name|default:module.provider.name|highlight:filters.query }}</p>{% endif %}\n'
    "              {% if module.next_offerings %}\n"
    '                <h4>{% translate "Next dates" %}</h4>\n'
    '                <ul class="offerings plain">\n'
    "                  {% for offering in module.next_offerings %}{% include card %}{% endfor %}\n"
    "                </ul>\n"
    '                {% if module.more_offerings %}<p><a href="{{ module.card_url }}#termine">{% blocktranslate count counter=module.more_offerings %}{{ counter }} more date{% plural %}{{ counter }} more dates{% endblocktranslate %}</a></p>{% endif %}\n'
    "              {% else %}\n"
    '                <p class="muted">{% translate "No dates are scheduled at the moment." %}</p>\n'
    "              {% endif %}\n"
    "            </article>\n"
    "          </li>\n"
    "        "
)


@pytest.fixture
def catalog(shared_site_pages):
    return CatalogPage.objects.get(locale__language_code="de")


@pytest.fixture
def modules(catalog):
    pages = add_modules(catalog, 3, offset=0)
    first, second, _third = pages
    for days in (20, 21, 22, 23):  # more dates than a card shows
        offer(first, days=days, status=Offering.Status.OPEN)
    full = offer(second, days=25, status=Offering.Status.OPEN, capacity=1)
    EnrollmentFactory(offering=full, status="confirmed")
    waiting = offer(
        second,
        days=26,
        status=Offering.Status.OPEN,
        capacity=1,
        requires_approval=True,
        title_suffix="<Abendkurs>",
    )
    EnrollmentFactory(offering=waiting, status="confirmed")
    EnrollmentFactory(offering=waiting, status="waitlisted")
    return pages


def engine_template(text):
    return engines["django"].from_string(text)


@pytest.mark.parametrize("language", ["de", "en"])
def test_offering_cards_read_as_before(modules, language):
    before = engine_template(OFFERING_CARD)
    with translation.override(language):
        for module in modules:
            for offering in module_offerings(module):
                for with_button in (False, True):
                    context = {"offering": offering, "with_button": with_button}
                    assert offering_card(offering, with_button) == before.render(context)


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("query", ["", "Modul Praxis"])
def test_module_cards_read_as_before(modules, language, query):
    before = engine_template(MODULE_CARD)
    path = "/fortbildungen/" if language == "de" else "/en/trainings/"
    request = RequestFactory().get(path, {"q": query} if query else {})
    with translation.override(language):
        results = catalog_context(request)["results"]
        assert results
        if language == "en":  # the German modules, marked as such
            assert all(module.other_language == "de" for module in results)
        for module in results:
            context = {
                "module": module,
                "filters": {"query": query},
                "card": engine_template(OFFERING_CARD),
            }
            assert module_card(module, query) == before.render(context)
